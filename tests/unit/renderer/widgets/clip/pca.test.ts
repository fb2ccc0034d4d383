import { describe, expect, it } from 'vitest';
import { pca2, symmetricEigen } from '../../../../../renderer/src/widgets/clip/pca.js';

describe('symmetricEigen', () => {
  it('diagonalises a hand-computed 2 × 2 matrix', () => {
    // [[2, 1], [1, 2]] has eigenvalues 3 (along (1, 1)/√2) and 1 (along (1, −1)/√2).
    const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
    expect([...values]).toEqual([expect.closeTo(3, 12), expect.closeTo(1, 12)]);
    expect(Math.abs(vectors[0]!)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(vectors[0]! * vectors[2]!).toBeCloseTo(0.5, 12); // same sign: (1, 1)
  });
});

describe('pca2', () => {
  it('finds the axis of a hand-computed 2D cloud and its variance share', () => {
    // Points on the line y = x, plus a small spread across it: (±2, ±2) and (±0.5, ∓0.5).
    const data = [2, 2, -2, -2, 0.5, -0.5, -0.5, 0.5];
    const { coords, axes, explained, mean } = pca2(data, 4, 2);
    expect([...mean]).toEqual([0, 0]);
    // Axis 1 = (1, 1)/√2 with the largest entry positive; axis 2 = ±(1, −1)/√2.
    expect(axes[0]).toBeCloseTo(Math.SQRT1_2, 10);
    expect(axes[1]).toBeCloseTo(Math.SQRT1_2, 10);
    expect(Math.abs(axes[2]!)).toBeCloseTo(Math.SQRT1_2, 10);
    expect(axes[2]! * axes[3]!).toBeCloseTo(-0.5, 10);
    // Coordinates on axis 1: ±2√2 and 0; on axis 2: 0 and ±√0.5.
    expect(coords[0]).toBeCloseTo(2 * Math.SQRT2, 10);
    expect(coords[2]).toBeCloseTo(-2 * Math.SQRT2, 10);
    expect(coords[4]).toBeCloseTo(0, 10);
    expect(Math.abs(coords[5]!)).toBeCloseTo(Math.SQRT1_2, 10);
    // Variances: 2·8 = 16 along axis 1, 2·0.5 = 1 along axis 2.
    expect(explained[0]).toBeCloseTo(16 / 17, 10);
    expect(explained[1]).toBeCloseTo(1 / 17, 10);
  });

  it('gives orthonormal axes and coordinates equal to the centred data projected on them', () => {
    // A deterministic pseudo-random 12 × 7 cloud.
    let state = 7;
    const rand = (): number => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31 - 0.5;
    };
    const n = 12;
    const d = 7;
    const data = Array.from({ length: n * d }, (_, k) => rand() * (1 + (k % d)));
    const { coords, axes, explained, mean } = pca2(data, n, d);
    const dot = (a: number, b: number): number => {
      let s = 0;
      for (let k = 0; k < d; k++) s += axes[a * d + k]! * axes[b * d + k]!;
      return s;
    };
    expect(dot(0, 0)).toBeCloseTo(1, 10);
    expect(dot(1, 1)).toBeCloseTo(1, 10);
    expect(dot(0, 1)).toBeCloseTo(0, 10);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < 2; c++) {
        let projected = 0;
        for (let k = 0; k < d; k++) projected += (data[i * d + k]! - mean[k]!) * axes[c * d + k]!;
        expect(coords[i * 2 + c]).toBeCloseTo(projected, 9);
      }
    }
    expect(explained[0]).toBeGreaterThanOrEqual(explained[1]);
    expect(explained[0] + explained[1]).toBeLessThanOrEqual(1 + 1e-12);
    // The first axis carries at least as much variance as any unit direction, e.g. each coordinate axis.
    const varianceAlong = (u: number[]): number => {
      let s = 0;
      for (let i = 0; i < n; i++) {
        let p = 0;
        for (let k = 0; k < d; k++) p += (data[i * d + k]! - mean[k]!) * u[k]!;
        s += p * p;
      }
      return s;
    };
    const first = varianceAlong(Array.from({ length: d }, (_, k) => axes[k]!));
    for (let k = 0; k < d; k++) expect(first).toBeGreaterThanOrEqual(varianceAlong(Array.from({ length: d }, (_, m) => (m === k ? 1 : 0))) - 1e-9);
  });

  it('leaves the second axis at zero when all points lie on one line, and handles one point', () => {
    const line = pca2([0, 0, 1, 1, 2, 2], 3, 2);
    expect(line.explained[0]).toBeCloseTo(1, 12);
    expect(line.explained[1]).toBe(0);
    expect([line.coords[1], line.coords[3], line.coords[5]]).toEqual([0, 0, 0]);
    const single = pca2([3, 4], 1, 2);
    expect([...single.coords]).toEqual([0, 0]);
  });

  it('refuses data of the wrong length', () => {
    expect(() => pca2([1, 2, 3], 2, 2)).toThrow(RangeError);
  });
});
