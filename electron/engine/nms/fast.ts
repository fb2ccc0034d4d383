/**
 * Fast NMS — Bolya, Zhou, Xiao, Lee, "YOLACT: Real-time Instance
 * Segmentation", ICCV 2019, §3.4:
 *
 *   X = triu(IoU matrix of the score-sorted boxes, diagonal excluded)
 *   K_j = max_i X_ij                     (column max: the highest IoU with any better-scored box)
 *   keep b_j  iff  K_j ≤ N_t
 *
 * Greedy NMS is sequential because whether b_j survives depends on whether
 * the boxes that could suppress it survived. Fast NMS drops that dependency:
 * a box that is itself suppressed may still suppress others. Every decision
 * then comes from one matrix and one column max — trivially parallel on a GPU
 * — at the price of removing slightly more boxes than greedy NMS (its kept
 * set is always a subset of greedy's at the same N_t; tested). Keep-at-
 * threshold (K_j = N_t survives), as YOLACT's `iou_max <= iou_threshold`.
 * This CPU version streams the matrix row by row (O(M²) time, O(M) memory)
 * and stops a column at the first IoU > N_t unless a trace is requested.
 * YOLACT applies it after a top-k (200); set topK for large inputs.
 */
import { iouAt } from './iou.js';
import { COMMON_DEFAULTS, assemble, checkRange, prepare, resolveOptions } from './stages.js';
import type { NmsCommonOptions, NmsFate, NmsInput, NmsMethodSpec, NmsOverlap, NmsResult, NmsRound } from './types.js';

export interface FastOptions extends NmsCommonOptions {
  /** N_t in [0, 1]: drop b_j when its column max K_j > N_t. */
  N_t: number;
}

export const fastDefaults: FastOptions = { ...COMMON_DEFAULTS, N_t: 0.5 };

export const fastSpec: NmsMethodSpec<FastOptions> = { name: 'fast', defaults: fastDefaults, requires: [], scoreDomain: 'real' };

/**
 * @example fast({ boxes: Float32Array.of(0, 0, 10, 10, 6, 0, 16, 10, 12, 0, 22, 10), scores: Float32Array.of(0.9, 0.8, 0.7) }, { N_t: 0.2 })
 * // → { keep: Int32Array [0], … }   (box 1 is removed by box 0, and box 2 by box 1 although box 1 was removed; greedy keeps [0, 2])
 */
export function fast(input: NmsInput, options?: Partial<FastOptions>): NmsResult {
  const o = resolveOptions(fastSpec, options);
  checkRange('fast', 'N_t', o.N_t, 0, 1);
  const { order, deadline, stats } = prepare(fastSpec, input, o);
  const { boxes, scores } = input;
  const count = order.length;
  const selected: number[] = [];

  if (o.trace) {
    // Row by row, as the matrix reads: row i lists X_ij for every later j.
    const K = new Float64Array(count);
    const trace: NmsRound[] = [];
    for (let p = 0; p < count; p++) {
      deadline.check(p, count);
      const i = order[p]!;
      const ious: NmsOverlap[] = [];
      const fates: NmsFate[] = [];
      for (let q = p + 1; q < count; q++) {
        const j = order[q]!;
        stats.overlaps++;
        const X_ij = iouAt(boxes, i, boxes, j, o.offset);
        if (X_ij > K[q]!) K[q] = X_ij;
        if (X_ij > 0) {
          ious.push({ index: j, iou: X_ij });
          fates.push({ index: j, fate: X_ij > o.N_t ? 'suppressed' : 'untouched' });
        }
      }
      trace.push({ chosen: i, score: scores[i]!, ious, fates });
    }
    for (let q = 0; q < count; q++) if (K[q]! <= o.N_t) selected.push(order[q]!);
    const finals = Float64Array.from(selected, (i) => scores[i]!);
    return assemble(input, Int32Array.from(selected), finals, null, o.maxOutput, stats, trace);
  }

  // Column by column: b_j survives iff no earlier box (suppressed or not) exceeds N_t with it.
  for (let q = 0; q < count && selected.length < o.maxOutput; q++) {
    if ((q & 63) === 0) deadline.check(q, count);
    const j = order[q]!;
    let K_j = 0;
    for (let p = 0; p < q && K_j <= o.N_t; p++) {
      stats.overlaps++;
      K_j = Math.max(K_j, iouAt(boxes, order[p]!, boxes, j, o.offset));
    }
    if (K_j <= o.N_t) selected.push(j);
  }
  const finals = Float64Array.from(selected, (i) => scores[i]!);
  return assemble(input, Int32Array.from(selected), finals, null, o.maxOutput, stats);
}
