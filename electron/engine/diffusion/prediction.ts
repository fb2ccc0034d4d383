/**
 * From the network's output to the two quantities every sampler uses: the predicted clean
 * image x̂₀ and the predicted noise ε̂, for ε-prediction (Ho et al. 2020) and v-prediction
 * (Salimans & Ho 2022, §4: v = α_t ε − σ_t x₀ with α_t = √ᾱ_t, σ_t = √(1 − ᾱ_t)).
 *
 *   ε:  x̂₀ = (x_t − σ_t ε̂)/α_t                       (Ho et al. eq. 15)
 *   v:  x̂₀ = α_t x_t − σ_t v̂,   ε̂ = α_t v̂ + σ_t x_t
 *
 * With clipping, x̂₀ is clamped to the value range and ε̂ recomputed from the clamped x̂₀
 * (ε̂ = (x_t − α_t x̂₀)/σ_t), so x_t = α_t x̂₀ + σ_t ε̂ holds after the clamp too: diffusers'
 * DDIM `clip_sample` with `use_clipped_model_output=True`.
 */
import type { PredictionType } from '../../common/diffusion.js';
import type { NoiseSchedule } from './schedule.js';

/**
 * Writes x̂₀ and ε̂ for x_t at timestep t.
 * @example predictOriginalAndEpsilon('epsilon', schedule, t, x, modelOutput, [-1, 1], x0, eps)
 */
export function predictOriginalAndEpsilon(
  predictionType: PredictionType,
  schedule: NoiseSchedule,
  t: number,
  sample: Float32Array,
  modelOutput: Float32Array,
  clip: readonly [number, number] | null,
  predictedOriginal: Float32Array,
  epsilon: Float32Array,
): void {
  const alpha_t = schedule.sqrtAlphasCumprod[t]!;
  const sigma_t = schedule.sqrtOneMinusAlphasCumprod[t]!;
  const lo = clip ? clip[0] : -Infinity;
  const hi = clip ? clip[1] : Infinity;
  const v = predictionType === 'v_prediction';
  for (let i = 0; i < sample.length; i++) {
    const x_t = sample[i]!;
    const out = modelOutput[i]!;
    const x0 = v ? alpha_t * x_t - sigma_t * out : (x_t - sigma_t * out) / alpha_t;
    const eps = v ? alpha_t * out + sigma_t * x_t : out;
    if (x0 < lo || x0 > hi) {
      const clamped = x0 < lo ? lo : hi;
      predictedOriginal[i] = clamped;
      epsilon[i] = (x_t - alpha_t * clamped) / sigma_t;
    } else {
      predictedOriginal[i] = x0;
      epsilon[i] = eps;
    }
  }
}

/** The training target a perfect model would output, for oracle tests: ε itself, or v = α_t ε − σ_t x₀. */
export function targetFor(predictionType: PredictionType, schedule: NoiseSchedule, t: number, x0: number, epsilon: number): number {
  return predictionType === 'v_prediction' ? schedule.sqrtAlphasCumprod[t]! * epsilon - schedule.sqrtOneMinusAlphasCumprod[t]! * x0 : epsilon;
}
