/**
 * One contract test over every sampler (samplers/*.ts), run with ε- and v-prediction, plus
 * hand-computed numbers per sampler.
 *
 * Contract: (1) with an oracle network that knows x₀, every sampler lands on x₀;
 * (2) on Gaussian data N(μ, s²) with the exact (analytic) denoiser, the samples have mean μ
 * and standard deviation s, and the deterministic samplers follow the exact probability-flow
 * ODE solution x₀ = μ + (x_T − √ᾱ_T μ)·s/√(ᾱ_T s² + 1 − ᾱ_T); (3) the same seed gives the
 * same output bit for bit.
 */
import { describe, expect, it } from 'vitest';

import type { PredictionType, SamplerName } from '../../../../electron/common/diffusion';
import { guide } from '../../../../electron/engine/diffusion/guidance';
import { gaussianNoise, type GaussianNoise } from '../../../../electron/engine/diffusion/noise';
import { predictOriginalAndEpsilon, targetFor } from '../../../../electron/engine/diffusion/prediction';
import { runSampler, type Denoiser } from '../../../../electron/engine/diffusion/sample';
import { ddimUpdate } from '../../../../electron/engine/diffusion/samplers/ddim';
import { SAMPLERS } from '../../../../electron/engine/diffusion/samplers/index';
import { noiseSchedule, scheduleFromAlphasCumprod, type NoiseSchedule } from '../../../../electron/engine/diffusion/schedule';
import { createRng } from '../../../../electron/engine/random/rng';

const NAMES = Object.keys(SAMPLERS) as SamplerName[];
const PREDICTIONS: PredictionType[] = ['epsilon', 'v_prediction'];

/** A network that knows the clean target: its output is the exact ε (or v) of x_t given x₀. */
function oracle(schedule: NoiseSchedule, x0: Float32Array, prediction: PredictionType): Denoiser {
  return {
    predict(x, t, out) {
      for (let i = 0; i < x.length; i++) {
        const epsilon = (x[i]! - schedule.sqrtAlphasCumprod[t]! * x0[i]!) / schedule.sqrtOneMinusAlphasCumprod[t]!;
        out[i] = targetFor(prediction, schedule, t, x0[i]!, epsilon);
      }
    },
  };
}

/** The exact denoiser for data x₀ ~ N(μ, s²) per coordinate: E[x₀ | x_t] = μ + √ᾱ s²/(ᾱ s² + 1 − ᾱ) · (x_t − √ᾱ μ). */
function gaussianDenoiser(schedule: NoiseSchedule, mu: number, s: number, prediction: PredictionType): Denoiser {
  return {
    predict(x, t, out) {
      const a = schedule.alphasCumprod[t]!;
      const gain = (Math.sqrt(a) * s * s) / (a * s * s + 1 - a);
      for (let i = 0; i < x.length; i++) {
        const x0 = mu + gain * (x[i]! - Math.sqrt(a) * mu);
        const epsilon = (x[i]! - Math.sqrt(a) * x0) / Math.sqrt(1 - a);
        out[i] = targetFor(prediction, schedule, t, x0, epsilon);
      }
    },
  };
}

const stats = (v: Float32Array): { mean: number; std: number } => {
  let m = 0;
  for (const x of v) m += x;
  m /= v.length;
  let q = 0;
  for (const x of v) q += (x - m) ** 2;
  return { mean: m, std: Math.sqrt(q / (v.length - 1)) };
};

/** Enough steps that discretisation error is below the statistical tolerance (DDIM is first order, so it needs more). */
const STEPS: Record<SamplerName, number> = { ddpm: 1000, ddim: 250, 'dpm-solver-pp': 50 };

