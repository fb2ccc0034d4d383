/**
 * IoU-guided NMS — Jiang, Luo, Mao, Xiao, Jiang, "Acquisition of Localization
 * Confidence for Accurate Object Detection" (IoU-Net), ECCV 2018, Algorithm 1:
 *
 *   while B ≠ ∅:
 *     m ← argmax_i I_i                       rank by predicted localisation IoU
 *     s ← s_m
 *     for b_j ∈ B with IoU(b_m, b_j) > Ω_nms:
 *       s ← max(s, s_j)                      the cluster's best classification score
 *       remove b_j
 *     keep ⟨b_m, s⟩
 *
 * Greedy NMS keeps the box with the best *classification* score, which need
 * not be the best *localised* one; IoU-Net keeps the box its IoU branch
 * believes is best placed and hands it the cluster's highest classification
 * confidence. Ω_nms is called N_t here (suppress when IoU > N_t, strictly, as
 * the algorithm writes it). Needs input.predictedIous. The score pre-filter
 * and top-k act on the classification score, before the re-ranking; ties in
 * the predicted IoU go to the lower input index. Output is in descending
 * final score (the selection order is by predicted IoU, so it is re-sorted;
 * equal final scores keep selection order).
 */
import { iouAt } from './iou.js';
import { COMMON_DEFAULTS, assemble, checkRange, prepare, resolveOptions } from './stages.js';
import type { NmsCommonOptions, NmsFate, NmsInput, NmsMethodSpec, NmsOverlap, NmsResult, NmsRound } from './types.js';

export interface IouGuidedOptions extends NmsCommonOptions {
  /** N_t (IoU-Net's Ω_nms) in [0, 1]: suppress when IoU > N_t. */
  N_t: number;
}

export const iouGuidedDefaults: IouGuidedOptions = { ...COMMON_DEFAULTS, N_t: 0.5 };

export const iouGuidedSpec: NmsMethodSpec<IouGuidedOptions> = {
  name: 'iou-guided',
  defaults: iouGuidedDefaults,
  requires: ['predictedIous'],
  scoreDomain: 'real',
};

/**
 * @example iouGuided({ boxes: Float32Array.of(0, 0, 10, 10, 1, 0, 11, 10), scores: Float32Array.of(0.9, 0.6), predictedIous: Float32Array.of(0.7, 0.95) })
 * // → { keep: Int32Array [1], scores: Float32Array [0.9] }   (box 1 is better localised; it inherits 0.9)
 */
export function iouGuided(input: NmsInput, options?: Partial<IouGuidedOptions>): NmsResult {
  const o = resolveOptions(iouGuidedSpec, options);
  checkRange('iou-guided', 'N_t', o.N_t, 0, 1);
  const { order, deadline, stats } = prepare(iouGuidedSpec, input, o, 'predictedIous');
  const { boxes, scores } = input;
  const count = order.length;
  const removed = new Uint8Array(count);
  const selected: number[] = [];
  const finals: number[] = [];
  const trace: NmsRound[] | undefined = o.trace ? [] : undefined;

  for (let p = 0; p < count; p++) {
    if (removed[p]) continue;
    deadline.check(p, count);
    const m = order[p]!;
    let s = scores[m]!;
    const ious: NmsOverlap[] = [];
    const fates: NmsFate[] = [];
    for (let q = p + 1; q < count; q++) {
      if (removed[q]) continue;
      const j = order[q]!;
      stats.overlaps++;
      const IoU = iouAt(boxes, m, boxes, j, o.offset);
      if (IoU > o.N_t) {
        s = Math.max(s, scores[j]!);
        removed[q] = 1;
      }
      if (trace && IoU > 0) {
        ious.push({ index: j, iou: IoU });
        fates.push({ index: j, fate: IoU > o.N_t ? 'suppressed' : 'untouched' });
      }
    }
    selected.push(m);
    finals.push(s);
    trace?.push({ chosen: m, score: s, ious, fates });
  }
  return assemble(input, Int32Array.from(selected), Float64Array.from(finals), null, o.maxOutput, stats, trace);
}
