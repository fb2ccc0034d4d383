/**
 * DDPM ancestral sampling (Ho et al. 2020, Algorithm 2) with the "fixed small" variance
 * σ_t² = β̃_t, generalised to skipped timesteps as diffusers' DDPMScheduler does: between
 * the visited t and t_prev the effective β is β'_t = 1 − ᾱ_t/ᾱ_prev, and x_prev is drawn from
 * the posterior q(x_prev | x_t, x̂₀):
 *
 *   μ̃ = (√ᾱ_prev β'_t/(1 − ᾱ_t)) x̂₀ + (√(1 − β'_t) (1 − ᾱ_prev)/(1 − ᾱ_t)) x_t        (eq. 7)
 *   β̃_t = (1 − ᾱ_prev)/(1 − ᾱ_t) · β'_t                                              (eq. 7)
 *   x_prev = μ̃ + √β̃_t z,  no noise on the last step (β̃ = 0 there: ᾱ_prev = 1)
 *
 * Optional x̂₀ clipping happens before, in prediction.ts (diffusers' `clip_sample`).
 * With T steps this is exactly Algorithm 2; fewer steps are allowed but DDPM degrades fast.
 */
import { spacedTimesteps } from '../spacing.js';
import type { NoiseSchedule } from '../schedule.js';
import { alphaBarAt, previousTimestep, type Sampler, type SamplerFactory, type StepState } from './types.js';

/** @example ddpm(noiseSchedule('linear', 1000), { steps: 1000 }).timesteps.slice(0, 2) // → [999, 998] */
export const ddpm: SamplerFactory = (schedule: NoiseSchedule, options): Sampler => {
  const spacing = options.spacing ?? 'leading';
  const timesteps = spacedTimesteps(schedule.steps, options.steps, spacing, options.stepsOffset);
  let z: Float32Array | null = null;
  return {
    name: 'ddpm',
    timesteps,
    spacing,
    stochastic: true,
    step(index: number, { sample, predictedOriginal, noise }: StepState): void {
      const alpha_bar_t = alphaBarAt(schedule, timesteps[index]!);
      const alpha_bar_prev = alphaBarAt(schedule, previousTimestep(timesteps, index));
      const beta_t = 1 - alpha_bar_t / alpha_bar_prev;
      const x0_coeff = (Math.sqrt(alpha_bar_prev) * beta_t) / (1 - alpha_bar_t);
      const xt_coeff = (Math.sqrt(1 - beta_t) * (1 - alpha_bar_prev)) / (1 - alpha_bar_t);
      const variance = ((1 - alpha_bar_prev) / (1 - alpha_bar_t)) * beta_t;
      const sigma_t = variance > 0 ? Math.sqrt(Math.max(variance, 1e-20)) : 0;
      if (sigma_t > 0) {
        if (!z || z.length !== sample.length) z = new Float32Array(sample.length);
        noise.fill(z);
      }
      for (let i = 0; i < sample.length; i++) {
        const mu = x0_coeff * predictedOriginal[i]! + xt_coeff * sample[i]!;
        sample[i] = sigma_t > 0 ? mu + sigma_t * z![i]! : mu;
      }
    },
  };
};