describe.each(NAMES)('sampler contract: %s', (name) => {
  describe.each(PREDICTIONS)('%s', (prediction) => {
    it('visits `steps` timesteps, noisiest first', () => {
      const sampler = SAMPLERS[name](noiseSchedule('linear', 1000), { steps: 25 });
      expect(sampler.timesteps).toHaveLength(25);
      for (let k = 1; k < 25; k++) expect(sampler.timesteps[k]).toBeLessThan(sampler.timesteps[k - 1]!);
    });

    it('recovers x₀ exactly from an oracle network (cosine schedule, 10 and 50 steps, with and without clipping)', async () => {
      const schedule = noiseSchedule('cosine', 1000);
      const rng = createRng(3);
      const x0 = Float32Array.from({ length: 96 }, () => rng.uniform() * 1.8 - 0.9);
      for (const steps of [10, 50]) {
        for (const clip of [null, [-1, 1] as const]) {
          const out = await runSampler(oracle(schedule, x0, prediction), {
            schedule,
            sampler: SAMPLERS[name](schedule, { steps, eta: 0.5 }),
            predictionType: prediction,
            clip,
            noise: gaussianNoise(9),
            size: x0.length,
          });
          for (let i = 0; i < x0.length; i++) expect(out[i]).toBeCloseTo(x0[i]!, 3);
        }
      }
    });

    it(
      `samples Gaussian data N(0.3, 0.5²) with the analytic denoiser: mean and std match (${STEPS[name]} steps, 20k coordinates)`,
      { timeout: 120_000 },
      async () => {
        const schedule = noiseSchedule('linear', 1000);
        const out = await runSampler(gaussianDenoiser(schedule, 0.3, 0.5, prediction), {
          schedule,
          sampler: SAMPLERS[name](schedule, { steps: STEPS[name], eta: 0 }),
          predictionType: prediction,
          clip: null,
          noise: gaussianNoise(21),
          size: 20_000,
        });
        const { mean, std } = stats(out);
        expect(Math.abs(mean - 0.3)).toBeLessThan(0.02);
        expect(Math.abs(std - 0.5) / 0.5).toBeLessThan(0.03);
      },
    );

    it('the same seed gives the same output, bit for bit', async () => {
      const schedule = noiseSchedule('linear', 1000);
      const run = (seed: number): Promise<Float32Array> =>
        runSampler(gaussianDenoiser(schedule, 0, 0.7, prediction), {
          schedule,
          sampler: SAMPLERS[name](schedule, { steps: 20, eta: 1 }),
          predictionType: prediction,
          clip: [-1, 1],
          noise: gaussianNoise(seed),
          size: 300,
        });
      const [a, b, c] = [await run(5), await run(5), await run(6)];
      expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
      expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(false);
    });
  });
});

describe('deterministic samplers follow the probability-flow ODE (Gaussian data, exact solution known)', () => {
  const schedule = noiseSchedule('linear', 1000);
  const mu = 0.3;
  const s = 0.5;
  /** Mean |error| against the exact ODE map from x_T at the first visited timestep. */
  async function odeError(name: 'ddim' | 'dpm-solver-pp', steps: number): Promise<number> {
    const sampler = SAMPLERS[name](schedule, { steps, spacing: 'trailing' });
    const xT = gaussianNoise(4).fill(new Float32Array(2000));
    const out = await runSampler(gaussianDenoiser(schedule, mu, s, 'epsilon'), {
      schedule,
      sampler,
      predictionType: 'epsilon',
      clip: null,
      noise: gaussianNoise(0),
      size: xT.length,
      initial: xT,
    });
    const a = schedule.alphasCumprod[sampler.timesteps[0]!]!;
    const scale = s / Math.sqrt(a * s * s + 1 - a);
    let error = 0;
    for (let i = 0; i < xT.length; i++) error += Math.abs(out[i]! - (mu + (xT[i]! - Math.sqrt(a) * mu) * scale));
    return error / xT.length;
  }

  it('DDIM (first order) converges; DPM-Solver++(2M) is far closer at the same steps and converges at second order or better', async () => {
    const e = {
      ddim20: await odeError('ddim', 20),
      ddim40: await odeError('ddim', 40),
      dpm20: await odeError('dpm-solver-pp', 20),
      dpm40: await odeError('dpm-solver-pp', 40),
    };
    console.log('mean |x − ODE solution|:', JSON.stringify(e));
    // First order: doubling the steps roughly halves the error.
    expect(e.ddim20 / e.ddim40).toBeGreaterThan(1.6);
    expect(e.dpm20).toBeLessThan(e.ddim20 / 2.5);
    expect(e.dpm40).toBeLessThan(e.ddim40 / 10);
    // Second order: doubling the steps cuts the error by about 4 (or more, before the asymptotic regime).
    expect(e.dpm20 / e.dpm40).toBeGreaterThan(3.5);
  });
});

