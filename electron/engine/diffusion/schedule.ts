/**
 * Noise schedules of DDPM (Ho et al. 2020) in the conventions of diffusers' schedulers, so a
 * model trained with one of their `beta_schedule` names samples correctly here.
 *
 * Index i stands for timestep t = i + 1 in the paper's notation: `alphasCumprod[0]` is ᾱ₁.
 */
export type BetaSchedule = 'linear' | 'scaled_linear' | 'squaredcos_cap_v2';

export interface NoiseSchedule {
  readonly steps: number;
  readonly betas: Float64Array;
  /** ᾱ_t = ∏_{s ≤ t} (1 − β_s). */
  readonly alphasCumprod: Float64Array;
}

export interface ScheduleOptions {
  betaStart?: number;
  betaEnd?: number;
}

/** β_t for `steps` timesteps. Linear defaults are DDPM's (1e-4 … 0.02). */
export function betas(kind: BetaSchedule, steps: number, options: ScheduleOptions = {}): Float64Array {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a positive integer, got ${steps}`);
  const start = options.betaStart ?? 1e-4;
  const end = options.betaEnd ?? 0.02;
  const out = new Float64Array(steps);
  const at = (i: number): number => (steps === 1 ? 0 : i / (steps - 1));
  switch (kind) {
    case 'linear':
      for (let i = 0; i < steps; i++) out[i] = start + (end - start) * at(i);
      break;
    case 'scaled_linear':
      // Stable Diffusion's: linear in √β.
      for (let i = 0; i < steps; i++) out[i] = (Math.sqrt(start) + (Math.sqrt(end) - Math.sqrt(start)) * at(i)) ** 2;
      break;
    case 'squaredcos_cap_v2': {
      // Nichol & Dhariwal (2021), eq. 17: ᾱ(t) = cos²((t/T + s)/(1 + s) · π/2), β capped at 0.999.
      const alphaBar = (t: number): number => Math.cos(((t + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
      for (let i = 0; i < steps; i++) out[i] = Math.min(1 - alphaBar((i + 1) / steps) / alphaBar(i / steps), 0.999);
      break;
    }
  }
  return out;
}

export function noiseSchedule(kind: BetaSchedule, steps: number, options: ScheduleOptions = {}): NoiseSchedule {
  const b = betas(kind, steps, options);
  const alphasCumprod = new Float64Array(steps);
  let product = 1;
  for (let i = 0; i < steps; i++) {
    product *= 1 - b[i]!;
    alphasCumprod[i] = product;
  }
  return { steps, betas: b, alphasCumprod };
}
