import { describe, expect, it } from 'vitest';
import { softer } from '../../../../electron/engine/nms/softer.js';

const F = Float32Array;
const f32 = Math.fround;

// A = (0,0,10,10) s .9, B = (2,0,12,10) s .8: IoU = ⅔.
const boxes = F.of(0, 0, 10, 10, 2, 0, 12, 10);
const scores = F.of(0.9, 0.8);

describe('Softer-NMS variance voting (He et al. CVPR 2019, Eq. 11–12)', () => {
  it('averages coordinates with weights p_i/σ²_i, p_i = exp(−(1 − IoU)²/σ_t)', () => {
    // Equal variances, σ_t = 1: p_B = e^{−(1/3)²} = e^{−1/9} ≈ 0.8948, p_A = 1.
    // x1 = (1·0 + p_B·2)/(1 + p_B) = 0.9445; x2 = (10 + 12·p_B)/(1 + p_B); y unchanged.
    const p_B = Math.exp(-1 / 9);
    const result = softer({ boxes, scores, variances: F.of(1, 1, 1, 1, 1, 1, 1, 1) }, { sigma_t: 1, suppression: 'greedy', N_t: 0.5 });
    expect(Array.from(result.keep)).toEqual([0]);
    expect(result.boxes[0]).toBeCloseTo((2 * p_B) / (1 + p_B), 5);
    expect(result.boxes[2]).toBeCloseTo((10 + 12 * p_B) / (1 + p_B), 5);
    expect(result.boxes[1]).toBe(0);
    expect(result.boxes[3]).toBe(10);
  });

  it('pulls each coordinate towards the neighbour that is sure of it (low σ²)', () => {
    // B's x1 has σ² = 0.01, A's σ² = 1: x1 = (0 + p_B·2/0.01)/(1 + p_B/0.01) = 200p_B/(1 + 100p_B) ≈ 1.978.
    const p_B = Math.exp(-1 / 9);
    const variances = F.of(1, 1, 1, 1, 0.01, 1, 1, 1);
    const result = softer({ boxes, scores, variances }, { sigma_t: 1, suppression: 'greedy' });
    expect(result.boxes[0]).toBeCloseTo((200 * p_B) / (1 + 100 * p_B), 4);
    expect(result.boxes[2]).toBeCloseTo((10 + 12 * p_B) / (1 + p_B), 5);
  });

  it('by default decays neighbours with Gaussian Soft-NMS (σ = 0.5) as the authors’ code', () => {
    // B survives with 0.8·e^{−(4/9)/0.5}; with σ_t = 0.01, p_B = e^{−(1/9)/0.01} ≈ 1.5e−5, so A barely moves.
    const result = softer({ boxes, scores, variances: F.of(1, 1, 1, 1, 1, 1, 1, 1) }, { trace: true });
    expect(Array.from(result.keep)).toEqual([0, 1]);
    expect(result.scores[1]).toBeCloseTo(f32(0.8) * Math.exp(-(4 / 9) / 0.5), 6);
    expect(result.boxes[0]).toBeCloseTo((2 * Math.exp(-1 / 9 / 0.01)) / (1 + Math.exp(-1 / 9 / 0.01)), 6);
    // Round 2: B votes alone, so its box is its own.
    expect(Array.from(result.boxes.subarray(4))).toEqual([2, 0, 12, 10]);
    expect(result.trace![0]!.fates[0]).toMatchObject({ index: 1, fate: 'decayed' });
  });

  it('leaves an isolated box where it is', () => {
    const result = softer({ boxes: F.of(3, 4, 5, 6), scores: F.of(0.5), variances: F.of(0.3, 0.2, 0.1, 0.4) });
    expect(Array.from(result.boxes)).toEqual([3, 4, 5, 6]);
  });
});
