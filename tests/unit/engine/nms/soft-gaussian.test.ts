import { describe, expect, it } from 'vitest';
import { greedy } from '../../../../electron/engine/nms/greedy.js';
import { softGaussian } from '../../../../electron/engine/nms/soft-gaussian.js';

const F = Float32Array;
const f32 = Math.fround;

// The same three boxes as soft-linear.test.ts: IoU(A,B) = ⅔, IoU(A,C) = ⅓, IoU(B,C) = 7/13.
const boxes = F.of(0, 0, 10, 10, 2, 0, 12, 10, 5, 0, 15, 10);
const scores = F.of(0.9, 0.8, 0.7);

describe('Soft-NMS, Gaussian (Bodla et al. 2017, Eq. 3)', () => {
  it('decays every overlapping box by exp(−IoU²/σ), σ = 0.5', () => {
    // Round 1: M = A. s_B = 0.8·e^{−(4/9)/0.5} = 0.3289, s_C = 0.7·e^{−(1/9)/0.5} = 0.5605.
    // Round 2: M = C. s_B = 0.3289·e^{−(49/169)/0.5} = 0.1842. Round 3: M = B.
    const result = softGaussian({ boxes, scores }, { trace: true });
    expect(Array.from(result.keep)).toEqual([0, 2, 1]);
    const sB1 = f32(0.8) * Math.exp(-(4 / 9) / 0.5);
    const sC1 = f32(0.7) * Math.exp(-(1 / 9) / 0.5);
    expect(result.scores[1]).toBeCloseTo(sC1, 6);
    expect(result.scores[2]).toBeCloseTo(sB1 * Math.exp(-(49 / 169) / 0.5), 6);
    expect(result.trace![1]!.fates).toEqual([
      { index: 1, fate: 'decayed', from: expect.closeTo(sB1, 9), to: expect.closeTo(sB1 * Math.exp(-(49 / 169) / 0.5), 9) },
    ]);
  });

  it('leaves non-overlapping boxes exactly untouched (exp(0) = 1)', () => {
    const result = softGaussian({ boxes: F.of(0, 0, 1, 1, 5, 5, 6, 6), scores: F.of(0.9, 0.3) }, { trace: true });
    expect(Array.from(result.scores)).toEqual([f32(0.9), f32(0.3)]);
    expect(result.trace![0]!.fates).toEqual([]); // zero-overlap neighbours are not listed
  });

  it('a larger σ decays less', () => {
    const small = softGaussian({ boxes, scores }, { sigma: 0.1 }).scores;
    const large = softGaussian({ boxes, scores }, { sigma: 2 }).scores;
    expect(large[1]!).toBeGreaterThan(small[1]!);
  });

  it('with σ → 0 it is greedy NMS at N_t = 0', () => {
    // Any overlap gives e^{−IoU²/σ} → 0 < floor; no overlap gives exactly 1.
    const result = softGaussian({ boxes, scores }, { sigma: 1e-12 });
    expect(Array.from(result.keep)).toEqual(Array.from(greedy({ boxes, scores }, { N_t: 0 }).keep));
    expect(Array.from(result.keep)).toEqual([0]);
  });
});
