import { describe, expect, it } from 'vitest';
import { gaussianFactor, greedyFactor, linearFactor, penaltyCurve } from '../../../../../renderer/src/widgets/nms/penalty.js';

describe('penalty factors (Bodla et al., ICCV 2017, Eq. 2 and 3)', () => {
  it('greedy NMS suppresses strictly above N_t', () => {
    expect(greedyFactor(0.5, 0.5)).toBe(1);
    expect(greedyFactor(0.5000001, 0.5)).toBe(0);
  });

  it('linear Soft-NMS multiplies by 1 − IoU from N_t on', () => {
    expect(linearFactor(0.49, 0.5)).toBe(1);
    expect(linearFactor(0.5, 0.5)).toBe(0.5);
    expect(linearFactor(0.8, 0.5)).toBeCloseTo(0.2, 15);
  });

  it('Gaussian Soft-NMS is exp(−IoU²/σ)', () => {
    expect(gaussianFactor(0, 0.5)).toBe(1);
    expect(gaussianFactor(0.5, 0.5)).toBeCloseTo(Math.exp(-0.5), 15);
    expect(gaussianFactor(1, 2)).toBeCloseTo(Math.exp(-0.5), 15);
  });

  it('draws the jumps as vertical edges', () => {
    expect(penaltyCurve('greedy', { N_t: 0.5, sigma: 0.5 }, 4)).toEqual([
      { x: 0, y: 1 },
      { x: 0.25, y: 1 },
      { x: 0.5, y: 1 },
      { x: 0.5, y: 0 },
      { x: 0.75, y: 0 },
      { x: 1, y: 0 },
    ]);
    const linear = penaltyCurve('linear', { N_t: 0.3, sigma: 0.5 }, 10);
    const at = linear.filter((point) => point.x === 0.3).map((point) => point.y);
    expect(at).toEqual([1, 0.7]);
  });

  it('samples the Gaussian curve evenly on [0, 1]', () => {
    const curve = penaltyCurve('gaussian', { N_t: 0.5, sigma: 0.5 }, 100);
    expect(curve).toHaveLength(101);
    expect(curve.every((point, i) => i === 0 || point.y <= curve[i - 1]!.y)).toBe(true);
  });
});
