/**
 * Latent Diffusion / Stable Diffusion's "scaled linear" schedule: linear in √β
 * (diffusers' `beta_schedule="scaled_linear"`, `torch.linspace(√β_start, √β_end, T) ** 2`).
 * Stable Diffusion uses β_start = 0.00085, β_end = 0.012; the defaults here are DDPM's.
 */
import type { BetaOptions } from './types.js';

/** β_t = (√β_start + (√β_end − √β_start) · t/(T − 1))². @example scaledLinear(1000, { betaStart: 0.00085, betaEnd: 0.012 })[0] // → 0.00085 */
export function scaledLinear(T: number, options: BetaOptions = {}): Float64Array {
  const sqrt_start = Math.sqrt(options.betaStart ?? 1e-4);
  const sqrt_end = Math.sqrt(options.betaEnd ?? 0.02);
  const betas = new Float64Array(T);
  for (let t = 0; t < T; t++) betas[t] = (sqrt_start + (sqrt_end - sqrt_start) * (T === 1 ? 0 : t / (T - 1))) ** 2;
  return betas;
}
