/**
 * A noise-prediction model folder (`config.json` + `onnx/model.onnx`): read and validated
 * (common/diffusion.ts diffusionConfigSchema), resolved by id, and run as a Denoiser with
 * classifier-free guidance through the engine's runtime, reusing its input buffers and
 * tensors across steps.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { z } from 'zod';

import { diffusionConfigSchema, type DiffusionConfig } from '../../common/diffusion.js';
import { LabError } from '../../common/errors.js';
import type { Rng } from '../random/rng.js';
import { float32Tensor, int64Tensor, type OpenedSession, type Runtime, type SessionFeeds, type Tensor } from '../runtime/ort.js';
import { guide } from './guidance.js';
import { rgbBytes } from './image.js';
import { gaussianNoise } from './noise.js';
import { runSampler, type Denoiser } from './sample.js';
import { ddim } from './samplers/ddim.js';
import { noiseSchedule, type NoiseSchedule } from './schedule.js';

export type { DiffusionConfig } from '../../common/diffusion.js';

export interface DiffusionModel {
  folder: string;
  config: DiffusionConfig;
  schedule: NoiseSchedule;
  onnxPath: string;
}

/** The schedule a config declares. */
export function scheduleOf(config: DiffusionConfig): NoiseSchedule {
  const options: { betaStart?: number; betaEnd?: number } = {};
  if (config.beta_start !== undefined) options.betaStart = config.beta_start;
  if (config.beta_end !== undefined) options.betaEnd = config.beta_end;
  return noiseSchedule(config.beta_schedule, config.num_train_timesteps, options);
}

/** Parses config.json text; a LabError 'modelInvalid' says what is wrong. */
export function parseDiffusionConfig(text: string, where = 'config.json'): DiffusionConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new LabError('modelInvalid', { messageKey: 'error.diffusion.configInvalid', params: { file: where }, detail: String(error) });
  }
  const parsed = diffusionConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LabError('modelInvalid', {
      messageKey: 'error.diffusion.configInvalid',
      params: { file: where },
      detail: z.prettifyError(parsed.error),
    });
  }
  return parsed.data;
}

/** @example (await loadDiffusionModel('models/builtin/shapes-diffusion')).config.sample_size // → 32 */
export async function loadDiffusionModel(folder: string): Promise<DiffusionModel> {
  let text: string;
  try {
    text = await readFile(join(folder, 'config.json'), 'utf8');
  } catch (error) {
    throw new LabError('modelInvalid', {
      messageKey: 'error.diffusion.configInvalid',
      params: { file: 'config.json' },
      detail: `${folder}: ${String(error)}`,
    });
  }
  const config = parseDiffusionConfig(text);
  return { folder, config, schedule: scheduleOf(config), onnxPath: join(folder, 'onnx', 'model.onnx') };
}

/** Model id → folder: the app's built-ins win over the user's model folder (as for CLIP). */
export async function resolveDiffusionFolder(id: string, dirs: { builtin: string; user: string }): Promise<string> {
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(id))
    throw new LabError('validation', { messageKey: 'error.diffusion.modelNotFound', params: { id: id.slice(0, 100) } });
  for (const dir of [dirs.builtin, dirs.user]) {
    const folder = join(dir, id);
    if (
      await stat(join(folder, 'config.json')).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      return folder;
  }
  throw new LabError('notFound', {
    messageKey: 'error.diffusion.modelNotFound',
    params: { id },
    detail: `no ${id}/config.json in ${dirs.builtin} or ${dirs.user}`,
  });
}

export interface OnnxDenoiser extends Denoiser {
  readonly opened: OpenedSession;
  /** Rows per network call: the batch, doubled with guidance. */
  readonly rows: number;
  /** The exact feeds of the last call (the benchmark runs `session.run` on them bare). */
  readonly feeds: SessionFeeds;
}

export interface DenoiserRequest {
  /** Images per call. */
  batch: number;
  /** One condition vector per image, or null for the unconditional model / a model without a condition input. */
  conditions: readonly Float32Array[] | null;
  /** Classifier-free guidance scale; 1 runs the conditional branch only, anything else both in one call. */
  guidance: number;
}

/**
 * Opens (or reuses) the model's session and returns a Denoiser that fills preallocated
 * input buffers in place, so a step allocates only what onnxruntime returns.
 */
