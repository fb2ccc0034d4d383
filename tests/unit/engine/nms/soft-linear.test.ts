import { describe, expect, it } from 'vitest';
import { LabError } from '../../../../electron/common/errors.js';
import { softLinear } from '../../../../electron/engine/nms/soft-linear.js';

const F = Float32Array;
const f32 = Math.fround;

// A = (0,0,10,10), B = (2,0,12,10), C = (5,0,15,10), all 10 high:
// IoU(A,B) = 80/120 = ⅔, IoU(A,C) = 50/150 = ⅓, IoU(B,C) = 70/130 = 7/13.
const boxes = F.of(0, 0, 10, 10, 2, 0, 12, 10, 5, 0, 15, 10);
const scores = F.of(0.9, 0.8, 0.7);

describe('Soft-NMS, linear (Bodla et al. 2017, Eq. 2)', () => {
  it('decays by (1 − IoU) and re-picks the highest current score each round', () => {
    // Round 1: M = A. s_B = 0.8·(1 − ⅔) = 0.2667, s_C = 0.7·(1 − ⅓) = 0.4667.
    // Round 2: M = C (0.4667 > 0.2667). s_B = 0.2667·(1 − 7/13).  Round 3: M = B.
    const result = softLinear({ boxes, scores }, { N_t: 0.3, trace: true });
    expect(Array.from(result.keep)).toEqual([0, 2, 1]);
    const sB1 = f32(0.8) * (1 - 2 / 3);
    const sC1 = f32(0.7) * (1 - 1 / 3);
    expect(result.scores[0]).toBe(f32(0.9));
    expect(result.scores[1]).toBeCloseTo(sC1, 6);
    expect(result.scores[2]).toBeCloseTo(sB1 * (1 - 7 / 13), 6);
    // Fates are listed in the loop's internal order; compare them by index.
    expect([...result.trace![0]!.fates].sort((a, b) => a.index - b.index)).toEqual([
      { index: 1, fate: 'decayed', from: f32(0.8), to: expect.closeTo(sB1, 9) },
      { index: 2, fate: 'decayed', from: f32(0.7), to: expect.closeTo(sC1, 9) },
    ]);
    expect(result.trace!.map((r) => r.chosen)).toEqual([0, 2, 1]);
  });

  it('penalises at IoU = N_t exactly (≥, inclusive, as mmcv) and not below', () => {
    const pair = F.of(0, 0, 10, 10, 5, 0, 15, 10); // IoU = ⅓
    expect(softLinear({ boxes: pair, scores: F.of(0.9, 0.7) }, { N_t: 1 / 3 }).scores[1]).toBeCloseTo(f32(0.7) * (2 / 3), 6);
    expect(softLinear({ boxes: pair, scores: F.of(0.9, 0.7) }, { N_t: 0.34 }).scores[1]).toBe(f32(0.7));
  });

  it('discards boxes that fall below the score floor (and those that start below it)', () => {
    // An exact duplicate gets s · (1 − 1) = 0 < 1e-3.
    expect(Array.from(softLinear({ boxes: F.of(0, 0, 10, 10, 0, 0, 10, 10), scores: F.of(0.9, 0.5) }).keep)).toEqual([0]);
    expect(Array.from(softLinear({ boxes: F.of(0, 0, 1, 1, 5, 5, 6, 6), scores: F.of(0.9, 5e-4) }).keep)).toEqual([0]);
    expect(Array.from(softLinear({ boxes: F.of(0, 0, 1, 1, 5, 5, 6, 6), scores: F.of(0.9, 5e-4) }, { minScore: 0 }).keep)).toEqual([0, 1]);
  });

  it('needs probabilities', () => {
    expect(() => softLinear({ boxes: F.of(0, 0, 1, 1), scores: F.of(2) })).toThrow(LabError);
  });
});
