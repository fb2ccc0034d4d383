/**
 * Soft-NMS, Gaussian penalty — Bodla, Singh, Chellappa, Davis, ICCV 2017, Eq. 3:
 *
 *   s_i ← s_i · exp(−IoU(M, b_i)² / σ),   for every remaining b_i
 *
 * A smooth decay: the more a box overlaps the current maximum M, the more its
 * score drops; there is no threshold. As σ → 0 the factor becomes 0 for any
 * overlap and 1 for none, i.e. greedy NMS at N_t = 0 (tested). Semantics
 * follow mmcv's `soft_nms(method='gaussian')`: σ = 0.5 and the score floor
 * minScore = 1e-3 (mmcv's defaults; the paper's σ = 0.5 too), each round picks
 * the highest current score, and a box whose score falls below the floor is
 * discarded. Documented differences from mmcv as in soft-linear.ts: ties go
 * to the lower input index, and initial scores below the floor are dropped.
 */
import { softDecay, type SoftDecayOptions } from './soft-decay.js';
import { COMMON_DEFAULTS, checkRange, resolveOptions } from './stages.js';
import type { NmsInput, NmsMethodSpec, NmsResult } from './types.js';

export interface SoftGaussianOptions extends SoftDecayOptions {
  /** σ > 0 of the Gaussian penalty exp(−IoU²/σ). */
  sigma: number;
}

export const softGaussianDefaults: SoftGaussianOptions = { ...COMMON_DEFAULTS, sigma: 0.5, minScore: 1e-3 };

export const softGaussianSpec: NmsMethodSpec<SoftGaussianOptions> = {
  name: 'soft-gaussian',
  defaults: softGaussianDefaults,
  requires: [],
  scoreDomain: 'probability',
};

/**
 * @example softGaussian({ boxes: Float32Array.of(0, 0, 10, 10, 5, 0, 15, 10), scores: Float32Array.of(0.9, 0.8) })
 * // → { keep: Int32Array [0, 1], scores: Float32Array [0.9, 0.6406…] }   (IoU = ⅓, 0.8 · exp(−(1/9)/0.5))
 */
export function softGaussian(input: NmsInput, options?: Partial<SoftGaussianOptions>): NmsResult {
  const o = resolveOptions(softGaussianSpec, options);
  checkRange('soft-gaussian', 'sigma', o.sigma, 0, Infinity, { lo: true });
  checkRange('soft-gaussian', 'minScore', o.minScore, 0, 1);
  const sigma = o.sigma;
  return softDecay(softGaussianSpec, input, o, (IoU) => gaussianPenalty(IoU, sigma));
}

/** Eq. 3's factor exp(−IoU²/σ); Softer-NMS suppresses with it too. */
export function gaussianPenalty(IoU: number, sigma: number): number {
  return Math.exp(-(IoU * IoU) / sigma);
}
