/**
 * A noise-prediction model folder (`config.json` + `onnx/model.onnx`), read and validated, and
 * sampled with DDIM and classifier-free guidance through the engine's runtime.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { z } from 'zod';

import { LabError } from '../../common/errors.js';
import type { Rng } from '../random/rng.js';
import { float32Tensor, int64Tensor, type OpenedSession, type Runtime, type Tensor } from '../runtime/ort.js';
import { ddimStep, ddimTimesteps, guide } from './ddim.js';
import { noiseSchedule, type NoiseSchedule } from './schedule.js';

const configSchema = z.object({
  sample_size: z.number().int().min(4).max(1024),
  in_channels: z.number().int().min(1).max(16),
  out_channels: z.number().int().min(1).max(16),
  value_range: z.tuple([z.number(), z.number()]),
  num_train_timesteps: z.number().int().min(1).max(100000),
  beta_schedule: z.enum(['linear', 'scaled_linear', 'squaredcos_cap_v2']),
  beta_start: z.number().positive().optional(),
  beta_end: z.number().positive().optional(),
  prediction_type: z.literal('epsilon'),
  inputs: z.object({ sample: z.string(), timestep: z.string(), condition: z.string() }),
  timestep_type: z.enum(['int64', 'float32']),
  condition_dim: z.number().int().min(1).max(8192),
  condition_model: z.string().optional(),
  unconditional: z.literal('zeros'),
  guidance_scale: z.number().min(0).max(50).default(3),
  sampling_steps: z.number().int().min(1).max(1000).default(50),
});

export type DiffusionConfig = z.infer<typeof configSchema>;

export interface DiffusionModel {
  folder: string;
  config: DiffusionConfig;
  schedule: NoiseSchedule;
  onnxPath: string;
}

export async function loadDiffusionModel(folder: string): Promise<DiffusionModel> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(folder, 'config.json'), 'utf8'));
  } catch (error) {
    throw new LabError('modelInvalid', { params: { file: 'config.json' }, detail: `${folder}: ${String(error)}` });
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LabError('modelInvalid', { params: { file: 'config.json' }, detail: z.prettifyError(parsed.error) });
  }
  const config = parsed.data;
  const options: { betaStart?: number; betaEnd?: number } = {};
  if (config.beta_start !== undefined) options.betaStart = config.beta_start;
  if (config.beta_end !== undefined) options.betaEnd = config.beta_end;
  return {
    folder,
    config,
    schedule: noiseSchedule(config.beta_schedule, config.num_train_timesteps, options),
    onnxPath: join(folder, 'onnx', 'model.onnx'),
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

/** Runs DDIM with classifier-free guidance; the unconditional branch uses all-zero conditions. */
export async function sample(runtime: Runtime, model: DiffusionModel, request: SampleRequest): Promise<SampleResult> {
  const { config, schedule } = model;
  const batch = request.conditions.length;
  if (batch < 1 || batch > 256) throw new LabError('validation', { detail: `between 1 and 256 images per call, got ${batch}` });
  for (const condition of request.conditions) {
    if (condition.length !== config.condition_dim) {
      throw new LabError('validation', { detail: `condition of length ${condition.length}, the model expects ${config.condition_dim}` });
    }
  }
  const steps = request.steps ?? config.sampling_steps;
  const guidance = request.guidance ?? config.guidance_scale;
  const size = config.sample_size;
  const channels = config.in_channels;
  const perImage = channels * size * size;
  const useGuidance = guidance !== 1;
  const rows = useGuidance ? 2 * batch : batch;

  const conditions = new Float32Array(rows * config.condition_dim);
  request.conditions.forEach((c, i) => conditions.set(c, i * config.condition_dim));
  const conditionTensor = float32Tensor(conditions, [rows, config.condition_dim]);

  let x: Float32Array = new Float32Array(batch * perImage);
  for (let i = 0; i < x.length; i++) x[i] = request.rng.normal();

  const opened: OpenedSession = await runtime.open({ key: model.onnxPath, model: model.onnxPath });
  const timesteps = ddimTimesteps(config.num_train_timesteps, steps);
  const guided = new Float32Array(batch * perImage);
  for (let k = 0; k < timesteps.length; k++) {
    request.checkpoint?.();
    const t = timesteps[k]!;
    const input = new Float32Array(rows * perImage);
    input.set(x, 0);
    if (useGuidance) input.set(x, batch * perImage);
    const timestep: Tensor =
      config.timestep_type === 'int64'
        ? int64Tensor(new BigInt64Array(rows).fill(BigInt(t)), [rows])
        : float32Tensor(new Float32Array(rows).fill(t), [rows]);
    const outputs = await runtime.run(opened, {
      [config.inputs.sample]: float32Tensor(input, [rows, channels, size, size]),
      [config.inputs.timestep]: timestep,
      [config.inputs.condition]: conditionTensor,
    });
    const eps = outputs['noise_pred']?.data;
    if (!(eps instanceof Float32Array) || eps.length !== rows * perImage) {
      throw new LabError('modelInvalid', {
        params: { file: 'onnx/model.onnx' },
        detail: 'the model has no float32 noise_pred output of the sample shape',
      });
    }
    const epsilon = useGuidance ? guide(eps.subarray(0, batch * perImage), eps.subarray(batch * perImage), guidance, guided) : eps;
    const step = ddimStep(schedule, x, epsilon, t, k + 1 < timesteps.length ? timesteps[k + 1]! : -1, config.value_range);
    x = step.sample;
    request.onStep?.(k + 1, timesteps.length, t, x, step.predictedOriginal);
  }
  return { images: x, dims: [batch, channels, size, size] };
}

/** CHW images in [lo, hi] → interleaved RGB bytes, one Uint8Array per image. */
export function toRgbBytes(
  images: Float32Array,
  dims: readonly [number, number, number, number],
  range: readonly [number, number] = [-1, 1],
): Uint8Array[] {
  const [batch, channels, height, width] = dims;
  const plane = height * width;
  const scale = 255 / (range[1] - range[0]);
  return Array.from({ length: batch }, (_, b) => {
    const out = new Uint8Array(plane * 3);
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < 3; c++) {
        const v = images[b * channels * plane + Math.min(c, channels - 1) * plane + p]!;
        out[p * 3 + c] = Math.max(0, Math.min(255, Math.round((v - range[0]) * scale)));
      }
    }
    return out;
  });
}
