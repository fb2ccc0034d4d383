/**
 * Matrix NMS — Wang, Zhang, Kong, Li, Shen, "SOLOv2: Dynamic and Fast
 * Instance Segmentation", NeurIPS 2020, Eq. 4 (and the authors' matrix_nms):
 *
 *   comp_i  = max_{k < i} IoU(k, i)                    how much b_i is itself suppressed
 *   decay_j = min_{i < j} f(IoU(i, j)) / f(comp_i)     (boxes sorted by descending score)
 *   s_j    ← s_j · decay_j
 *
 *   linear:   f(iou) = 1 − iou
 *   Gaussian: f(iou) = exp(−σ · iou²),  σ = 2
 *
 * Like Soft-NMS it decays scores instead of deleting boxes, but all decays
 * come from the IoU matrix at once, so it is parallel like Fast NMS. Dividing
 * by f(comp_i) undoes the penalty for a box i that is itself a duplicate: a
 * suppressed box should not suppress much. Notes: the Gaussian kernel is
 * written exp(−σ·iou²) with σ = 2 as in the SOLOv2 code (and mmdet's
 * mask_matrix_nms); the paper's text writes exp(−iou²/σ). A decay never
 * exceeds 1 (rows with zero IoU give f(0)/f(comp_i) ≥ 1, which the code's
 * min over the full column also caps at 1 via the top box). With the linear
 * kernel, a row with comp_i = 1 gives (1 − iou)/0: taken as +∞ (no
 * constraint), the limit for iou < 1. After the decay, boxes with
 * s_j < updateThreshold are dropped (SOLOv2's update_thr = 0.05). With
 * input.classes present, only boxes of the same class decay each other (the
 * label matrix of SOLOv2); without, all boxes are one class.
 */
import { iouAt } from './iou.js';
import { COMMON_DEFAULTS, assemble, checkChoice, checkRange, prepare, resolveOptions } from './stages.js';
import type { NmsCommonOptions, NmsFate, NmsInput, NmsMethodSpec, NmsOverlap, NmsResult, NmsRound } from './types.js';

export type MatrixKernel = 'gaussian' | 'linear';

export interface MatrixOptions extends NmsCommonOptions {
  kernel: MatrixKernel;
  /** σ > 0 of the Gaussian kernel exp(−σ·iou²). */
  sigma: number;
  /** Drop boxes whose decayed score is below this (SOLOv2's update_thr); 0 keeps all. */
  updateThreshold: number;
}

export const matrixDefaults: MatrixOptions = { ...COMMON_DEFAULTS, kernel: 'gaussian', sigma: 2, updateThreshold: 0.05 };

export const matrixSpec: NmsMethodSpec<MatrixOptions> = { name: 'matrix', defaults: matrixDefaults, requires: [], scoreDomain: 'probability' };

/**
 * @example matrix({ boxes: Float32Array.of(0, 0, 10, 10, 2, 0, 12, 10), scores: Float32Array.of(0.9, 0.8) }, { kernel: 'linear' })
 * // → { keep: Int32Array [0, 1], scores: Float32Array [0.9, 0.2666…] }   (decay_1 = (1 − ⅔)/(1 − 0))
 */
export function matrix(input: NmsInput, options?: Partial<MatrixOptions>): NmsResult {
  const o = resolveOptions(matrixSpec, options);
  checkChoice('matrix', 'kernel', o.kernel, ['gaussian', 'linear']);
  checkRange('matrix', 'sigma', o.sigma, 0, Infinity, { lo: true });
  checkRange('matrix', 'updateThreshold', o.updateThreshold, 0, 1);
  const { order, deadline, stats } = prepare(matrixSpec, input, o);
  const { boxes, scores, classes } = input;
  const count = order.length;
  const gaussian = o.kernel === 'gaussian';
  const sigma = o.sigma;
  // f(iou_ij)/f(comp_i); the Gaussian ratio as one exponential so neither factor can underflow alone.
  const ratioOf = (iou_ij: number, comp_i: number): number => {
    if (gaussian) return Math.exp(-sigma * (iou_ij * iou_ij - comp_i * comp_i));
    // Linear kernel with comp_i = 1: (1 − iou)/0 → +∞, no constraint.
    return comp_i < 1 ? (1 - iou_ij) / (1 - comp_i) : Infinity;
  };

  // One pass over the upper triangle: when column j is reached, comp_i for every i < j is final.
  const comp = new Float64Array(count);
  const decay = new Float64Array(count).fill(1);
  const trace: NmsRound[] | undefined = o.trace ? [] : undefined;
  const rowIous: NmsOverlap[][] = trace ? Array.from({ length: count }, () => []) : [];
  const rowFates: NmsFate[][] = trace ? Array.from({ length: count }, () => []) : [];
  for (let q = 0; q < count; q++) {
    if ((q & 63) === 0) deadline.check(q, count);
    const j = order[q]!;
    for (let p = 0; p < q; p++) {
      const i = order[p]!;
      if (classes && classes[i] !== classes[j]) continue; // label matrix
      stats.overlaps++;
      const iou_ij = iouAt(boxes, i, boxes, j, o.offset);
      if (iou_ij <= 0) continue; // f(0)/f(comp_i) ≥ 1: no constraint
      if (iou_ij > comp[q]!) comp[q] = iou_ij;
      const ratio = ratioOf(iou_ij, comp[p]!);
      if (ratio < decay[q]!) decay[q] = ratio;
      if (trace) {
        rowIous[p]!.push({ index: j, iou: iou_ij });
        const from = scores[j]!;
        rowFates[p]!.push(from * ratio < from ? { index: j, fate: 'decayed', from, to: from * ratio } : { index: j, fate: 'untouched' });
      }
    }
  }
  const selected: number[] = [];
  const finals: number[] = [];
  for (let q = 0; q < count; q++) {
    const j = order[q]!;
    const s_j = scores[j]! * decay[q]!;
    if (trace) trace.push({ chosen: j, score: s_j, ious: rowIous[q]!, fates: rowFates[q]! });
    if (s_j >= o.updateThreshold) {
      selected.push(j);
      finals.push(s_j);
    }
  }
  return assemble(input, Int32Array.from(selected), Float64Array.from(finals), null, o.maxOutput, stats, trace);
}
