/**
 * The round loop both Soft-NMS penalties share (Bodla et al., ICCV 2017, Algorithm 1): pick the
 * highest current score M, multiply every overlapping neighbour's score by the method's penalty
 * factor f(IoU(M, b_i)), drop boxes that fall below the floor, repeat. soft-linear.ts and
 * soft-gaussian.ts supply f and their own option checks; the semantics (mmcv's `soft_nms`,
 * ties to the lower input index, initial scores below the floor dropped) are documented there.
 */
import { iouAt } from './iou.js';
import { assemble, prepare } from './stages.js';
import type { NmsCommonOptions, NmsFate, NmsInput, NmsMethodSpec, NmsOverlap, NmsResult, NmsRound } from './types.js';

export interface SoftDecayOptions extends NmsCommonOptions {
  /** Discard a box once its score falls below this (mmcv's min_score). */
  minScore: number;
}

/** What a round did to a neighbour whose score went from `from` to `to`, for the trace. */
export function decayFate(index: number, gone: boolean, from: number, to: number): NmsFate {
  if (gone) return { index, fate: 'suppressed' };
  return to < from ? { index, fate: 'decayed', from, to } : { index, fate: 'untouched' };
}

/** `penalty(iou)` is the factor a neighbour's score is multiplied by; 1 leaves it exactly as it was. */
export function softDecay<O extends SoftDecayOptions>(spec: NmsMethodSpec<O>, input: NmsInput, o: O, penalty: (iou: number) => number): NmsResult {
  const { order, deadline, stats } = prepare(spec, input, o);
  const { boxes, scores } = input;

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
      // Boxes that do not overlap M keep their score exactly, whatever the penalty.
      if (IoU > 0) {
        const from = s[i]!;
        s[i] = from * penalty(IoU);
        if (trace) {
          ious.push({ index: i, iou: IoU });
          fates.push(decayFate(i, s[i]! < o.minScore, from, s[i]!));
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
