import { describe, expect, it } from 'vitest';
import { LabError } from '../../../../electron/common/errors.js';
import { iouGuided } from '../../../../electron/engine/nms/iou-guided.js';

const F = Float32Array;
const f32 = Math.fround;

describe('IoU-guided NMS (Jiang et al. ECCV 2018, Algorithm 1)', () => {
  it('ranks by predicted IoU and gives the kept box its cluster’s best classification score', () => {
    // A = (0,0,10,10) s .9 I .6; B = (1,0,11,10) s .5 I .9; C = (40,0,50,10) s .7 I .8.
    // IoU(A,B) = 90/110 = 0.818. Order by I: B, C, A.
    // Round B: A suppressed (0.818 > 0.5), s = max(0.5, 0.9) = 0.9. Round C: alone, s = 0.7.
    const input = { boxes: F.of(0, 0, 10, 10, 1, 0, 11, 10, 40, 0, 50, 10), scores: F.of(0.9, 0.5, 0.7), predictedIous: F.of(0.6, 0.9, 0.8) };
    const result = iouGuided(input, { N_t: 0.5, trace: true });
    expect(Array.from(result.keep)).toEqual([1, 2]);
    expect(Array.from(result.scores)).toEqual([f32(0.9), f32(0.7)]);
    expect(Array.from(result.boxes.subarray(0, 4))).toEqual([1, 0, 11, 10]); // B's box, not A's
    expect(result.trace!.map((r) => r.chosen)).toEqual([1, 2]);
    expect(result.trace![0]!.score).toBe(f32(0.9));
  });

  it('re-sorts the output by final score when the selection order disagrees', () => {
    // Two disjoint boxes: selected by I (box 0 first) but box 1 has the higher score.
    const result = iouGuided({ boxes: F.of(0, 0, 1, 1, 5, 5, 6, 6), scores: F.of(0.3, 0.8), predictedIous: F.of(0.9, 0.1) });
    expect(Array.from(result.keep)).toEqual([1, 0]);
  });

  it('keeps a neighbour at IoU = N_t exactly (strict >, as Algorithm 1)', () => {
    const result = iouGuided({ boxes: F.of(0, 0, 3, 1, 1, 0, 4, 1), scores: F.of(0.5, 0.5), predictedIous: F.of(0.9, 0.8) }, { N_t: 0.5 });
    expect(Array.from(result.keep)).toEqual([0, 1]);
  });

  it('needs predictedIous', () => {
    expect(() => iouGuided({ boxes: F.of(0, 0, 1, 1), scores: F.of(1) })).toThrow(LabError);
  });
});
