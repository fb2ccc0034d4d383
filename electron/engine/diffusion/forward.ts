/**
 * The forward (noising) process of DDPM (Ho et al. 2020):
 *
 *   q(x_t | x_{t−1}) = N(√(1 − β_t) x_{t−1}, β_t I)                 (eq. 2)
 *   q(x_t | x₀)      = N(√ᾱ_t x₀, (1 − ᾱ_t) I)                       (eq. 4)
 *
 * Both directions of the check: running eq. 2 step by step from x₀ gives x_t whose noise
 * part, (x_t − √ᾱ_t x₀)/√(1 − ᾱ_t), is exactly the weighted sum of the per-step draws
 * Σ_s √(ᾱ_t/ᾱ_s) √β_s z_s / √(1 − ᾱ_t), a standard normal (tests/unit/engine/diffusion/forward.test.ts).
 */
import type { GaussianNoise } from './noise.js';
import type { NoiseSchedule } from './schedule.js';

/**
 * x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε (eq. 4, reparameterised), written into `out`.
 * @example qSample(schedule, Float32Array.of(1), 0, Float32Array.of(0)) // → [√0.9999] on the linear schedule
 */
export function qSample(
  schedule: NoiseSchedule,
  x0: Float32Array,
  t: number,
  epsilon: Float32Array,
  out: Float32Array = new Float32Array(x0.length),
): Float32Array {
  const sqrt_alpha_bar_t = schedule.sqrtAlphasCumprod[t]!;
  const sqrt_one_minus_alpha_bar_t = schedule.sqrtOneMinusAlphasCumprod[t]!;
  for (let i = 0; i < x0.length; i++) out[i] = sqrt_alpha_bar_t * x0[i]! + sqrt_one_minus_alpha_bar_t * epsilon[i]!;
  return out;
}

/** One step of eq. 2: x_t = √(1 − β_t) x_{t−1} + √β_t z, in place. */
export function qStep(schedule: NoiseSchedule, x: Float32Array, t: number, z: Float32Array): Float32Array {
  const sqrt_alpha_t = Math.sqrt(schedule.alphas[t]!);
  const sqrt_beta_t = Math.sqrt(schedule.betas[t]!);
  for (let i = 0; i < x.length; i++) x[i] = sqrt_alpha_t * x[i]! + sqrt_beta_t * z[i]!;
  return x;
}

/**
 * x₀ noised step by step with eq. 2 through t = 0 … max(timesteps); a copy of x_t is kept at
 * each requested t. `onStep(t, z)` sees every per-step draw (the tests rebuild eq. 4 from them).
 */
export function forwardStepByStep(
  schedule: NoiseSchedule,
  x0: Float32Array,
  timesteps: readonly number[],
  noise: GaussianNoise,
  onStep?: (t: number, z: Float32Array) => void,
): Map<number, Float32Array> {
  const wanted = new Set(timesteps);
  const last = Math.max(...timesteps);
  const x = Float32Array.from(x0);
  const z = new Float32Array(x0.length);
  const kept = new Map<number, Float32Array>();
  for (let t = 0; t <= last; t++) {
    noise.fill(z);
    qStep(schedule, x, t, z);
    onStep?.(t, z);
    if (wanted.has(t)) kept.set(t, Float32Array.from(x));
  }
  return kept;
}
