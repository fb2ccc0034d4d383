/**
 * The contract every toy sampler step shares, checked with an oracle: for data that is one point
 * x₀*, the best possible noise prediction is known in closed form, ε*(x_t, t) = (x_t − √ᾱ_t x₀*)/√(1 − ᾱ_t),
 * so a correct sampler must land on x₀* exactly.
 */
import { describe, expect, it } from 'vitest';
import { TOY2D_SAMPLERS } from '../../../../../electron/common/toy2d';
import { ddimStep } from '../../../../../electron/engine/diffusion/toy2d/ddim';
import { ddpmStep } from '../../../../../electron/engine/diffusion/toy2d/ddpm';
import { TOY2D_STEPS } from '../../../../../electron/engine/diffusion/toy2d/sampler';
import { samplingTimesteps, toy2dSchedule } from '../../../../../electron/engine/diffusion/toy2d/schedule';
import { createRng } from '../../../../../electron/engine/random/rng';

const schedule = toy2dSchedule('linear', 100);
const target = [0.8, -1.3];

function oracleEps(x: Float32Array, t: number): Float32Array {
  const a = schedule.alphaBar[t]!;
  return Float32Array.from(x, (value, k) => (value - Math.sqrt(a) * target[k % 2]!) / Math.sqrt(1 - a));
}

function run(sampler: (typeof TOY2D_SAMPLERS)[number], steps: number, eta = 0): Float32Array {
  const rng = createRng(2);
  const x = Float32Array.from({ length: 40 }, () => rng.normal());
  const tau = samplingTimesteps(100, steps);
  for (let k = 0; k < steps; k++) {
    TOY2D_STEPS[sampler]({ x, epsHat: oracleEps(x, tau[k]!), t: tau[k]!, s: k + 1 < steps ? tau[k + 1]! : -1, schedule, rng, eta, clip: true });
  }
  return x;
}

describe.each(TOY2D_SAMPLERS)('toy2d sampler contract: %s', (sampler) => {
  it.each([100, 20, 3])('lands every point on x₀* with the oracle ε (%i steps)', (steps) => {
    const x = run(sampler, steps, 1);
    for (let k = 0; k < x.length; k++) expect(x[k]).toBeCloseTo(target[k % 2]!, 4);
  });
});

describe('toy2d DDPM step', () => {
  it('is eq. 11 plus σ_t z with σ_t² = β̃_t when no step is skipped', () => {
    const t = 50;
    const x = Float32Array.of(0.3, -0.7);
    const epsHat = Float32Array.of(0.5, 1.5);
    const beta = schedule.beta[t]!;
    const alphaBar = schedule.alphaBar[t]!;
    const mean = (i: number): number => (x[i]! - (beta / Math.sqrt(1 - alphaBar)) * epsHat[i]!) / Math.sqrt(1 - beta);
    const sigma = Math.sqrt(((1 - schedule.alphaBar[t - 1]!) / (1 - alphaBar)) * beta);
    const expected = [mean(0), mean(1)];
    const z = createRng(9);
    const noise = [z.normal(), z.normal()];
    ddpmStep({ x, epsHat, t, s: t - 1, schedule, rng: createRng(9), eta: 0, clip: false });
    expect(x[0]).toBeCloseTo(expected[0]! + sigma * noise[0]!, 5);
    expect(x[1]).toBeCloseTo(expected[1]! + sigma * noise[1]!, 5);
  });

  it('adds no noise on the final step', () => {
    const a = Float32Array.of(0.3, -0.7);
    const b = Float32Array.of(0.3, -0.7);
    ddpmStep({ x: a, epsHat: Float32Array.of(1, 1), t: 0, s: -1, schedule, rng: createRng(1), eta: 0, clip: false });
    ddpmStep({ x: b, epsHat: Float32Array.of(1, 1), t: 0, s: -1, schedule, rng: createRng(2), eta: 0, clip: false });
    expect(a).toEqual(b);
  });
});

describe('toy2d DDIM step', () => {
  it('is deterministic at η = 0 and random at η = 1', () => {
    const step = (eta: number, seed: number): Float32Array => {
      const x = Float32Array.of(0.3, -0.7);
      ddimStep({ x, epsHat: Float32Array.of(0.5, 1.5), t: 60, s: 40, schedule, rng: createRng(seed), eta, clip: false });
      return x;
    };
    expect(step(0, 1)).toEqual(step(0, 2));
    expect(step(1, 1)).not.toEqual(step(1, 2));
  });

  it('follows eq. 12 by hand (η = 0)', () => {
    const x = Float32Array.of(0.3);
    const [at, as] = [schedule.alphaBar[60]!, schedule.alphaBar[40]!];
    const x0 = (0.3 - Math.sqrt(1 - at) * 0.5) / Math.sqrt(at);
    ddimStep({ x, epsHat: Float32Array.of(0.5), t: 60, s: 40, schedule, rng: createRng(1), eta: 0, clip: false });
    expect(x[0]).toBeCloseTo(Math.sqrt(as) * x0 + Math.sqrt(1 - as) * 0.5, 5);
  });

  it('keeps x̂₀ inside the data box when clipping', () => {
    const x = Float32Array.of(0);
    // ε̂ = −1 at t = T − 1 means x̂₀ = √(1 − ᾱ)/√ᾱ ≈ 160: far outside ±3.
    ddimStep({ x, epsHat: Float32Array.of(-1), t: 99, s: -1, schedule, rng: createRng(1), eta: 0, clip: true });
    expect(x[0]).toBeCloseTo(3, 5);
  });
});
