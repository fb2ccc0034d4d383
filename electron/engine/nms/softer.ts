/**
 * Softer-NMS: variance voting — He, Zhu, Wang, Savvides, Zhang, "Bounding Box
 * Regression with Uncertainty for Accurate Object Detection", CVPR 2019,
 * Algorithm 1 and Eq. 11–12:
 *
 *   p_i = exp(−(1 − IoU(b_i, b))² / σ_t)                       Eq. 11
 *   x   = Σ_i p_i · x_i / σ²_{x,i}  /  Σ_i p_i / σ²_{x,i}       Eq. 12, per coordinate,
 *         over the boxes b_i with IoU(b_i, b) > 0
 *
 * The detector predicts a variance σ² per coordinate alongside each box; a
 * kept box b is replaced by an average of its overlapping neighbours in which
 * each coordinate weighs neighbours that agree with b (high IoU) and are sure
 * of that coordinate (low σ²). Needs input.variances (N×4 σ², x1 y1 x2 y2).
 *
 * The suppression step that accompanies voting is the paper's Soft-NMS by
 * default, configured like the authors' released code (KL-Loss,
 * cfg.STD.SOFT = 'soft'): Gaussian decay exp(−IoU²/σ) with σ = 0.5 on
 * overlapping boxes, discarding below 1e-3; `suppression: 'greedy'` uses hard
 * NMS at N_t instead (IoU > N_t, as greedy.ts). σ_t defaults to 0.01, the
 * released code's cfg.STD.IOU_SIGMA. As in that code, each round votes among
 * the candidates still competing (M included, with p = 1), before decaying
 * them; IoUs always use the original boxes, the voted box is output only.
 */
import { iouAt } from './iou.js';
import { decayFate } from './soft-decay.js';
import { gaussianPenalty } from './soft-gaussian.js';
import { COMMON_DEFAULTS, assemble, checkChoice, checkRange, prepare, resolveOptions } from './stages.js';
import type { NmsCommonOptions, NmsFate, NmsInput, NmsMethodSpec, NmsOverlap, NmsResult, NmsRound } from './types.js';

export type SofterSuppression = 'soft-gaussian' | 'greedy';

export interface SofterOptions extends NmsCommonOptions {
  /** σ_t > 0 of the voting weight p_i = exp(−(1 − IoU)²/σ_t). */
  sigma_t: number;
  /** How neighbours of the chosen box are suppressed after voting. */
  suppression: SofterSuppression;
  /** σ > 0 of the Gaussian Soft-NMS decay (suppression 'soft-gaussian'). */
  sigma: number;
  /** N_t in [0, 1] of hard suppression (suppression 'greedy'). */
  N_t: number;
  /** Soft-NMS score floor. */
  minScore: number;
}

export const softerDefaults: SofterOptions = {
  ...COMMON_DEFAULTS,
  sigma_t: 0.01,
  suppression: 'soft-gaussian',
  sigma: 0.5,
  N_t: 0.5,
  minScore: 1e-3,
};

export const softerSpec: NmsMethodSpec<SofterOptions> = {
  name: 'softer',
  defaults: softerDefaults,
  requires: ['variances'],
  scoreDomain: 'probability',
};

/**
 * @example softer({ boxes: Float32Array.of(0, 0, 10, 10, 2, 0, 12, 10), scores: Float32Array.of(0.9, 0.8),
 *   variances: Float32Array.of(1, 1, 1, 1, 1, 1, 1, 1) }, { sigma_t: 1, suppression: 'greedy' }).boxes
 * // → Float32Array [0.9445…, 0, 10.9445…, 10]   (IoU = ⅔, p = exp(−1/9) ≈ 0.8948; x1 = 0.8948·2 / 1.8948)
 */
export function softer(input: NmsInput, options?: Partial<SofterOptions>): NmsResult {
  const o = resolveOptions(softerSpec, options);
  checkRange('softer', 'sigma_t', o.sigma_t, 0, Infinity, { lo: true });
  checkChoice('softer', 'suppression', o.suppression, ['soft-gaussian', 'greedy']);
  checkRange('softer', 'sigma', o.sigma, 0, Infinity, { lo: true });
  checkRange('softer', 'N_t', o.N_t, 0, 1);
  checkRange('softer', 'minScore', o.minScore, 0, 1);
  const { order, deadline, stats } = prepare(softerSpec, input, o);
  const { boxes, scores } = input;
  const variances = input.variances!;
  const soft = o.suppression === 'soft-gaussian';

  const live = soft ? order.filter((i) => scores[i]! >= o.minScore) : Int32Array.from(order);
  const s = new Float64Array(scores.length);
  for (const i of live) s[i] = scores[i]!;
  let n = live.length;
  let best = 0;
  const selected: number[] = [];
  const finals: number[] = [];
  const refined: number[] = [];
  const trace: NmsRound[] | undefined = o.trace ? [] : undefined;
  const IoUs = new Float64Array(scores.length);

  while (n > 0 && selected.length < o.maxOutput) {
    deadline.check(selected.length, order.length);
    const M = live[best]!;
    live[best] = live[--n]!;
    selected.push(M);
    finals.push(s[M]!);
    // Eq. 11–12: M votes with p = 1 (IoU(M, M) = 1), every live neighbour with IoU > 0 with p_i.
    const num = [0, 1, 2, 3].map((c) => boxes[4 * M + c]! / variances[4 * M + c]!);
    const den = [0, 1, 2, 3].map((c) => 1 / variances[4 * M + c]!);
    for (let pos = 0; pos < n; pos++) {
      const i = live[pos]!;
      stats.overlaps++;
      const IoU = iouAt(boxes, M, boxes, i, o.offset);
      IoUs[i] = IoU;
      if (IoU <= 0) continue;
      const p_i = Math.exp(-((1 - IoU) ** 2) / o.sigma_t);
      for (let c = 0; c < 4; c++) {
        num[c]! += (p_i * boxes[4 * i + c]!) / variances[4 * i + c]!;
        den[c]! += p_i / variances[4 * i + c]!;
      }
    }
    for (let c = 0; c < 4; c++) refined.push(num[c]! / den[c]!);
    // Then suppression of the neighbours, as Soft-NMS (Gaussian) or greedy NMS.
    const ious: NmsOverlap[] = [];
    const fates: NmsFate[] = [];
    best = -1;
    for (let pos = 0; pos < n; pos++) {
      const i = live[pos]!;
      const IoU = IoUs[i]!;
      if (IoU > 0) {
        const from = s[i]!;
        let gone: boolean;
        if (soft) {
          s[i] = from * gaussianPenalty(IoU, o.sigma);
          gone = s[i]! < o.minScore;
        } else {
          gone = IoU > o.N_t;
        }
        if (trace) {
          ious.push({ index: i, iou: IoU });
          fates.push(decayFate(i, gone, from, s[i]!));
        }
        if (gone) {
          live[pos--] = live[--n]!;
          continue;
        }
      }
      if (best < 0 || s[i]! > s[live[best]!]! || (s[i] === s[live[best]!] && i < live[best]!)) best = pos;
    }
    trace?.push({ chosen: M, score: s[M]!, ious, fates });
  }
  return assemble(input, Int32Array.from(selected), Float64Array.from(finals), Float64Array.from(refined), o.maxOutput, stats, trace);
}
