/**
 * The cosine schedule of Improved DDPM (Nichol & Dhariwal 2021, eq. 17), diffusers'
 * `beta_schedule="squaredcos_cap_v2"`: ᾱ(t) = f(t)/f(0), f(t) = cos²((t/T + s)/(1 + s) · π/2),
 * s = 0.008, and β_t = 1 − ᾱ(t + 1)/ᾱ(t) capped at 0.999 so the last steps stay finite.
 */
import type { BetaOptions } from './types.js';

const s = 0.008;
const MAX_BETA = 0.999;

/** @example cosine(1000)[999] // → 0.999 (the cap) */
export function cosine(T: number, _options: BetaOptions = {}): Float64Array {
  const alpha_bar = (u: number): number => Math.cos(((u + s) / (1 + s)) * (Math.PI / 2)) ** 2;
  const betas = new Float64Array(T);
  for (let t = 0; t < T; t++) betas[t] = Math.min(1 - alpha_bar((t + 1) / T) / alpha_bar(t / T), MAX_BETA);
  return betas;
}
