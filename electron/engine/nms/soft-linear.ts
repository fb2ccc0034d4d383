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
import { iouAt } from './iou.js';
import { COMMON_DEFAULTS, assemble, checkRange, prepare, resolveOptions } from './stages.js';
import type { NmsCommonOptions, NmsFate, NmsInput, NmsMethodSpec, NmsOverlap, NmsResult, NmsRound } from './types.js';

export interface SoftLinearOptions extends NmsCommonOptions {
  /** N_t in [0, 1]: decay neighbours with IoU ≥ N_t by (1 − IoU). */
  N_t: number;
  /** Discard a box once its score falls below this (mmcv's min_score). */
  minScore: number;
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
  const { order, deadline, stats } = prepare(softLinearSpec, input, o);
  const { boxes, scores } = input;
  const N_t = o.N_t;

  // live[0..n) holds the input indices still competing; s their current scores.
  const live = order.filter((i) => scores[i]! >= o.minScore);
  const s = new Float64Array(scores.length);
  for (const i of live) s[i] = scores[i]!;
  let n = live.length;
  let best = 0; // position in live of the highest current score (order is sorted, so 0 first)
  const selected: number[] = [];
  const finals: number[] = [];
  const trace: NmsRound[] | undefined = o.trace ? [] : undefined;

  while (n > 0 && selected.length < o.maxOutput) {
    deadline.check(selected.length, order.length);
    const M = live[best]!;
    live[best] = live[--n]!;
    selected.push(M);
    finals.push(s[M]!);
    const ious: NmsOverlap[] = [];
    const fates: NmsFate[] = [];
    best = -1;
    for (let pos = 0; pos < n; pos++) {
      const i = live[pos]!;
      stats.overlaps++;
      const IoU = iouAt(boxes, M, boxes, i, o.offset);
      if (IoU > 0) {
        const from = s[i]!;
        // Eq. 2: the linear penalty, only at IoU ≥ N_t.
        if (IoU >= N_t) s[i] = from * (1 - IoU);
        if (trace) {
          ious.push({ index: i, iou: IoU });
          if (s[i]! < o.minScore) fates.push({ index: i, fate: 'suppressed' });
          else if (s[i]! < from) fates.push({ index: i, fate: 'decayed', from, to: s[i]! });
          else fates.push({ index: i, fate: 'untouched' });
        }
        if (s[i]! < o.minScore) {
          live[pos--] = live[--n]!;
          continue;
        }
      }
      if (best < 0 || s[i]! > s[live[best]!]! || (s[i] === s[live[best]!] && i < live[best]!)) best = pos;
    }
    trace?.push({ chosen: M, score: s[M]!, ious, fates });
  }
  return assemble(input, Int32Array.from(selected), Float64Array.from(finals), null, o.maxOutput, stats, trace);
}