describe('DDIM by hand (ᾱ_t = 0.25 → ᾱ_prev = 0.64, x_t = 1, ε̂ = 0.5)', () => {
  const schedule = scheduleFromAlphasCumprod([0.64, 0.25]);
  const step = (clip: readonly [number, number] | null): { x0: number; x: number } => {
    const x = Float32Array.of(1);
    const x0 = new Float32Array(1);
    const eps = new Float32Array(1);
    predictOriginalAndEpsilon('epsilon', schedule, 1, x, Float32Array.of(0.5), clip, x0, eps);
    SAMPLERS.ddim(schedule, { steps: 2, spacing: 'linspace' }).step(0, { sample: x, predictedOriginal: x0, epsilon: eps, noise: gaussianNoise(0) });
    return { x0: x0[0]!, x: x[0]! };
  };

  it('clipped: x̂₀ = 1.1339746 → 1, ε recomputed 0.5773503, x_prev = 0.8 + 0.6 · 0.5773503 = 1.1464102', () => {
    const r = step([-1, 1]);
    expect(r.x0).toBeCloseTo(1, 6);
    expect(r.x).toBeCloseTo(1.1464102, 6);
  });

  it('unclipped: x_prev = 0.8 · 1.1339746 + 0.6 · 0.5 = 1.2071797', () => {
    const r = step(null);
    expect(r.x0).toBeCloseTo(1.1339746, 6);
    expect(r.x).toBeCloseTo(1.2071797, 6);
  });

  it("η = 1: σ_t² = (0.36/0.75)(1 − 0.25/0.64) = 0.2925 (DDPM's β̃), direction √(0.36 − 0.2925)", () => {
    const run = (z: number): number => {
      const x = Float32Array.of(1);
      ddimUpdate(0.25, 0.64, 1, x, Float32Array.of(1.1339746), Float32Array.of(0.5), Float32Array.of(z));
      return x[0]!;
    };
    expect(run(1) - run(0)).toBeCloseTo(Math.sqrt(0.2925), 6);
    expect(run(0)).toBeCloseTo(0.8 * 1.1339746 + Math.sqrt(0.36 - 0.2925) * 0.5, 6);
  });

  it('the last step goes to ᾱ = 1 and returns x̂₀', () => {
    const one = scheduleFromAlphasCumprod([0.81]);
    const x = Float32Array.of(0.5);
    const x0 = new Float32Array(1);
    const eps = new Float32Array(1);
    predictOriginalAndEpsilon('epsilon', one, 0, x, Float32Array.of(0.2), [-1, 1], x0, eps);
    SAMPLERS.ddim(one, { steps: 1 }).step(0, { sample: x, predictedOriginal: x0, epsilon: eps, noise: gaussianNoise(0) });
    expect(x[0]).toBeCloseTo((0.5 - Math.sqrt(0.19) * 0.2) / 0.9, 6);
  });

  it('η = 0 draws no noise: any noise stream gives the same bits', async () => {
    const s = noiseSchedule('linear', 1000);
    const xT = gaussianNoise(1).fill(new Float32Array(64));
    const run = (seed: number): Promise<Float32Array> =>
      runSampler(gaussianDenoiser(s, 0, 0.5, 'epsilon'), {
        schedule: s,
        sampler: SAMPLERS.ddim(s, { steps: 50 }),
        predictionType: 'epsilon',
        clip: [-1, 1],
        noise: gaussianNoise(seed),
        size: 64,
        initial: xT,
      });
    expect(Array.from(await run(1))).toEqual(Array.from(await run(2)));
  });
});

