/**
 * The toy model's own noise schedule (DDPM, Ho et al. 2020), kept beside it so the toy lab
 * stays self-contained. Index i stands for the paper's timestep t = i + 1, as in diffusers:
 * `alphaBar[0]` is ᾱ₁ and `alphaBar[T − 1]` is ᾱ_T.
 */
import type { Toy2dScheduleName } from '../../../common/toy2d.js';

export interface Toy2dSchedule {
  readonly T: number;
  /** β_t. */
  readonly beta: Float64Array;
  /** ᾱ_t = ∏_{s ≤ t} (1 − β_s). */
  readonly alphaBar: Float64Array;
}

/**
 * β and ᾱ for T steps. 'linear' is DDPM's 1e-4 … 0.02 stretched by 1000/T (Nichol & Dhariwal 2021,
 * §3.2 do the same), so a short chain still ends in almost pure noise: unstretched, 100 steps
 * would leave ᾱ_T ≈ 0.36 and the data visible at t = T. 'cosine' is their eq. 17, β capped at 0.999.
 *
 * @example toy2dSchedule('linear', 100).alphaBar[99] // → ≈ 4.0e-5, the same as T = 1000's ᾱ₁₀₀₀
 */
export function toy2dSchedule(kind: Toy2dScheduleName, T: number): Toy2dSchedule {
  if (!Number.isInteger(T) || T < 2) throw new RangeError(`T must be an integer ≥ 2, got ${T}`);
  const beta = new Float64Array(T);
  if (kind === 'linear') {
    const scale = 1000 / T;
    const start = Math.min(1e-4 * scale, 0.999);
    const end = Math.min(0.02 * scale, 0.999);
    for (let i = 0; i < T; i++) beta[i] = start + ((end - start) * i) / (T - 1);
  } else {
    // ᾱ(t) = cos²((t/T + s)/(1 + s) · π/2), s = 0.008; β_t = 1 − ᾱ(t)/ᾱ(t − 1).
    const f = (t: number): number => Math.cos(((t / T + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    for (let i = 0; i < T; i++) beta[i] = Math.min(1 - f(i + 1) / f(i), 0.999);
  }
  const alphaBar = new Float64Array(T);
  let product = 1;
  for (let i = 0; i < T; i++) {
    product *= 1 - beta[i]!;
    alphaBar[i] = product;
  }
  return { T, beta, alphaBar };
}

/**
 * The timestep indices a sampler visits, from T − 1 (pure noise) down, `steps` of them evenly
 * spaced ("trailing" spacing: the first is always T − 1, so sampling starts where training ends).
 *
 * @example samplingTimesteps(100, 4) // → [99, 74, 49, 24]
 */
export function samplingTimesteps(T: number, steps: number): Int32Array {
  if (!Number.isInteger(steps) || steps < 1 || steps > T) throw new RangeError(`steps must be 1 … ${T}, got ${steps}`);
  const out = new Int32Array(steps);
  for (let k = 0; k < steps; k++) out[k] = Math.round(T - (k * T) / steps) - 1;
  return out;
}
