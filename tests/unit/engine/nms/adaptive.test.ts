import { describe, expect, it } from 'vitest';
import { adaptive } from '../../../../electron/engine/nms/adaptive.js';

const F = Float32Array;
// Two people side by side: A = (0,0,10,10), B = (2,0,12,10), IoU = ⅔.
const boxes = F.of(0, 0, 10, 10, 2, 0, 12, 10);
const scores = F.of(0.9, 0.8);

describe('Adaptive NMS (Liu et al. CVPR 2019, N_M = max(N_t, d_M))', () => {
  it('raises the threshold in a crowd', () => {
    // d_A = 0.7: N_M = max(0.5, 0.7) = 0.7 ≥ ⅔ → B survives.
    expect(Array.from(adaptive({ boxes, scores, densities: F.of(0.7, 0.7) }, { N_t: 0.5 }).keep)).toEqual([0, 1]);
    // d_A = 0.6: N_M = 0.6 < ⅔ → B suppressed.
    expect(Array.from(adaptive({ boxes, scores, densities: F.of(0.6, 0.7) }, { N_t: 0.5 }).keep)).toEqual([0]);
  });

  it('uses the density of the current maximum M, not of the neighbour', () => {
    expect(Array.from(adaptive({ boxes, scores, densities: F.of(0, 0.9) }, { N_t: 0.5 }).keep)).toEqual([0]);
  });

  it('falls back to N_t in sparse regions and keeps at IoU = N_M exactly', () => {
    // (0,0,3,1) vs (1,0,4,1): IoU = 0.5 = N_M → kept (strict >).
    expect(Array.from(adaptive({ boxes: F.of(0, 0, 3, 1, 1, 0, 4, 1), scores, densities: F.of(0, 0) }, { N_t: 0.5 }).keep)).toEqual([0, 1]);
    expect(Array.from(adaptive({ boxes: F.of(0, 0, 3, 1, 1, 0, 4, 1), scores, densities: F.of(0, 0) }, { N_t: 0.4 }).keep)).toEqual([0]);
  });
});
