import { describe, expect, it } from 'vitest';
import { matrix } from '../../../../electron/engine/nms/matrix.js';

const F = Float32Array;
const f32 = Math.fround;
// A = (0,0,10,10) s .9, B = (2,0,12,10) s .8, C = (4,0,14,10) s .7.
// IoU(A,B) = ⅔, IoU(A,C) = 60/140 = 3/7, IoU(B,C) = 80/120 = ⅔.
// comp_A = 0, comp_B = ⅔, comp_C = ⅔.
const boxes = F.of(0, 0, 10, 10, 2, 0, 12, 10, 4, 0, 14, 10);
const scores = F.of(0.9, 0.8, 0.7);

describe('Matrix NMS (Wang et al. SOLOv2 2020)', () => {
  it('linear kernel: decay_j = min_i (1 − iou_ij)/(1 − comp_i), with compensation', () => {
    // decay_B = (1 − ⅔)/(1 − 0) = ⅓ → 0.2667.
    // decay_C = min((1 − 3/7)/(1 − 0), (1 − ⅔)/(1 − ⅔)) = min(4/7, 1) = 4/7 → 0.4:
    // B would push C down to ⅓ but B is itself suppressed, so its row is compensated to 1.
    const result = matrix({ boxes, scores }, { kernel: 'linear', updateThreshold: 0 });
    expect(Array.from(result.keep)).toEqual([0, 2, 1]);
    expect(result.scores[0]).toBe(f32(0.9));
    expect(result.scores[1]).toBeCloseTo(f32(0.7) * (4 / 7), 6);
    expect(result.scores[2]).toBeCloseTo(f32(0.8) / 3, 6);
  });

  it('Gaussian kernel exp(−σ·iou²), σ = 2 (SOLOv2 code)', () => {
    // decay_B = e^{−2·4/9}; decay_C = min(e^{−2·9/49}, e^{−2(4/9 − 4/9)} = 1) = e^{−18/49}.
    const result = matrix({ boxes, scores }, { updateThreshold: 0 });
    expect(Array.from(result.keep)).toEqual([0, 2, 1]);
    expect(result.scores[1]).toBeCloseTo(f32(0.7) * Math.exp(-18 / 49), 6);
    expect(result.scores[2]).toBeCloseTo(f32(0.8) * Math.exp(-8 / 9), 6);
  });

  it('drops decayed scores below updateThreshold (0.05 by default)', () => {
    expect(Array.from(matrix({ boxes, scores }, { kernel: 'linear', updateThreshold: 0.3 }).keep)).toEqual([0, 2]);
    // An exact duplicate decays to 0 under the linear kernel: (1 − 1)/(1 − 0).
    expect(Array.from(matrix({ boxes: F.of(0, 0, 1, 1, 0, 0, 1, 1), scores: F.of(0.9, 0.8) }, { kernel: 'linear' }).keep)).toEqual([0]);
  });

  it('a duplicate (comp_i = 1) constrains nothing under the linear kernel instead of dividing by 0', () => {
    // A, B identical (comp_B = 1), C = (4,0,14,10): rows give (1 − 3/7)/1 from A and (1 − ⅔)/0 → +∞ from B.
    const result = matrix({ boxes: F.of(0, 0, 10, 10, 0, 0, 10, 10, 4, 0, 14, 10), scores }, { kernel: 'linear', updateThreshold: 0 });
    expect(result.scores.every(Number.isFinite)).toBe(true);
    expect(Array.from(result.keep)).toEqual([0, 2, 1]);
    expect(result.scores[1]).toBeCloseTo(f32(0.7) * (4 / 7), 6);
    expect(result.scores[2]).toBe(0);
  });

  it('with classes, only boxes of the same class decay each other (label matrix)', () => {
    // B alone in class 1 → decay 1; C decays only through A: 4/7.
    const result = matrix({ boxes, scores, classes: Int32Array.of(0, 1, 0) }, { kernel: 'linear', updateThreshold: 0 });
    expect(Array.from(result.keep)).toEqual([0, 1, 2]);
    expect(result.scores[1]).toBe(f32(0.8));
    expect(result.scores[2]).toBeCloseTo(f32(0.7) * (4 / 7), 6);
  });

  it('traces each row with the candidate decay it imposes', () => {
    const result = matrix({ boxes, scores }, { kernel: 'linear', updateThreshold: 0, trace: true });
    expect(result.trace!.map((r) => r.chosen)).toEqual([0, 1, 2]);
    expect(result.trace![1]!.fates).toEqual([{ index: 2, fate: 'untouched' }]); // ratio (1 − ⅔)/(1 − ⅔) = 1
    expect(result.trace![0]!.fates[1]).toEqual({ index: 2, fate: 'decayed', from: f32(0.7), to: expect.closeTo(f32(0.7) * (4 / 7), 9) });
  });
});
