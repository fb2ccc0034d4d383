/**
 * Weighted NMS — Ning, Zhou, Song, Tang, "Inception Single Shot MultiBox
 * Detector for Object Detection", ICME Workshops 2017 (the SOURCES digest's
 * "Weighted NMS (ICMEW 2017)"):
 *
 *   cluster(M) = { b_i remaining : IoU(M, b_i) ≥ N_t }  (M included)
 *   w_i = s_i · IoU(M, b_i)
 *   M'  = Σ_i w_i · b_i / Σ_i w_i                 (per coordinate)
 *
 * Greedy NMS discards the neighbours of the maximum M; weighted NMS lets
 * them vote on where M's box should be, weighting each by its score and by
 * how much it agrees with M. The cluster is removed and M' is kept with M's
 * score. Choices: membership uses IoU ≥ N_t (the paper's inclusive
 * threshold, not greedy's >) and additionally IoU > 0, so at N_t = 0 boxes
 * that do not touch M are not swallowed; M's own weight is s_M (IoU(M, M) = 1,
 * also for a zero-area M); later rounds compare original boxes, the refined
 * M' is output only; if Σ w = 0 (s_M = 0), M is kept unchanged.
 */
import { iouAt } from './iou.js';
import { COMMON_DEFAULTS, assemble, checkRange, prepare, resolveOptions } from './stages.js';
import type { NmsCommonOptions, NmsFate, NmsInput, NmsMethodSpec, NmsOverlap, NmsResult, NmsRound } from './types.js';

export interface WeightedOptions extends NmsCommonOptions {
  /** N_t in [0, 1]: neighbours with IoU ≥ N_t are merged into M. */
  N_t: number;
}

export const weightedDefaults: WeightedOptions = { ...COMMON_DEFAULTS, N_t: 0.5 };

export const weightedSpec: NmsMethodSpec<WeightedOptions> = {
  name: 'weighted',
  defaults: weightedDefaults,
  requires: [],
  scoreDomain: 'probability',
};

/**
 * @example weighted({ boxes: Float32Array.of(0, 0, 10, 10, 2, 0, 12, 10), scores: Float32Array.of(0.6, 0.3) })
 * // → { keep: Int32Array [0], scores: Float32Array [0.6], boxes: Float32Array [0.5, 0, 10.5, 10] }
 * //   (IoU = ⅔; w = 0.6 and 0.3·⅔ = 0.2; x1 = (0.6·0 + 0.2·2)/0.8 = 0.5)
 */
export function weighted(input: NmsInput, options?: Partial<WeightedOptions>): NmsResult {
  const o = resolveOptions(weightedSpec, options);
  checkRange('weighted', 'N_t', o.N_t, 0, 1);
  const { order, deadline, stats } = prepare(weightedSpec, input, o);
  const { boxes, scores } = input;
  const N_t = o.N_t;
  const M_count = order.length;
  const merged = new Uint8Array(M_count);
  const selected: number[] = [];
  const refined: number[] = [];
  const trace: NmsRound[] | undefined = o.trace ? [] : undefined;

  for (let p = 0; p < M_count && selected.length < o.maxOutput; p++) {
    if (merged[p]) continue;
    deadline.check(p, M_count);
    const M = order[p]!;
    // M votes for itself with weight s_M · IoU(M, M) = s_M.
    let W = scores[M]!;
    const sum = [0, 1, 2, 3].map((c) => W * boxes[4 * M + c]!);
    const ious: NmsOverlap[] = [];
    const fates: NmsFate[] = [];
    for (let q = p + 1; q < M_count; q++) {
      if (merged[q]) continue;
      const i = order[q]!;
      stats.overlaps++;
      const IoU = iouAt(boxes, M, boxes, i, o.offset);
      if (IoU <= 0) continue;
      if (IoU >= N_t) {
        merged[q] = 1;
        const w_i = scores[i]! * IoU;
        W += w_i;
        for (let c = 0; c < 4; c++) sum[c]! += w_i * boxes[4 * i + c]!;
        if (trace) fates.push({ index: i, fate: 'merged', weight: w_i });
      } else if (trace) {
        fates.push({ index: i, fate: 'untouched' });
      }
      if (trace) ious.push({ index: i, iou: IoU });
    }
    selected.push(M);
    for (let c = 0; c < 4; c++) refined.push(W > 0 ? sum[c]! / W : boxes[4 * M + c]!);
    trace?.push({ chosen: M, score: scores[M]!, ious, fates });
  }
  const finals = Float64Array.from(selected, (i) => scores[i]!);
  return assemble(input, Int32Array.from(selected), finals, Float64Array.from(refined), o.maxOutput, stats, trace);
}
