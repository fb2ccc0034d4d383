/**
 * DIoU-NMS — Zheng, Wang, Liu, Li, Ye, Ren, "Distance-IoU Loss: Faster and
 * Better Learning for Bounding Box Regression", AAAI 2020, Eq. 12:
 *
 *   s_i = s_i  if IoU(M, B_i) − R_DIoU(M, B_i) < ε,   else 0,
 *   R_DIoU = ρ²(b_M, b_i) / c²                    (centre distance² over enclosing diagonal², Eq. 5–6)
 *
 * Two heavily overlapping boxes whose centres are far apart are likely two
 * objects (one occluding the other), so the centre distance is subtracted
 * before comparing with the threshold. We follow YOLOv4's darknet
 * (`box_diounms`, `diounms_sort`): the penalty is raised to a power β,
 *   suppress b_i  if  IoU − (ρ²/c²)^β > N_t      (strict, like greedy's >),
 * with β = 0.6 by default as in YOLOv4 (beta_nms); β = 1 is the paper's form.
 * ε is called N_t here. Boxes with IoU = 0 are never suppressed (their
 * criterion is ≤ 0 ≤ N_t), so only overlapping pairs are evaluated further.
 */
import { distancePenaltyAt, iouAt } from './iou.js';
import { COMMON_DEFAULTS, assemble, checkRange, prepare, resolveOptions } from './stages.js';
import type { NmsCommonOptions, NmsFate, NmsInput, NmsMethodSpec, NmsOverlap, NmsResult, NmsRound } from './types.js';

export interface DiouOptions extends NmsCommonOptions {
  /** N_t (the paper's ε) in [0, 1]: suppress when IoU − (ρ²/c²)^β > N_t. */
  N_t: number;
  /** β > 0: exponent of the distance penalty; 0.6 as YOLOv4, 1 as the paper. */
  beta: number;
}

export const diouDefaults: DiouOptions = { ...COMMON_DEFAULTS, N_t: 0.5, beta: 0.6 };

export const diouSpec: NmsMethodSpec<DiouOptions> = { name: 'diou', defaults: diouDefaults, requires: [], scoreDomain: 'real' };

/**
 * @example diou({ boxes: Float32Array.of(0, 0, 10, 10, 2, 0, 12, 10), scores: Float32Array.of(0.9, 0.8) }, { beta: 1 })
 * // → { keep: Int32Array [0], … }   (IoU = ⅔, ρ²/c² = 4/244, criterion 0.650 > 0.5)
 */
export function diou(input: NmsInput, options?: Partial<DiouOptions>): NmsResult {
  const o = resolveOptions(diouSpec, options);
  checkRange('diou', 'N_t', o.N_t, 0, 1);
  checkRange('diou', 'beta', o.beta, 0, Infinity, { lo: true });
  const { order, deadline, stats } = prepare(diouSpec, input, o);
  const { boxes, scores } = input;
  const count = order.length;
  const suppressed = new Uint8Array(count);
  const selected: number[] = [];
  const trace: NmsRound[] | undefined = o.trace ? [] : undefined;

  for (let p = 0; p < count && selected.length < o.maxOutput; p++) {
    if (suppressed[p]) continue;
    deadline.check(p, count);
    const M = order[p]!;
    const ious: NmsOverlap[] = [];
    const fates: NmsFate[] = [];
    for (let q = p + 1; q < count; q++) {
      if (suppressed[q]) continue;
      const i = order[q]!;
      stats.overlaps++;
      const IoU = iouAt(boxes, M, boxes, i, o.offset);
      if (IoU <= 0) continue;
      const criterion = IoU - distancePenaltyAt(boxes, M, boxes, i, o.offset) ** o.beta; // Eq. 12 with darknet's β
      if (criterion > o.N_t) suppressed[q] = 1;
      if (trace) {
        ious.push({ index: i, iou: IoU, criterion });
        fates.push({ index: i, fate: criterion > o.N_t ? 'suppressed' : 'untouched' });
      }
    }
    selected.push(M);
    trace?.push({ chosen: M, score: scores[M]!, ious, fates });
  }
  const finals = Float64Array.from(selected, (i) => scores[i]!);
  return assemble(input, Int32Array.from(selected), finals, null, o.maxOutput, stats, trace);
}
