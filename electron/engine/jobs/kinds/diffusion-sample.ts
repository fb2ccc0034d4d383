import {
  BUILTIN_DIFFUSION_ID,
  EPSILON_DISPLAY_RANGE,
  STEP_STREAM_INTERVAL_MS,
  type DiffusionSampleResult,
  type DiffusionTraceEntry,
} from '../../../common/diffusion.js';
import { LabError } from '../../../common/errors.js';
import { loadClip } from '../../clip/clip-model.js';
import { resolveClipFolder } from '../../clip/resolve-model.js';
import { TextEmbeddingCache } from '../../clip/text-cache.js';
import { rgbBytes } from '../../diffusion/image.js';
import { loadDiffusionModel, openDenoiser, resolveDiffusionFolder, type DiffusionModel } from '../../diffusion/model.js';
import { gaussianNoise } from '../../diffusion/noise.js';
import { runSampler } from '../../diffusion/sample.js';
import { SAMPLERS } from '../../diffusion/samplers/index.js';
import type { Runtime } from '../../runtime/ort.js';
import type { JobFunction, ModelDirs } from '../context.js';

/** Prompt embeddings for the worker's lifetime (keys include the text encoder's id), as for the clip jobs. */
const textCache = new TextEmbeddingCache();

/** The prompt through the text encoder the model was trained with (config `condition_model`). */
async function encodePrompt(runtime: Runtime, model: DiffusionModel, prompt: string, dirs: ModelDirs): Promise<Float32Array> {
  const encoder = model.config.condition_model;
  if (!encoder) throw new LabError('validation', { messageKey: 'error.diffusion.noTextEncoder' });
  const clip = await loadClip(await resolveClipFolder(encoder, dirs), runtime, { id: encoder, cache: textCache });
  const embeds = await clip.encodeTexts([prompt]);
  if (embeds.dim !== model.config.condition_dim) {
    throw new LabError('modelInvalid', {
      messageKey: 'error.diffusion.conditionSize',
      params: { got: embeds.dim, want: model.config.condition_dim ?? 0 },
    });
  }
  return embeds.data.slice(0, embeds.dim);
}

/**
 * Samples `count` images from a diffusion model with one of the samplers, guided by a prompt,
 * streaming every step's x_t, ε̂ and x̂₀ as RGB bytes (at most ~30 a second, always the last).
 *
 * @example jobs.start { kind: 'diffusion.sample', args: { prompt: 'a red circle', sampler: 'ddim', steps: 50, guidance: 3, seed: 1, count: 4 } }
 * // progress payloads { index, steps, t, tPrev, width: 32, height: 32, count: 4, xt, epsilon, x0, elapsedMs }
 * // → { model: 'shapes-diffusion', images: Uint8Array(4·32·32·3), timesteps: [980, …, 0], timing: { firstStepMs, perStepMs, … }, … }
 */
export const diffusionSample: JobFunction<'diffusion.sample'> = async (args, context): Promise<DiffusionSampleResult> => {
  const start = performance.now();
  const modelId = args.model ?? BUILTIN_DIFFUSION_ID;
  if (!context.modelDirs) throw new LabError('internal', { detail: 'the diffusion jobs need the model folders; start them through the engine' });
  context.progress(0, 'job.diffusion.loading', undefined, { model: modelId });
  const model = await loadDiffusionModel(await resolveDiffusionFolder(modelId, context.modelDirs));
  const { config, schedule } = model;
  if (args.steps > config.num_train_timesteps) {
    throw new LabError('validation', { messageKey: 'error.diffusion.tooManySteps', params: { steps: args.steps, T: config.num_train_timesteps } });
  }
  const count = args.count ?? 1;
  const prompt = args.prompt?.trim() ?? '';
  const guidance = args.guidance ?? config.guidance_scale;
  const eta = args.eta ?? 0;
  const loaded = performance.now();

  let conditions: Float32Array[] | null = null;
  if (prompt !== '') {
    if (!config.inputs.condition) throw new LabError('validation', { messageKey: 'error.diffusion.unconditionalModel', params: { model: modelId } });
    context.progress(0, 'job.diffusion.encoding', undefined);
    const embedding = await encodePrompt(context.runtime, model, prompt, context.modelDirs);
    conditions = Array.from({ length: count }, () => embedding);
  }
  const encoded = performance.now();
  await context.checkpoint();

  const denoiser = await openDenoiser(context.runtime, model, { batch: count, conditions, guidance });
  const sampler = SAMPLERS[args.sampler](schedule, { steps: args.steps, spacing: args.spacing, eta });
  const { timesteps } = sampler;
  const size = config.sample_size;
  const channels = config.in_channels;
  const range = config.value_range;
  const stream = args.stream ?? true;
  const trace: DiffusionTraceEntry[] = [];
  const bytes = (data: Float32Array, r: readonly [number, number]): Uint8Array => rgbBytes(data, count, channels, size, size, r);
  const sampling = performance.now();
  let firstStepMs = 0;
  let lastSent = -Infinity;
  const images = await runSampler(denoiser, {
    schedule,
    sampler,
    predictionType: config.prediction_type,
    clip: args.clipSample === false ? null : range,
    noise: gaussianNoise(args.seed),
    size: count * channels * size * size,
    checkpoint: () => context.checkpoint(),
    onStep: ({ index, t, tPrev, sample, predictedOriginal, epsilon }) => {
      const now = performance.now();
      if (index === 0) firstStepMs = now - sampling;
      const last = index === timesteps.length - 1;
      if (args.traceEvery && ((index + 1) % args.traceEvery === 0 || last)) {
        trace.push({ index, t, xt: bytes(sample, range), x0: bytes(predictedOriginal, range) });
      }
      const params = { step: index + 1, steps: timesteps.length, t };
      // Images only at the display rate: converting them is cheap, sending 1000 steps' worth is not.
      if (stream && (last || now - lastSent >= STEP_STREAM_INTERVAL_MS)) {
        lastSent = now;
        context.progress(
          (index + 1) / timesteps.length,
          'job.diffusion.step',
          {
            index,
            steps: timesteps.length,
            t,
            tPrev,
            width: size,
            height: size,
            count,
            xt: bytes(sample, range),
            epsilon: bytes(epsilon, EPSILON_DISPLAY_RANGE),
            x0: bytes(predictedOriginal, range),
            elapsedMs: now - sampling,
          },
          params,
        );
      } else context.progress((index + 1) / timesteps.length, 'job.diffusion.step', undefined, params);
    },
  });
  const done = performance.now();
  return {
    model: modelId,
    prompt,
    sampler: args.sampler,
    steps: timesteps.length,
    spacing: sampler.spacing,
    timesteps: [...timesteps],
    eta: args.sampler === 'ddim' ? eta : 0,
    guidance: conditions ? guidance : 0,
    seed: args.seed,
    width: size,
    height: size,
    count,
    images: bytes(images, range),
    trace,
    timing: {
      loadMs: loaded - start,
      encodeMs: encoded - loaded,
      firstStepMs,
      sampleMs: done - sampling,
      perStepMs: (done - sampling) / timesteps.length,
      totalMs: done - start,
    },
    provider: denoiser.opened.provider,
  };
};
