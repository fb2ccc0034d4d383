/**
 * The sampling loop shared by every sampler: x_T from the seeded noise, then per timestep
 * one network call (the Denoiser), x̂₀ and ε̂ (prediction.ts), and the sampler's update.
 * All buffers are allocated once per run; a step adds three passes over the batch's
 * floats to the network's own time (bench/diffusion.ts measures the ratio).
 */
import type { PredictionType } from '../../common/diffusion.js';
import type { GaussianNoise } from './noise.js';
import { predictOriginalAndEpsilon } from './prediction.js';
import type { Sampler } from './samplers/types.js';
import { previousTimestep } from './samplers/types.js';
import type { NoiseSchedule } from './schedule.js';

/** The network (with guidance, if any): its raw output for the whole batch x_t at timestep t. */
export interface Denoiser {
  predict(sample: Float32Array, t: number, out: Float32Array): Promise<void> | void;
}

export interface StepView {
  index: number;
  t: number;
  tPrev: number;
  /** x_{t_prev} after the step. */
  sample: Float32Array;
  /** x̂₀ and ε̂ the step used. Views into the run's buffers: copy what you keep. */
  predictedOriginal: Float32Array;
  epsilon: Float32Array;
}

export interface RunSamplerOptions {
  schedule: NoiseSchedule;
  sampler: Sampler;
  predictionType: PredictionType;
  /** x̂₀ clamp (the model's value range), or null. */
  clip: readonly [number, number] | null;
  noise: GaussianNoise;
  /** Floats in the whole batch (images · channels · height · width). */
  size: number;
  /** x_T; drawn from `noise` when absent. */
  initial?: Float32Array;
  onStep?: (view: StepView) => void;
  /** Awaited before every step; throwing stops the run (a cancelled job). */
  checkpoint?: () => Promise<void> | void;
}

/** @example await runSampler(denoiser, { schedule, sampler: ddim(schedule, { steps: 50 }), predictionType: 'epsilon', clip: [-1, 1], noise: gaussianNoise(1), size: 3 * 32 * 32 }) // → x₀ samples */
export async function runSampler(denoiser: Denoiser, options: RunSamplerOptions): Promise<Float32Array> {
  const { schedule, sampler, predictionType, clip, noise, size } = options;
  const sample = options.initial ? Float32Array.from(options.initial) : noise.fill(new Float32Array(size));
  const modelOutput = new Float32Array(size);
  const predictedOriginal = new Float32Array(size);
  const epsilon = new Float32Array(size);
  const state = { sample, predictedOriginal, epsilon, noise };
  const { timesteps } = sampler;
  for (let index = 0; index < timesteps.length; index++) {
    await options.checkpoint?.();
    const t = timesteps[index]!;
    await denoiser.predict(sample, t, modelOutput);
    predictOriginalAndEpsilon(predictionType, schedule, t, sample, modelOutput, clip, predictedOriginal, epsilon);
    sampler.step(index, state);
    options.onStep?.({ index, t, tPrev: previousTimestep(timesteps, index), sample, predictedOriginal, epsilon });
  }
  return sample;
}