export async function openDenoiser(runtime: Runtime, model: DiffusionModel, request: DenoiserRequest): Promise<OnnxDenoiser> {
  const { config } = model;
  const { batch } = request;
  if (!Number.isInteger(batch) || batch < 1 || batch > 256)
    throw new LabError('validation', { detail: `between 1 and 256 images per call, got ${batch}` });
  const conditionName = config.inputs.condition;
  const dim = config.condition_dim ?? 0;
  if (conditionName && dim < 1)
    throw new LabError('modelInvalid', {
      messageKey: 'error.diffusion.configInvalid',
      params: { file: 'config.json' },
      detail: 'a condition input needs condition_dim',
    });
  for (const condition of request.conditions ?? []) {
    if (condition.length !== dim) {
      throw new LabError('validation', { messageKey: 'error.diffusion.conditionSize', params: { got: condition.length, want: dim } });
    }
  }
  if (request.conditions && request.conditions.length !== batch)
    throw new LabError('validation', { detail: `${request.conditions.length} conditions for ${batch} images` });
  // Both branches only when guidance mixes them; an unconditional request (no conditions) is the zero-condition branch alone.
  const guided = conditionName !== undefined && request.conditions !== null && request.guidance !== 1;
  const rows = guided ? 2 * batch : batch;
  const size = config.sample_size;
  const channels = config.in_channels;
  const perImage = channels * size * size;
  const input = new Float32Array(rows * perImage);
  const feeds: SessionFeeds = { [config.inputs.sample]: float32Tensor(input, [rows, channels, size, size]) };
  const timestepInt = config.timestep_type === 'int64' ? new BigInt64Array(rows) : null;
  const timestepFloat = config.timestep_type === 'float32' ? new Float32Array(rows) : null;
  const timestepTensor: Tensor = timestepInt ? int64Tensor(timestepInt, [rows]) : float32Tensor(timestepFloat!, [rows]);
  feeds[config.inputs.timestep] = timestepTensor;
  if (conditionName) {
    // Rows [0, batch) conditional, [batch, 2·batch) the all-zero unconditional condition.
    const conditions = new Float32Array(rows * dim);
    request.conditions?.forEach((c, i) => conditions.set(c, i * dim));
    feeds[conditionName] = float32Tensor(conditions, [rows, dim]);
  }
  const opened = await runtime.open({ key: model.onnxPath, model: model.onnxPath });
  const outputName = config.output;
  const half = batch * perImage;
  return {
    opened,
    rows,
    feeds,
    async predict(sample, t, out) {
      input.set(sample, 0);
      if (guided) input.set(sample, half);
      if (timestepInt) timestepInt.fill(BigInt(t));
      else timestepFloat!.fill(t);
      const outputs = await runtime.run(opened, feeds);
      const y = outputs[outputName]?.data;
      if (!(y instanceof Float32Array) || y.length !== rows * perImage) {
        throw new LabError('modelInvalid', {
          messageKey: 'error.diffusion.outputShape',
          params: { output: outputName },
          detail: `expected float32 ${outputName} of ${rows}×${channels}×${size}×${size}, got ${y instanceof Float32Array ? y.length : typeof y}`,
        });
      }
      if (guided) guide(y.subarray(0, half), y.subarray(half), request.guidance, out);
      else out.set(y);
    },
  };
}

export interface SampleRequest {
  /** One condition vector per image (length `condition_dim`), e.g. CLIP text embeddings. */
  conditions: readonly Float32Array[];
  rng: Rng;
  steps?: number;
  guidance?: number;
  /** Called after every step with the current sample and the model's guess of the clean images. */
  onStep?: (step: number, of: number, timestep: number, sample: Float32Array, predictedOriginal: Float32Array) => void;
  /** Checked between steps; throwing from it (e.g. a cancelled job) stops the sampling. */
  checkpoint?: () => void;
}

export interface SampleResult {
  /** batch × channels × size × size, in the model's value range. */
  images: Float32Array;
  dims: [number, number, number, number];
}

/**
 * Deterministic DDIM (η = 0, leading spacing, x̂₀ clipped to the value range) with
 * classifier-free guidance: the sampler the built-in model's card was measured with.
 * The jobs use runSampler directly for the other samplers.
 */
export async function sample(runtime: Runtime, model: DiffusionModel, request: SampleRequest): Promise<SampleResult> {
  const { config, schedule } = model;
  const batch = request.conditions.length;
  const denoiser = await openDenoiser(runtime, model, { batch, conditions: request.conditions, guidance: request.guidance ?? config.guidance_scale });
  const sampler = ddim(schedule, { steps: request.steps ?? config.sampling_steps });
  const size = config.sample_size;
  const images = await runSampler(denoiser, {
    schedule,
    sampler,
    predictionType: config.prediction_type,
    clip: config.value_range,
    noise: gaussianNoise(request.rng),
    size: batch * config.in_channels * size * size,
    checkpoint: request.checkpoint,
    onStep: request.onStep && ((view) => request.onStep!(view.index + 1, sampler.timesteps.length, view.t, view.sample, view.predictedOriginal)),
  });
  return { images, dims: [batch, config.in_channels, size, size] };
}

/** CHW images in [lo, hi] → interleaved RGB bytes, one Uint8Array per image. */
export function toRgbBytes(
  images: Float32Array,
  dims: readonly [number, number, number, number],
  range: readonly [number, number] = [-1, 1],
): Uint8Array[] {
  const [batch, channels, height, width] = dims;
  const all = rgbBytes(images, batch, channels, height, width, range);
  const per = height * width * 3;
  return Array.from({ length: batch }, (_, b) => all.slice(b * per, (b + 1) * per));
}
