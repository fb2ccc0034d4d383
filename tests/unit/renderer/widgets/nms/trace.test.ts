import { describe, expect, it } from 'vitest';
import { runNms } from '../../../../../electron/engine/nms/index.js';
import { boxState, frameAt, traceLogRows } from '../../../../../renderer/src/widgets/nms/trace.js';
import { workedExampleInput } from '../../../../../renderer/src/widgets/nms/worked-example.js';

const input = workedExampleInput();
const A1 = 0;
const A2 = 1;
const A3 = 2;
const B1 = 3;

describe('playing a greedy NMS trace', () => {
  const trace = runNms('greedy', input, { N_t: 0.5, trace: true }).trace ?? [];

  it('starts with every box pending', () => {
    const frame = frameAt(trace, input.scores, 0);
    expect(frame.current).toBeNull();
    expect([0, 1, 2, 3, 4, 5].map((i) => boxState(frame, i))).toEqual(Array(6).fill('pending'));
  });

  it('shows round 1: A1 current, its suppressed neighbours removed now, the rest pending', () => {
    const frame = frameAt(trace, input.scores, 1);
    expect(boxState(frame, A1)).toBe('current');
    expect(boxState(frame, A2)).toBe('removed-now');
    expect(boxState(frame, A3)).toBe('removed-now');
    expect(boxState(frame, B1)).toBe('pending');
    expect(frame.overlaps.get(A2)?.iou).toBeCloseTo(0.8557, 3);
  });

  it('shows round 2: A1 kept, A2 and A3 suppressed earlier, B1 current', () => {
    const frame = frameAt(trace, input.scores, 2);
    expect(frame.chosen).toEqual([A1, B1]);
    expect(boxState(frame, A1)).toBe('kept');
    expect(boxState(frame, A2)).toBe('suppressed');
    expect(boxState(frame, B1)).toBe('current');
  });

  it('clamps the round to the trace', () => {
    expect(frameAt(trace, input.scores, 99).round).toBe(2);
    expect(frameAt(trace, input.scores, -3).round).toBe(0);
  });

  it('lists one log row per neighbour per round', () => {
    const rows = traceLogRows(trace);
    expect(rows.filter((row) => row.fate === 'suppressed').map((row) => [row.round, row.neighbour])).toEqual([
      [1, A2],
      [1, A3],
      [2, 4],
      [2, 5],
    ]);
    expect(rows.every((row) => row.neighbour === -1 || row.iou > 0)).toBe(true);
  });
});

describe('playing a Soft-NMS trace', () => {
  it('lowers scores round by round and records from → to', () => {
    const trace = runNms('soft-gaussian', input, { sigma: 0.5, trace: true }).trace ?? [];
    const frame = frameAt(trace, input.scores, 1);
    const fate = frame.fates.get(A2);
    expect(fate?.fate).toBe('decayed');
    expect(frame.scores[A2]).toBeLessThan(input.scores[A2]!);
    const rows = traceLogRows(trace).filter((row) => row.fate === 'decayed');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.from !== null && row.to !== null && row.to < row.from)).toBe(true);
  });

  it('gives a round without neighbours one row', () => {
    const rows = traceLogRows([{ chosen: 4, score: 0.5, ious: [], fates: [] }]);
    expect(rows).toEqual([expect.objectContaining({ round: 1, chosen: 4, neighbour: -1 })]);
  });
});
