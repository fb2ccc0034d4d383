/**
 * Adaptive NMS — Liu, Huang, Wang, "Adaptive NMS: Refining Pedestrian
 * Detection in a Crowd", CVPR 2019, Eq. 3 and Algorithm 1:
 *
 *   N_M = max(N_t, d_M)                         the threshold for the current maximum M
 *   suppress b_i if IoU(M, b_i) > N_M
 *
 * One fixed N_t is wrong somewhere: low, it deletes real people standing
 * close together; high, it keeps duplicates of an isolated person. A density
 * subnet predicts, per box, d = the highest IoU the object has with another
 * ground-truth object; in a crowd (high d_M) the threshold rises so
 * neighbours survive, in sparse regions it stays N_t. Needs input.densities
 * (d in [0, 1], as predicted or from the scene generator).
 * The algorithm box writes the suppression test as IoU ≥ N_M; we use > so
 * that with every d = 0 Adaptive NMS is exactly greedy NMS at N_t (tested).
 * The soft variant the paper also sketches is not implemented here.
 */
import { iouAt } from './iou.js';
import { COMMON_DEFAULTS, assemble, checkRange, prepare, resolveOptions } from './stages.js';
import type { NmsCommonOptions, NmsFate, NmsInput, NmsMethodSpec, NmsOverlap, NmsResult, NmsRound } from './types.js';

export interface AdaptiveOptions extends NmsCommonOptions {
  /** N_t in [0, 1]: the floor of the adaptive threshold N_M = max(N_t, d_M). */
  N_t: number;
}

export const adaptiveDefaults: AdaptiveOptions = { ...COMMON_DEFAULTS, N_t: 0.5 };

export const adaptiveSpec: NmsMethodSpec<AdaptiveOptions> = {
  name: 'adaptive',
  defaults: adaptiveDefaults,
  requires: ['densities'],
  scoreDomain: 'real',
};

/**
 * @example adaptive({ boxes: Float32Array.of(0, 0, 10, 10, 2, 0, 12, 10), scores: Float32Array.of(0.9, 0.8), densities: Float32Array.of(0.7, 0.7) })
 * // → { keep: Int32Array [0, 1], … }   (IoU = ⅔ ≤ N_M = max(0.5, 0.7) = 0.7, so both people stay)
 */
export function adaptive(input: NmsInput, options?: Partial<AdaptiveOptions>): NmsResult {
  const o = resolveOptions(adaptiveSpec, options);
  checkRange('adaptive', 'N_t', o.N_t, 0, 1);
  const { order, deadline, stats } = prepare(adaptiveSpec, input, o);
  const { boxes, scores } = input;
  const d = input.densities!;
  const count = order.length;
  const suppressed = new Uint8Array(count);
  const selected: number[] = [];
  const trace: NmsRound[] | undefined = o.trace ? [] : undefined;

  for (let p = 0; p < count && selected.length < o.maxOutput; p++) {
    if (suppressed[p]) continue;
    deadline.check(p, count);
    const M = order[p]!;
    const N_M = Math.max(o.N_t, d[M]!); // Eq. 3
    const ious: NmsOverlap[] = [];
    const fates: NmsFate[] = [];
    for (let q = p + 1; q < count; q++) {
      if (suppressed[q]) continue;
      const i = order[q]!;
      stats.overlaps++;
      const IoU = iouAt(boxes, M, boxes, i, o.offset);
      if (IoU > N_M) suppressed[q] = 1;
      if (trace && IoU > 0) {
        ious.push({ index: i, iou: IoU });
        fates.push({ index: i, fate: IoU > N_M ? 'suppressed' : 'untouched' });
      }
    }
    selected.push(M);
    trace?.push({ chosen: M, score: scores[M]!, ious, fates });
  }
  const finals = Float64Array.from(selected, (i) => scores[i]!);
  return assemble(input, Int32Array.from(selected), finals, null, o.maxOutput, stats, trace);
}
