/**
 * The greedy lesson states what its worked example does; this runs the
 * engine's NMS on the preset and checks every statement, so editing a box
 * cannot silently make the lesson wrong.
 */
import { describe, expect, it } from 'vitest';
import { iou } from '../../../../../electron/engine/nms/iou.js';
import { runNms } from '../../../../../electron/engine/nms/index.js';
import { WORKED_EXAMPLE, workedExampleInput } from '../../../../../renderer/src/widgets/nms/worked-example.js';

const labels = WORKED_EXAMPLE.map((entry) => entry.label);
const byLabel = (label: string): readonly number[] => WORKED_EXAMPLE.find((entry) => entry.label === label)!.box;

function greedyRun(N_t: number): { kept: string[]; rounds: string[] } {
  const result = runNms('greedy', workedExampleInput(), { N_t, trace: true });
  return { kept: Array.from(result.keep, (k) => labels[k]!), rounds: (result.trace ?? []).map((round) => labels[round.chosen]!) };
}

describe('the worked example of the greedy NMS lesson', () => {
  it('has the IoUs the lesson tabulates (to two decimals), and tiny ones across objects', () => {
    const pair = (a: string, b: string): number => Number(iou(byLabel(a), byLabel(b)).toFixed(2));
    expect(pair('A1', 'A2')).toBe(0.86);
    expect(pair('A1', 'A3')).toBe(0.61);
    expect(pair('B1', 'B2')).toBe(0.79);
    expect(pair('B1', 'B3')).toBe(0.63);
    for (const a of ['A1', 'A2', 'A3']) for (const b of ['B1', 'B2', 'B3']) expect(iou(byLabel(a), byLabel(b))).toBeLessThanOrEqual(0.04);
  });

  it('keeps two boxes in two rounds at N_t = 0.5, one per object', () => {
    expect(greedyRun(0.5)).toEqual({ kept: ['A1', 'B1'], rounds: ['A1', 'B1'] });
  });

  it('takes four rounds at N_t = 0.7 and keeps the duplicates A3 and B3', () => {
    expect(greedyRun(0.7)).toEqual({ kept: ['A1', 'B1', 'A3', 'B3'], rounds: ['A1', 'B1', 'A3', 'B3'] });
  });

  it('suppresses A2, A3 in round 1 and B2, B3 in round 2 at N_t = 0.5', () => {
    const trace = runNms('greedy', workedExampleInput(), { N_t: 0.5, trace: true }).trace ?? [];
    const suppressed = trace.map((round) =>
      round.fates
        .filter((fate) => fate.fate === 'suppressed')
        .map((fate) => labels[fate.index])
        .sort(),
    );
    expect(suppressed).toEqual([
      ['A2', 'A3'],
      ['B2', 'B3'],
    ]);
  });

  it('keeps every box under Gaussian Soft-NMS (σ = 0.5), two of them above 0.4, as the Soft-NMS step says', () => {
    const result = runNms('soft-gaussian', workedExampleInput(), { sigma: 0.5 });
    expect(result.keep.length).toBe(6);
    const above = Array.from(result.keep, (k, i) => [labels[k]!, result.scores[i]!] as const).filter(([, score]) => score > 0.4);
    expect(above.map(([label]) => label)).toEqual(['A1', 'B1']);
    // "A larger σ keeps more boxes above that line."
    const gentler = runNms('soft-gaussian', workedExampleInput(), { sigma: 1 });
    expect(Array.from(gentler.scores).filter((score) => score > 0.4).length).toBeGreaterThan(2);
  });

  it("leaves room between the labels drawn at the boxes' top-left corners", () => {
    for (const a of WORKED_EXAMPLE) {
      for (const b of WORKED_EXAMPLE) {
        if (a === b) continue;
        const apart = Math.max(Math.abs(a.box[0] - b.box[0]) > 90 ? Infinity : 0, Math.abs(a.box[1] - b.box[1]));
        expect(apart, `${a.label}–${b.label}`).toBeGreaterThanOrEqual(18);
      }
    }
  });
});