describe('DDPM by hand (ᾱ_t = 0.25 → ᾱ_prev = 0.64)', () => {
  it("μ̃ = 0.65 x̂₀ + 0.3 x_t (β' = 0.609375) and σ = √0.2925; no noise on the last step", () => {
    const schedule = scheduleFromAlphasCumprod([0.64, 0.25]);
    const ones: GaussianNoise = { fill: (out) => out.fill(1) };
    const x = Float32Array.of(1);
    const sampler = SAMPLERS.ddpm(schedule, { steps: 2, spacing: 'linspace' });
    expect(sampler.timesteps).toEqual([1, 0]);
    sampler.step(0, { sample: x, predictedOriginal: Float32Array.of(0.5), epsilon: new Float32Array(1), noise: ones });
    expect(x[0]).toBeCloseTo(0.65 * 0.5 + 0.3 * 1 + Math.sqrt(0.2925), 6);
    // Last step: ᾱ_prev = 1 → μ̃ = x̂₀ exactly, no noise.
    const y = Float32Array.of(0.7);
    sampler.step(1, { sample: y, predictedOriginal: Float32Array.of(-0.4), epsilon: new Float32Array(1), noise: ones });
    expect(y[0]).toBeCloseTo(-0.4, 6);
  });

  it('with all T steps it is Algorithm 2: x_{t−1} = (x_t − β_t/√(1 − ᾱ_t) ε̂)/√α_t + √β̃_t z', () => {
    const schedule = noiseSchedule('linear', 1000);
    const t = 500;
    const eps = 0.3;
    const xt = 0.9;
    const x = Float32Array.of(xt);
    const x0 = new Float32Array(1);
    const e = new Float32Array(1);
    predictOriginalAndEpsilon('epsilon', schedule, t, x, Float32Array.of(eps), null, x0, e);
    const sampler = SAMPLERS.ddpm(schedule, { steps: 1000 });
    const zero: GaussianNoise = { fill: (out) => out.fill(0) };
    sampler.step(999 - t, { sample: x, predictedOriginal: x0, epsilon: e, noise: zero });
    const beta = schedule.betas[t]!;
    expect(x[0]).toBeCloseTo((xt - (beta / Math.sqrt(1 - schedule.alphasCumprod[t]!)) * eps) / Math.sqrt(1 - beta), 5);
  });
});

describe('DPM-Solver++(2M)', () => {
  it('its first step is DDIM (η = 0) exactly', () => {
    const schedule = noiseSchedule('linear', 1000);
    const a = Float32Array.of(0.4, -1.2);
    const b = Float32Array.from(a);
    const x0 = Float32Array.of(0.1, -0.3);
    const eps = new Float32Array(2);
    const tmp = new Float32Array(2);
    predictOriginalAndEpsilon('epsilon', schedule, 999, a, Float32Array.of(0.5, -0.5), null, tmp, eps);
    const state = (sample: Float32Array) => ({
      sample,
      predictedOriginal: x0,
      epsilon: Float32Array.from(sample, (v, i) => (v - schedule.sqrtAlphasCumprod[999]! * x0[i]!) / schedule.sqrtOneMinusAlphasCumprod[999]!),
      noise: gaussianNoise(0),
    });
    SAMPLERS['dpm-solver-pp'](schedule, { steps: 20, spacing: 'trailing' }).step(0, state(a));
    SAMPLERS.ddim(schedule, { steps: 20, spacing: 'trailing' }).step(0, state(b));
    expect(a[0]).toBeCloseTo(b[0]!, 5);
    expect(a[1]).toBeCloseTo(b[1]!, 5);
  });
});

describe('v-prediction and guidance', () => {
  it('v = √ᾱ ε − √(1 − ᾱ) x₀ round-trips to x̂₀ and ε̂', () => {
    const schedule = scheduleFromAlphasCumprod([0.36]);
    const x0 = 0.5;
    const eps = -0.25;
    const x = Float32Array.of(0.6 * x0 + 0.8 * eps);
    const v = targetFor('v_prediction', schedule, 0, x0, eps);
    expect(v).toBeCloseTo(0.6 * eps - 0.8 * x0, 12);
    const outX0 = new Float32Array(1);
    const outEps = new Float32Array(1);
    predictOriginalAndEpsilon('v_prediction', schedule, 0, x, Float32Array.of(v), null, outX0, outEps);
    expect(outX0[0]).toBeCloseTo(x0, 6);
    expect(outEps[0]).toBeCloseTo(eps, 6);
  });

  it('classifier-free guidance: w = 0 is unconditional, w = 1 conditional, w = 3 extrapolates', () => {
    const cond = Float32Array.of(1, 2);
    const uncond = Float32Array.of(0.5, 3);
    expect(Array.from(guide(cond, uncond, 0, new Float32Array(2)))).toEqual([0.5, 3]);
    expect(Array.from(guide(cond, uncond, 1, new Float32Array(2)))).toEqual([1, 2]);
    expect(Array.from(guide(cond, uncond, 3, new Float32Array(2)))).toEqual([2, 0]);
  });
});
