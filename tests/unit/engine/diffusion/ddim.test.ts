import { describe, expect, it } from 'vitest';

import { ddimStep, ddimTimesteps, guide } from '../../../../electron/engine/diffusion/ddim';
import { betas, noiseSchedule, type NoiseSchedule } from '../../../../electron/engine/diffusion/schedule';
import { createRng } from '../../../../electron/engine/random/rng';

describe('noise schedules', () => {
  it('linear: DDPM endpoints 1e-4 and 0.02, evenly spaced', () => {
    const b = betas('linear', 1000);
    expect(b[0]).toBeCloseTo(1e-4, 15);
    expect(b[999]).toBeCloseTo(0.02, 15);
    expect(b[1]! - b[0]!).toBeCloseTo(0.0199 / 999, 15);
  });

  it('scaled_linear is linear in √β', () => {
    const b = betas('scaled_linear', 1000, { betaStart: 0.00085, betaEnd: 0.012 });
    expect(Math.sqrt(b[500]!) - Math.sqrt(b[499]!)).toBeCloseTo((Math.sqrt(0.012) - Math.sqrt(0.00085)) / 999, 14);
  });

  it('squaredcos_cap_v2: ᾱ_t telescopes to cos² closed form wherever β is not capped', () => {
    const s = noiseSchedule('squaredcos_cap_v2', 1000);
    const f = (t: number): number => Math.cos(((t / 1000 + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    for (const t of [1, 10, 100, 500, 900, 990]) expect(s.alphasCumprod[t - 1]).toBeCloseTo(f(t) / f(0), 12);
    // Hand value: ᾱ₁ = cos²((0.001 + 0.008)/1.008 · π/2) / cos²(0.008/1.008 · π/2)
    expect(s.alphasCumprod[0]).toBeCloseTo(0.99997, 4);
    expect(s.betas[999]).toBe(0.999); // the cap
  });

  it('pins reference values (DDPM linear: ᾱ₀ = 0.9999, ᾱ₄₉₉ ≈ 0.0786, ᾱ₉₉₉ ≈ 4.04e-5; cosine: ᾱ₄₉₉ ≈ 0.494)', () => {
    const linear = noiseSchedule('linear', 1000).alphasCumprod;
    expect(linear[0]).toBeCloseTo(0.9999, 10);
    expect(linear[499]).toBeCloseTo(0.0786, 4);
    expect(linear[999]! / 4.04e-5).toBeCloseTo(1, 2);
    expect(noiseSchedule('squaredcos_cap_v2', 1000).alphasCumprod[499]).toBeCloseTo(0.494, 3);
  });

  it('ᾱ is the running product of 1 − β', () => {
    const s = noiseSchedule('linear', 10);
    let product = 1;
    for (let i = 0; i < 10; i++) product *= 1 - s.betas[i]!;
    expect(s.alphasCumprod[9]).toBeCloseTo(product, 15);
  });

  it('rejects a non-positive number of steps', () => {
    expect(() => betas('linear', 0)).toThrow(RangeError);
  });
});

describe('DDIM', () => {
  it('visits "leading" timesteps T/n·k, noisiest first, as diffusers does', () => {
    const ts = ddimTimesteps(1000, 50);
    expect(ts).toHaveLength(50);
    expect(ts.slice(0, 3)).toEqual([980, 960, 940]);
    expect(ts.at(-1)).toBe(0);
    expect(() => ddimTimesteps(1000, 0)).toThrow(RangeError);
    expect(() => ddimTimesteps(1000, 1001)).toThrow(RangeError);
  });

  it('one step by hand: ᾱ_t = 0.25 → ᾱ_prev = 0.64, x = 1, ε = 0.5, with and without clipping', () => {
    const schedule: NoiseSchedule = { steps: 2, betas: new Float64Array(2), alphasCumprod: Float64Array.of(0.64, 0.25) };
    // x̂₀ = (1 − √0.75·0.5)/0.5 = 1.1339746; clipped to 1; ε' = (1 − 0.5·1)/√0.75 = 0.5773503;
    // x_prev = 0.8·1 + 0.6·0.5773503 = 1.1464102.
    const clipped = ddimStep(schedule, Float32Array.of(1), Float32Array.of(0.5), 1, 0);
    expect(clipped.predictedOriginal[0]).toBeCloseTo(1, 6);
    expect(clipped.sample[0]).toBeCloseTo(1.1464102, 6);
    // Unclipped: x_prev = 0.8·1.1339746 + 0.6·0.5 = 1.2071797.
    const free = ddimStep(schedule, Float32Array.of(1), Float32Array.of(0.5), 1, 0, null);
    expect(free.predictedOriginal[0]).toBeCloseTo(1.1339746, 6);
    expect(free.sample[0]).toBeCloseTo(1.2071797, 6);
  });

  it('the last step goes to ᾱ = 1 and returns x̂₀', () => {
    const schedule: NoiseSchedule = { steps: 1, betas: new Float64Array(1), alphasCumprod: Float64Array.of(0.81) };
    const step = ddimStep(schedule, Float32Array.of(0.5), Float32Array.of(0.2), 0, -1);
    expect(step.sample[0]).toBeCloseTo((0.5 - Math.sqrt(0.19) * 0.2) / 0.9, 6);
  });

  it('with an oracle that knows the true noise, 50 deterministic steps recover x₀ exactly', () => {
    // On DDIM's η = 0 path every x_t is √ᾱ_t x₀ + √(1−ᾱ_t) ε for the same ε, so the oracle's answer
    // is constant and the sampler must land on x₀ (up to float32 rounding).
    const schedule = noiseSchedule('squaredcos_cap_v2', 1000);
    const rng = createRng(3);
    const n = 64;
    const x0 = Float32Array.from({ length: n }, () => rng.uniform() * 1.8 - 0.9);
    const eps = Float32Array.from({ length: n }, () => rng.normal());
    const ts = ddimTimesteps(1000, 50);
    const aT = schedule.alphasCumprod[ts[0]!]!;
    let x: Float32Array = Float32Array.from(x0, (v, i) => Math.sqrt(aT) * v + Math.sqrt(1 - aT) * eps[i]!);
    for (let k = 0; k < ts.length; k++) x = ddimStep(schedule, x, eps, ts[k]!, k + 1 < ts.length ? ts[k + 1]! : -1).sample;
    for (let i = 0; i < n; i++) expect(x[i]).toBeCloseTo(x0[i]!, 4);
  });

  it('classifier-free guidance: w = 0 is unconditional, w = 1 conditional, w = 3 extrapolates', () => {
    const cond = Float32Array.of(1, 2);
    const uncond = Float32Array.of(0.5, 3);
    expect(Array.from(guide(cond, uncond, 0, new Float32Array(2)))).toEqual([0.5, 3]);
    expect(Array.from(guide(cond, uncond, 1, new Float32Array(2)))).toEqual([1, 2]);
    expect(Array.from(guide(cond, uncond, 3, new Float32Array(2)))).toEqual([2, 0]);
  });
});
