import { describe, expect, it } from 'vitest';
import { TOY2D_DATASETS, TOY2D_EXTENT } from '../../../../../electron/common/toy2d';
import { resolveToy2dData, toy2dDataset } from '../../../../../electron/engine/diffusion/toy2d/datasets';
import { chamferDistance, meanNearestDistance } from '../../../../../electron/engine/diffusion/toy2d/metrics';

describe('toy2d datasets', () => {
  it.each(TOY2D_DATASETS)('%s: seeded, inside the plot, about unit spread', (name) => {
    const a = toy2dDataset(name, 1000, 4);
    expect(a).toEqual(toy2dDataset(name, 1000, 4));
    expect(a).not.toEqual(toy2dDataset(name, 1000, 5));
    expect(a.every((value) => Math.abs(value) < TOY2D_EXTENT)).toBe(true);
    let sumSq = 0;
    for (const value of a) sumSq += value * value;
    const rms = Math.sqrt(sumSq / a.length);
    expect(rms).toBeGreaterThan(0.5);
    expect(rms).toBeLessThan(1.6);
  });

  it('two moons: the upper moon arches over the lower one', () => {
    const points = toy2dDataset('two-moons', 2000, 1);
    // Even rows: upper moon, centred on x ≈ −0.75 after shifting and scaling; odd rows: lower, x ≈ +0.75.
    let upperX = 0;
    let lowerX = 0;
    for (let n = 0; n < 2000; n += 2) {
      upperX += points[2 * n]!;
      lowerX += points[2 * (n + 1)]!;
    }
    expect(upperX / 1000).toBeCloseTo(-0.75, 1);
    expect(lowerX / 1000).toBeCloseTo(0.75, 1);
  });

  it('uses a drawing as drawn', () => {
    const drawn = Float32Array.of(0, 0, 1, 1, -1, 2);
    expect(resolveToy2dData({ kind: 'points', points: drawn }, 1)).toEqual(drawn);
  });
});

describe('toy2d metrics', () => {
  it('measures nearest-neighbour distances by hand', () => {
    const a = Float32Array.of(0, 0, 10, 0);
    const b = Float32Array.of(3, 4, 10, 1);
    // a → b: 5 and 1; b → a: 5 and 1
    expect(meanNearestDistance(a, b)).toBe(3);
    expect(chamferDistance(a, b)).toBe(6);
    // A cloud that covers half the shape is close one way, far the other.
    const half = Float32Array.of(0, 0);
    expect(meanNearestDistance(half, a)).toBe(0);
    expect(chamferDistance(half, a)).toBe(5);
  });
});
