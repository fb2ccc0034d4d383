/**
 * Reading an NMS trace (one entry per round, electron/common/nms.ts) as
 * something to show: the state of every box after r rounds for the stepper,
 * and flat log rows for tables and CSV files. Pure, so tests can check the
 * playback without a canvas.
 */
import type { NmsFate, NmsOverlap, NmsRound } from '../../../../electron/common/nms';

export type BoxState = 'pending' | 'kept' | 'current' | 'suppressed' | 'removed-now';

export interface TraceFrame {
  /** Rounds played, 0 … trace.length. */
  round: number;
  /** Chosen boxes of the rounds played, in order (for greedy NMS: the kept set so far). */
  chosen: number[];
  /** Box index → the round (1-based) in which it was suppressed. */
  suppressedIn: Map<number, number>;
  /** Every box's score after the rounds played (Soft-NMS lowers them). */
  scores: Float64Array;
  /** The round just played, or null before the first. */
  current: NmsRound | null;
  /** IoU with the current maximum, for its neighbours. */
  overlaps: Map<number, NmsOverlap>;
  /** Fate in the current round, for its neighbours. */
  fates: Map<number, NmsFate>;
}

/**
 * The state after `round` rounds.
 *
 * @example frameAt([{ chosen: 0, score: 0.9, ious: [{ index: 1, iou: 0.8 }], fates: [{ index: 1, fate: 'suppressed' }] }], [0.9, 0.8], 1).suppressedIn
 * // → Map { 1 => 1 }
 */
export function frameAt(trace: readonly NmsRound[], initialScores: ArrayLike<number>, round: number): TraceFrame {
  const played = Math.max(0, Math.min(trace.length, Math.floor(round)));
  const scores = Float64Array.from(initialScores);
  const chosen: number[] = [];
  const suppressedIn = new Map<number, number>();
  for (let k = 0; k < played; k++) {
    const entry = trace[k]!;
    chosen.push(entry.chosen);
    scores[entry.chosen] = entry.score;
    for (const fate of entry.fates) {
      if (fate.fate === 'suppressed') suppressedIn.set(fate.index, k + 1);
      else if (fate.fate === 'decayed') scores[fate.index] = fate.to;
    }
  }
  const current = played > 0 ? trace[played - 1]! : null;
  return {
    round: played,
    chosen,
    suppressedIn,
    scores,
    current,
    overlaps: new Map(current?.ious.map((overlap) => [overlap.index, overlap]) ?? []),
    fates: new Map(current?.fates.map((fate) => [fate.index, fate]) ?? []),
  };
}

/** How one box should be drawn in a frame. */
export function boxState(frame: TraceFrame, index: number): BoxState {
  if (frame.current?.chosen === index) return 'current';
  const removedIn = frame.suppressedIn.get(index);
  if (removedIn !== undefined) return removedIn === frame.round ? 'removed-now' : 'suppressed';
  if (frame.chosen.includes(index)) return 'kept';
  return 'pending';
}

export interface TraceLogRow {
  round: number;
  chosen: number;
  chosenScore: number;
  neighbour: number;
  iou: number;
  /** The value compared with the threshold when it is not the IoU (DIoU-NMS). */
  criterion: number | null;
  fate: NmsFate['fate'];
  from: number | null;
  to: number | null;
  weight: number | null;
}

/**
 * One row per neighbour per round (a round without neighbours gets one row
 * with neighbour −1, so every round appears).
 */
export function traceLogRows(trace: readonly NmsRound[]): TraceLogRow[] {
  const rows: TraceLogRow[] = [];
  trace.forEach((entry, k) => {
    const overlaps = new Map(entry.ious.map((overlap) => [overlap.index, overlap]));
    if (entry.fates.length === 0) {
      rows.push({
        round: k + 1,
        chosen: entry.chosen,
        chosenScore: entry.score,
        neighbour: -1,
        iou: 0,
        criterion: null,
        fate: 'untouched',
        from: null,
        to: null,
        weight: null,
      });
      return;
    }
    for (const fate of entry.fates) {
      const overlap = overlaps.get(fate.index);
      rows.push({
        round: k + 1,
        chosen: entry.chosen,
        chosenScore: entry.score,
        neighbour: fate.index,
        iou: overlap?.iou ?? 0,
        criterion: overlap?.criterion ?? null,
        fate: fate.fate,
        from: fate.fate === 'decayed' ? fate.from : null,
        to: fate.fate === 'decayed' ? fate.to : null,
        weight: fate.fate === 'merged' ? fate.weight : null,
      });
    }
  });
  return rows;
}
