/**
 * DDIM sampling (Song, Meng & Ermon 2021) for ε-prediction models, deterministic (η = 0), with
 * classifier-free guidance (Ho & Salimans 2022). Conventions follow diffusers' DDIMScheduler
 * defaults: "leading" timestep spacing, x̂₀ clipped to the value range, and ᾱ = 1 after the
 * last step ("set_alpha_to_one").
 */
import type { NoiseSchedule } from './schedule.js';

/** The model timesteps visited, from noisiest to cleanest: T/n·k for k = n−1 … 0. */
export function ddimTimesteps(trainSteps: number, samplingSteps: number): number[] {
  if (!Number.isInteger(samplingSteps) || samplingSteps < 1 || samplingSteps > trainSteps) {
    throw new RangeError(`sampling steps must be an integer in 1…${trainSteps}, got ${samplingSteps}`);
  }
  const ratio = Math.floor(trainSteps / samplingSteps);
  return Array.from({ length: samplingSteps }, (_, k) => (samplingSteps - 1 - k) * ratio);
}

/** ε = ε_uncond + w · (ε_cond − ε_uncond), written into `out`. w = 1 is the plain conditional model. */
export function guide(conditional: Float32Array, unconditional: Float32Array, scale: number, out: Float32Array): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = unconditional[i]! + scale * (conditional[i]! - unconditional[i]!);
  return out;
}

export interface DdimStepResult {
  /** x_{t_prev}. */
  sample: Float32Array;
  /** The model's current guess of the clean image, x̂₀ (clipped). */
  predictedOriginal: Float32Array;
}

/**
 * One DDIM update from timestep `t` to `tPrev` (−1 after the last step): x̂₀ = (x_t − √(1−ᾱ_t) ε)/√ᾱ_t,
 * clipped; ε recomputed from the clipped x̂₀; x_prev = √ᾱ_prev x̂₀ + √(1−ᾱ_prev) ε.
 */
export function ddimStep(
  schedule: NoiseSchedule,
  sample: Float32Array,
  epsilon: Float32Array,
  t: number,
  tPrev: number,
  clip: readonly [number, number] | null = [-1, 1],
): DdimStepResult {
  const alpha = schedule.alphasCumprod[t]!;
  const alphaPrev = tPrev >= 0 ? schedule.alphasCumprod[tPrev]! : 1;
  const sqrtAlpha = Math.sqrt(alpha);
  const sqrtOneMinus = Math.sqrt(1 - alpha);
  const sqrtAlphaPrev = Math.sqrt(alphaPrev);
  const sqrtOneMinusPrev = Math.sqrt(1 - alphaPrev);
  const next = new Float32Array(sample.length);
  const x0 = new Float32Array(sample.length);
  for (let i = 0; i < sample.length; i++) {
    let original = (sample[i]! - sqrtOneMinus * epsilon[i]!) / sqrtAlpha;
    if (clip) original = Math.min(clip[1], Math.max(clip[0], original));
    const eps = (sample[i]! - sqrtAlpha * original) / sqrtOneMinus;
    x0[i] = original;
    next[i] = sqrtAlphaPrev * original + sqrtOneMinusPrev * eps;
  }
  return { sample: next, predictedOriginal: x0 };
}
