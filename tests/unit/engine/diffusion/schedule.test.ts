/**
 * The three β schedules (schedules/*.ts) and what schedule.ts derives from them, pinned to
 * values computed independently (numpy: cumprod(1 − linspace(1e-4, 0.02, 1000)) etc.).
 */
import { describe, expect, it } from 'vitest';

import { BETA_SCHEDULES, betas, describeSchedule, noiseSchedule, scheduleName } from '../../../../electron/engine/diffusion/schedule';

describe('β schedules: the same signature on each file', () => {
  it.each(Object.entries(BETA_SCHEDULES))('%s: T values in (0, 1), non-decreasing', (_name, schedule) => {
    const b = schedule(1000);
    expect(b).toHaveLength(1000);
    for (let t = 0; t < 1000; t++) {
      expect(b[t]).toBeGreaterThan(0);
      expect(b[t]).toBeLessThan(1);
      if (t > 0) expect(b[t]).toBeGreaterThanOrEqual(b[t - 1]! - 1e-15);
    }
  });

  it('linear: DDPM endpoints 1e-4 and 0.02, evenly spaced', () => {
    const b = betas('linear', 1000);
    expect(b[0]).toBeCloseTo(1e-4, 15);
    expect(b[999]).toBeCloseTo(0.02, 15);
    expect(b[1]! - b[0]!).toBeCloseTo(0.0199 / 999, 15);
  });

  it('scaled-linear is linear in √β (Stable Diffusion: 0.00085 … 0.012, ᾱ₉₉₉ ≈ 0.00466)', () => {
    const b = betas('scaled-linear', 1000, { betaStart: 0.00085, betaEnd: 0.012 });
    expect(b[0]).toBeCloseTo(0.00085, 15);
    expect(b[999]).toBeCloseTo(0.012, 15);
    expect(Math.sqrt(b[500]!) - Math.sqrt(b[499]!)).toBeCloseTo((Math.sqrt(0.012) - Math.sqrt(0.00085)) / 999, 14);
    const s = noiseSchedule('scaled_linear', 1000, { betaStart: 0.00085, betaEnd: 0.012 });
    expect(s.alphasCumprod[499]).toBeCloseTo(0.27766965, 7);
    expect(s.alphasCumprod[999]).toBeCloseTo(0.0046601, 6);
  });

  it('cosine (squaredcos_cap_v2): ᾱ_t telescopes to the cos² closed form wherever β is not capped, and β caps at 0.999', () => {
    const s = noiseSchedule('cosine', 1000);
    const f = (t: number): number => Math.cos(((t / 1000 + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    for (const t of [1, 10, 100, 500, 900, 990]) expect(s.alphasCumprod[t - 1]).toBeCloseTo(f(t) / f(0), 12);
    // ᾱ₀ = cos²((0.001 + 0.008)/1.008 · π/2) / cos²(0.008/1.008 · π/2) = 0.99995872
    expect(s.alphasCumprod[0]).toBeCloseTo(0.99995872, 8);
    expect(s.betas[999]).toBe(0.999);
  });

  it('pins reference values (linear: ᾱ₀ = 0.9999, ᾱ₄₉₉ ≈ 0.0786, ᾱ₉₉₉ ≈ 4.04e-5; cosine: ᾱ₄₉₉ ≈ 0.494)', () => {
    const linear = noiseSchedule('linear', 1000);
    expect(linear.alphasCumprod[0]).toBeCloseTo(0.9999, 12);
    expect(linear.alphasCumprod[499]).toBeCloseTo(0.0786, 4);
    expect(linear.alphasCumprod[499]).toBeCloseTo(0.07858724288, 9);
    expect(linear.alphasCumprod[999]! / 4.035829765e-5).toBeCloseTo(1, 6);
    expect(noiseSchedule('cosine', 1000).alphasCumprod[499]).toBeCloseTo(0.494, 3);
    expect(noiseSchedule('cosine', 1000).alphasCumprod[499]).toBeCloseTo(0.49384359, 7);
  });

  it('derives √ᾱ, √(1 − ᾱ), SNR and log-SNR consistently', () => {
    const s = noiseSchedule('linear', 1000);
    for (const t of [0, 250, 999]) {
      const a = s.alphasCumprod[t]!;
      expect(s.sqrtAlphasCumprod[t]! ** 2 + s.sqrtOneMinusAlphasCumprod[t]! ** 2).toBeCloseTo(1, 14);
      expect(s.snr[t]).toBeCloseTo(a / (1 - a), 8);
      expect(s.logSnr[t]).toBeCloseTo(Math.log(a / (1 - a)), 10);
    }
    // SNR falls monotonically: log SNR(0) = log(0.9999/0.0001) = 9.21, log SNR(999) = −10.12
    expect(s.logSnr[0]).toBeCloseTo(9.2102404, 6);
    expect(s.logSnr[999]).toBeCloseTo(Math.log(4.035829765e-5 / (1 - 4.035829765e-5)), 6);
  });

  it('ᾱ is the running product of 1 − β', () => {
    const s = noiseSchedule('linear', 10);
    let product = 1;
    for (let i = 0; i < 10; i++) product *= 1 - s.betas[i]!;
    expect(s.alphasCumprod[9]).toBeCloseTo(product, 15);
  });

  it("accepts diffusers' names and refuses unknown ones and a non-positive T", () => {
    expect(scheduleName('squaredcos_cap_v2')).toBe('cosine');
    expect(scheduleName('scaled_linear')).toBe('scaled-linear');
    expect(() => scheduleName('sigmoid')).toThrow(RangeError);
    expect(() => betas('linear', 0)).toThrow(RangeError);
  });
});

describe('diffusion.schedule (describeSchedule)', () => {
  it('returns curves of length T and the spaced timesteps', () => {
    const r = describeSchedule({ schedule: 'cosine', T: 1000, steps: 10, spacing: 'trailing' });
    expect(r.betas).toHaveLength(1000);
    expect(r.alphasCumprod).toHaveLength(1000);
    expect(r.logSnr).toHaveLength(1000);
    expect(r.timesteps).toEqual([999, 899, 799, 699, 599, 499, 399, 299, 199, 99]);
    expect(describeSchedule({ schedule: 'linear' }).timesteps).toEqual([]);
  });

  it('refuses more steps than T and an offset that leaves the range, with message keys', () => {
    expect(() => describeSchedule({ schedule: 'linear', T: 10, steps: 11 })).toThrow(
      expect.objectContaining({ messageKey: 'error.diffusion.tooManySteps' }),
    );
    expect(() => describeSchedule({ schedule: 'linear', T: 10, steps: 10, stepsOffset: 1 })).toThrow(
      expect.objectContaining({ messageKey: 'error.diffusion.stepsOffset' }),
    );
  });
});
