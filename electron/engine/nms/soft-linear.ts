/**
 * Soft-NMS, linear penalty — Bodla, Singh, Chellappa, Davis, "Soft-NMS —
 * Improving Object Detection With One Line of Code", ICCV 2017, Eq. 2:
 *
 *   s_i ← s_i                    if IoU(M, b_i) < N_t
 *   s_i ← s_i · (1 − IoU(M, b_i))  if IoU(M, b_i) ≥ N_t
 *
 * Instead of deleting neighbours of the current maximum M, it lowers their
 * scores, so a true object next to M can still win a later round. Semantics
 * follow mmcv's `soft_nms(method='linear')` (mmcv/ops/csrc/…/nms.cpp):
 * the penalty applies at IoU ≥ N_t (inclusive, unlike greedy's >), each round
 * picks the highest *current* score, and a box whose score falls below the
 * floor `minScore` (mmcv's min_score, 1e-3) is discarded; defaults N_t = 0.3
 * and minScore = 1e-3 as mmcv. Two documented differences: ties in the
 * current score go to the lower input index (mmcv's swap-based loop scrambles
 * that order), and candidates whose *initial* score is below the floor are
 * dropped up front (mmcv would still keep the very first one it picks).
 * The penalty is discontinuous at N_t — soft-gaussian.ts is the smooth form.
 */
import { softDecay, type SoftDecayOptions } from './soft-decay.js';
import { COMMON_DEFAULTS, checkRange, resolveOptions } from './stages.js';
import type { NmsInput, NmsMethodSpec, NmsResult } from './types.js';

export interface SoftLinearOptions extends SoftDecayOptions {
  /** N_t in [0, 1]: decay neighbours with IoU ≥ N_t by (1 − IoU). */
  N_t: number;
}

export const softLinearDefaults: SoftLinearOptions = { ...COMMON_DEFAULTS, N_t: 0.3, minScore: 1e-3 };

export const softLinearSpec: NmsMethodSpec<SoftLinearOptions> = {
  name: 'soft-linear',
  defaults: softLinearDefaults,
  requires: [],
  scoreDomain: 'probability',
};

/**
 * @example softLinear({ boxes: Float32Array.of(0, 0, 10, 10, 2, 0, 12, 10), scores: Float32Array.of(0.9, 0.8) }, { N_t: 0.3 })
 * // → { keep: Int32Array [0, 1], scores: Float32Array [0.9, 0.2666…] }   (IoU = 80/120 = ⅔ ≥ 0.3, so 0.8 · (1 − ⅔))
 */
export function softLinear(input: NmsInput, options?: Partial<SoftLinearOptions>): NmsResult {
  const o = resolveOptions(softLinearSpec, options);
  checkRange('soft-linear', 'N_t', o.N_t, 0, 1);
  checkRange('soft-linear', 'minScore', o.minScore, 0, 1);
  const N_t = o.N_t;
  // Eq. 2: the linear penalty, only at IoU ≥ N_t.
  return softDecay(softLinearSpec, input, o, (IoU) => (IoU >= N_t ? 1 - IoU : 1));
}
