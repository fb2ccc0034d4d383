import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../electron/engine/random/rng.js';

const N = 100_000;

function draws(count: number, next: () => number): Float64Array {
  return Float64Array.from({ length: count }, next);
}

function mean(xs: Float64Array): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** Unbiased sample variance. */
function variance(xs: Float64Array): number {
  const m = mean(xs);
  let sum = 0;
  for (const x of xs) sum += (x - m) ** 2;
  return sum / (xs.length - 1);
}

describe('createRng', () => {
  it('gives the documented first draw for seed 1', () => {
    expect(createRng(1).uniform()).toBe(0.6270739405881613);
  });

  it('is deterministic: the same seed gives the same uniforms and normals', () => {
    const a = createRng(42);
    const b = createRng(42);
    const seqA = Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? a.normal() : a.uniform()));
    const seqB = Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? b.normal() : b.uniform()));
    expect(seqA).toEqual(seqB);
  });

  it('gives different sequences for different seeds', () => {
    const a = draws(100, createRng(1).uniform);
    const b = draws(100, createRng(2).uniform);
    expect([...a]).not.toEqual([...b]);
  });

  it('reads the seed as an unsigned 32-bit integer', () => {
    expect(draws(10, createRng(2 ** 32 + 7).uniform)).toEqual(draws(10, createRng(7).uniform));
    expect(draws(10, createRng(-1).uniform)).toEqual(draws(10, createRng(2 ** 32 - 1).uniform));
  });

  it('draws uniforms in [0, 1)', () => {
    const xs = draws(N, createRng(3).uniform);
    expect(xs.filter((u) => !(u >= 0 && u < 1))).toHaveLength(0);
  });

  it('draws uniforms with mean 1/2 and variance 1/12 (100 000 draws)', () => {
    const xs = draws(N, createRng(7).uniform);
    // Standard errors: mean √(1/12/N) ≈ 0.0009, variance ≈ 0.0002; tolerances are about 5σ.
    expect(Math.abs(mean(xs) - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(variance(xs) - 1 / 12)).toBeLessThan(0.0012);
  });

  it('fills ten equal bins evenly (χ² test, 9 degrees of freedom)', () => {
    const counts = new Array<number>(10).fill(0);
    const rng = createRng(11);
    for (let i = 0; i < N; i++) counts[Math.floor(rng.uniform() * 10)]! += 1;
    const expected = N / 10;
    const chi2 = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    // P(χ²₉ > 27.9) = 0.001.
    expect(chi2).toBeLessThan(27.9);
  });

  it('draws normals with mean 0 and variance 1 (100 000 draws)', () => {
    const xs = draws(N, createRng(13).normal);
    // Standard errors: mean 1/√N ≈ 0.0032, variance √(2/N) ≈ 0.0045.
    expect(Math.abs(mean(xs))).toBeLessThan(0.02);
    expect(Math.abs(variance(xs) - 1)).toBeLessThan(0.03);
  });

  it('draws normals with the right tails: about 4.55% beyond ±2σ, and all finite', () => {
    const xs = draws(N, createRng(17).normal);
    expect(xs.filter((x) => !Number.isFinite(x))).toHaveLength(0);
    const beyond = xs.filter((x) => Math.abs(x) > 2).length;
    // P(|Z| > 2) = 0.0455; standard error √(p(1−p)/N) ≈ 0.00066.
    expect(Math.abs(beyond / N - 0.0455)).toBeLessThan(0.004);
  });

  it('gives uncorrelated consecutive uniforms', () => {
    const xs = draws(N, createRng(19).uniform);
    const m = mean(xs);
    let cov = 0;
    for (let i = 1; i < xs.length; i++) cov += (xs[i - 1]! - m) * (xs[i]! - m);
    const correlation = cov / (xs.length - 1) / variance(xs);
    // Standard error 1/√N ≈ 0.0032.
    expect(Math.abs(correlation)).toBeLessThan(0.02);
  });
});
