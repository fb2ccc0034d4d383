import { describe, expect, it } from 'vitest';
import { weighted } from '../../../../electron/engine/nms/weighted.js';

const F = Float32Array;
const f32 = Math.fround;

describe('Weighted NMS (Ning et al. ICMEW 2017)', () => {
  it('replaces M by the score·IoU-weighted average of its cluster', () => {
    // A = (0,0,10,10) s .6, B = (2,0,12,10) s .3 (IoU ⅔ ≥ 0.5 → merged), C = (40,0,50,10) s .5 (far),
    // D = (5,0,15,10) s .2 (IoU(A,D) = ⅓ < 0.5 → not merged; IoU(B,D) = 7/13 but B is gone).
    // w_A = 0.6, w_B = 0.3·⅔ = 0.2: x1 = (0.6·0 + 0.2·2)/0.8 = 0.5, x2 = (0.6·10 + 0.2·12)/0.8 = 10.5.
    const boxes = F.of(0, 0, 10, 10, 2, 0, 12, 10, 40, 0, 50, 10, 5, 0, 15, 10);
    const result = weighted({ boxes, scores: F.of(0.6, 0.3, 0.5, 0.2) }, { N_t: 0.5, trace: true });
    expect(Array.from(result.keep)).toEqual([0, 2, 3]);
    expect(Array.from(result.scores)).toEqual([f32(0.6), f32(0.5), f32(0.2)]);
    const wB = f32(0.3) * (2 / 3);
    const W = f32(0.6) + wB;
    expect(result.boxes[0]).toBeCloseTo((wB * 2) / W, 5);
    expect(result.boxes[2]).toBeCloseTo((f32(0.6) * 10 + wB * 12) / W, 5);
    expect(Array.from(result.boxes.subarray(4))).toEqual([40, 0, 50, 10, 5, 0, 15, 10]);
    expect(result.trace![0]!.fates).toEqual([
      { index: 1, fate: 'merged', weight: expect.closeTo(wB, 9) },
      { index: 3, fate: 'untouched' },
    ]);
  });

  it('merges at IoU = N_t exactly (≥, the paper’s inclusive threshold)', () => {
    // (0,0,3,1) vs (1,0,4,1): IoU = 0.5. w = 0.8 and 0.4·0.5 = 0.2: x1 = 0.2·1/1.0 = 0.2.
    const result = weighted({ boxes: F.of(0, 0, 3, 1, 1, 0, 4, 1), scores: F.of(0.8, 0.4) }, { N_t: 0.5 });
    expect(Array.from(result.keep)).toEqual([0]);
    expect(result.boxes[0]).toBeCloseTo(0.2, 6);
    expect(result.boxes[2]).toBeCloseTo(3.2, 6);
  });

  it('does not swallow disjoint boxes at N_t = 0, and keeps M unchanged when its score is 0', () => {
    expect(Array.from(weighted({ boxes: F.of(0, 0, 1, 1, 5, 5, 6, 6), scores: F.of(0.9, 0.8) }, { N_t: 0 }).keep)).toEqual([0, 1]);
    const zero = weighted({ boxes: F.of(0, 0, 1, 1), scores: F.of(0) });
    expect(Array.from(zero.boxes)).toEqual([0, 0, 1, 1]);
  });
});
