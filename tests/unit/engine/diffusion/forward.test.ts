/**
 * The forward process (forward.ts) and the seeded noise (noise.ts): closed form against
 * step by step, exactly (same noise composition) and in distribution.
 */
import { describe, expect, it } from 'vitest';

import { forwardStepByStep, qSample, qStep } from '../../../../electron/engine/diffusion/forward';
import { gaussianNoise } from '../../../../electron/engine/diffusion/noise';
import { noiseSchedule } from '../../../../electron/engine/diffusion/schedule';
import { createRng } from '../../../../electron/engine/random/rng';

const mean = (v: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  return s / v.length;
};
const variance = (v: ArrayLike<number>): number => {
  const m = mean(v);
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i]! - m) ** 2;
  return s / (v.length - 1);
};

describe('seeded Gaussian noise', () => {
  it('is createRng(seed).normal() in order, as float32: the same seed gives the same buffer', () => {
    const rng = createRng(1);
    const expected = Float32Array.from({ length: 5 }, () => rng.normal());
    expect(gaussianNoise(1).fill(new Float32Array(5))).toEqual(expected);
    expect(gaussianNoise(1).fill(new Float32Array(5))).toEqual(gaussianNoise(1).fill(new Float32Array(5)));
    expect(gaussianNoise(2).fill(new Float32Array(5))).not.toEqual(expected);
  });

  it('pins the first draws of seed 1 (mulberry32 + Box–Muller), so a lesson\'s "seed 1" never changes', () => {
    const u1 = 1 - 0.6270739405881613; // createRng(1).uniform() is documented as 0.6270739405881613
    const rng = createRng(1);
    rng.uniform();
    const u2 = rng.uniform();
    const first = gaussianNoise(1).fill(new Float32Array(2));
    expect(first[0]).toBeCloseTo(Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2), 6);
    expect(first[1]).toBeCloseTo(Math.sqrt(-2 * Math.log(u1)) * Math.sin(2 * Math.PI * u2), 6);
  });

  it('is standard normal: mean 0, variance 1 over 100k draws', () => {
    const z = gaussianNoise(7).fill(new Float32Array(100_000));
    expect(Math.abs(mean(z))).toBeLessThan(0.01);
    expect(variance(z)).toBeCloseTo(1, 1);
  });
});

describe('q(x_t | x₀)', () => {
  const schedule = noiseSchedule('linear', 1000);

  it('closed form by hand: x₀ = 1, ε = 0.5 at t = 0 → √0.9999 + √0.0001 · 0.5', () => {
    expect(qSample(schedule, Float32Array.of(1), 0, Float32Array.of(0.5))[0]).toBeCloseTo(Math.sqrt(0.9999) + 0.01 * 0.5, 7);
  });

  it('one step by hand: x = 1, z = 2 at t = 0 → √(1 − 1e-4) + √1e-4 · 2', () => {
    expect(qStep(schedule, Float32Array.of(1), 0, Float32Array.of(2))[0]).toBeCloseTo(Math.sqrt(0.9999) + 0.02, 7);
  });

  it('step by step equals the closed form exactly, given the composed noise ε = Σ_s √(ᾱ_t/ᾱ_s) √β_s z_s / √(1 − ᾱ_t)', () => {
    const rng = createRng(11);
    const n = 64;
    const x0 = Float32Array.from({ length: n }, () => rng.uniform() * 2 - 1);
    const t = 250;
    const draws: Float32Array[] = [];
    const kept = forwardStepByStep(schedule, x0, [t], gaussianNoise(5), (_s, z) => draws.push(Float32Array.from(z)));
    expect(draws).toHaveLength(t + 1);
    const ab = schedule.alphasCumprod;
    const epsilon = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let s = 0; s <= t; s++) sum += Math.sqrt(ab[t]! / ab[s]!) * Math.sqrt(schedule.betas[s]!) * draws[s]![i]!;
      epsilon[i] = sum / Math.sqrt(1 - ab[t]!);
    }
    const closed = qSample(schedule, x0, t, epsilon);
    const stepped = kept.get(t)!;
    for (let i = 0; i < n; i++) expect(stepped[i]).toBeCloseTo(closed[i]!, 4);
  });

  it('agree in distribution: mean √ᾱ_t x₀ and variance 1 − ᾱ_t both ways (20k pixels, t = 100 and 600)', () => {
    for (const t of [100, 600]) {
      const n = 20_000;
      const x0 = new Float32Array(n).fill(0.8);
      const closed = qSample(schedule, x0, t, gaussianNoise(3).fill(new Float32Array(n)));
      const stepped = forwardStepByStep(schedule, x0, [t], gaussianNoise(4)).get(t)!;
      for (const x of [closed, stepped]) {
        expect(mean(x)).toBeCloseTo(schedule.sqrtAlphasCumprod[t]! * 0.8, 1);
        expect(Math.abs(mean(x) - schedule.sqrtAlphasCumprod[t]! * 0.8)).toBeLessThan(4 * Math.sqrt((1 - schedule.alphasCumprod[t]!) / n));
        expect(variance(x) / (1 - schedule.alphasCumprod[t]!)).toBeCloseTo(1, 1);
      }
    }
  });

  it('keeps x_t only at the requested timesteps and draws one z per step', () => {
    let steps = 0;
    const kept = forwardStepByStep(schedule, new Float32Array(4), [3, 7], gaussianNoise(1), () => steps++);
    expect([...kept.keys()].sort()).toEqual([3, 7]);
    expect(steps).toBe(8);
  });
});
