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
import { iouAt } from './iou.js';
import { COMMON_DEFAULTS, assemble, checkRange, prepare, resolveOptions } from './stages.js';
import type { NmsCommonOptions, NmsFate, NmsInput, NmsMethodSpec, NmsOverlap, NmsResult, NmsRound } from './types.js';

export interface SoftGaussianOptions extends NmsCommonOptions {
  /** σ > 0 of the Gaussian penalty exp(−IoU²/σ). */
  sigma: number;
  /** Discard a box once its score falls below this (mmcv's min_score). */
  minScore: number;
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
  const { order, deadline, stats } = prepare(softGaussianSpec, input, o);
  const { boxes, scores } = input;
  const sigma = o.sigma;

  const live = order.filter((i) => scores[i]! >= o.minScore);
  const s = new Float64Array(scores.length);
  for (const i of live) s[i] = scores[i]!;
  let n = live.length;
  let best = 0;
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
      // exp(−0) = 1: boxes that do not overlap M keep their score exactly.
      if (IoU > 0) {
        const from = s[i]!;
        s[i] = from * Math.exp(-(IoU * IoU) / sigma); // Eq. 3
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
