/**
 * DDIM (Song, Meng & Ermon 2021). With x̂₀ and ε̂ from prediction.ts:
 *
 *   σ_t = η √((1 − ᾱ_prev)/(1 − ᾱ_t)) √(1 − ᾱ_t/ᾱ_prev)                     (eq. 16)
 *   x_prev = √ᾱ_prev x̂₀ + √(1 − ᾱ_prev − σ_t²) ε̂ + σ_t z                   (eq. 12)
 *
 * η = 0 is deterministic (no z is drawn: the same x_T gives the same image bit for bit);
 * η = 1 has DDPM's posterior variance. ᾱ_prev = 1 after the last step, so it returns x̂₀.
 */
import { spacedTimesteps } from '../spacing.js';
import type { NoiseSchedule } from '../schedule.js';
import { alphaBarAt, previousTimestep, type Sampler, type SamplerFactory, type StepState } from './types.js';

/** One DDIM update from ᾱ_t to ᾱ_prev, in place on `sample`; `z` is read only when σ_t > 0. */
export function ddimUpdate(
  alpha_bar_t: number,
  alpha_bar_prev: number,
  eta: number,
  sample: Float32Array,
  predictedOriginal: Float32Array,
  epsilon: Float32Array,
  z: Float32Array | null,
): void {
  const sigma_t = eta * Math.sqrt((1 - alpha_bar_prev) / (1 - alpha_bar_t)) * Math.sqrt(1 - alpha_bar_t / alpha_bar_prev);
  const sqrt_alpha_bar_prev = Math.sqrt(alpha_bar_prev);
  const direction = Math.sqrt(Math.max(0, 1 - alpha_bar_prev - sigma_t * sigma_t));
  for (let i = 0; i < sample.length; i++) {
    let x = sqrt_alpha_bar_prev * predictedOriginal[i]! + direction * epsilon[i]!;
    if (sigma_t > 0 && z) x += sigma_t * z[i]!;
    sample[i] = x;
  }
}

/** @example ddim(noiseSchedule('linear', 1000), { steps: 50 }).timesteps.slice(0, 2) // → [980, 960] */
export const ddim: SamplerFactory = (schedule: NoiseSchedule, options): Sampler => {
  const spacing = options.spacing ?? 'leading';
  const eta = options.eta ?? 0;
  if (!(eta >= 0 && eta <= 1)) throw new RangeError(`η must be in [0, 1], got ${eta}`);
  const timesteps = spacedTimesteps(schedule.steps, options.steps, spacing, options.stepsOffset);
  let z: Float32Array | null = null;
  return {
    name: 'ddim',
    timesteps,
    spacing,
    stochastic: eta > 0,
    step(index: number, { sample, predictedOriginal, epsilon, noise }: StepState): void {
      const alpha_bar_t = alphaBarAt(schedule, timesteps[index]!);
      const alpha_bar_prev = alphaBarAt(schedule, previousTimestep(timesteps, index));
      if (eta > 0 && alpha_bar_prev < 1) {
        if (!z || z.length !== sample.length) z = new Float32Array(sample.length);
        noise.fill(z);
        ddimUpdate(alpha_bar_t, alpha_bar_prev, eta, sample, predictedOriginal, epsilon, z);
      } else ddimUpdate(alpha_bar_t, alpha_bar_prev, 0, sample, predictedOriginal, epsilon, null);
    },
  };
};
