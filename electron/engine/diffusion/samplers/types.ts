/**
 * The interface every sampler file (ddpm.ts, ddim.ts, dpm-solver-pp-2m.ts) implements, in
 * the manner of diffusers' schedulers (`set_timesteps` + `step`): a factory fixes the
 * timesteps for a step count, and `step` moves x_t to x_{t_prev} in place, given the x̂₀ and
 * ε̂ of prediction.ts. Buffers are the caller's; a step allocates nothing.
 */
import type { SamplerName, Spacing } from '../../../common/diffusion.js';
import type { GaussianNoise } from '../noise.js';
import type { NoiseSchedule } from '../schedule.js';

export interface SamplerOptions {
  steps: number;
  /** Default: 'leading' (DDPM, DDIM, as in diffusers), 'trailing' (DPM-Solver++). */
  spacing?: Spacing;
  stepsOffset?: number;
  /** DDIM's η (Song et al. 2021, eq. 16); ignored by the others. */
  eta?: number;
}

export interface StepState {
  /** x_t in, x_{t_prev} out. */
  sample: Float32Array;
  /** x̂₀ at t (already clipped where the run clips). */
  predictedOriginal: Float32Array;
  /** ε̂ at t, consistent with x̂₀: x_t = √ᾱ_t x̂₀ + √(1 − ᾱ_t) ε̂. */
  epsilon: Float32Array;
  /** Fresh z for stochastic steps. */
  noise: GaussianNoise;
}

export interface Sampler {
  readonly name: SamplerName;
  /** Timesteps visited, noisiest first. */
  readonly timesteps: readonly number[];
  readonly spacing: Spacing;
  /** Whether step() draws noise (so the same seed is needed to repeat a run). */
  readonly stochastic: boolean;
  step(index: number, state: StepState): void;
}

export type SamplerFactory = (schedule: NoiseSchedule, options: SamplerOptions) => Sampler;

/** The timestep after step `index`, −1 after the last. */
export function previousTimestep(timesteps: readonly number[], index: number): number {
  return index + 1 < timesteps.length ? timesteps[index + 1]! : -1;
}

/** ᾱ at t, and 1 "before the first noise" (t = −1): diffusers' `set_alpha_to_one` / final ᾱ. */
export function alphaBarAt(schedule: NoiseSchedule, t: number): number {
  return t >= 0 ? schedule.alphasCumprod[t]! : 1;
}
