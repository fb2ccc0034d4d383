/**
 * The linear β schedule of DDPM (Ho et al. 2020, §4: β₁ = 10⁻⁴ … β_T = 0.02, T = 1000);
 * diffusers' `beta_schedule="linear"`, `torch.linspace(beta_start, beta_end, T)`.
 */
import type { BetaOptions } from './types.js';

/** β_t = β_start + (β_end − β_start) · t/(T − 1), t = 0 … T − 1. @example linear(1000)[999] // → 0.02 */
export function linear(T: number, options: BetaOptions = {}): Float64Array {
  const beta_start = options.betaStart ?? 1e-4;
  const beta_end = options.betaEnd ?? 0.02;
  const betas = new Float64Array(T);
  for (let t = 0; t < T; t++) betas[t] = beta_start + (beta_end - beta_start) * (T === 1 ? 0 : t / (T - 1));
  return betas;
}
