import { describe, expect, it } from 'vitest';
import { timeEmbeddingTable } from '../../../../../electron/engine/diffusion/toy2d/embedding';
import { samplingTimesteps, toy2dSchedule } from '../../../../../electron/engine/diffusion/toy2d/schedule';

describe('toy2d schedule', () => {
  it("is DDPM's at T = 1000 (ᾱ₁ = 0.9999, ᾱ₅₀₀ ≈ 0.0786, ᾱ₁₀₀₀ ≈ 4.04e-5) and the cosine one's (ᾱ₅₀₀ ≈ 0.494)", () => {
    const linear = toy2dSchedule('linear', 1000);
    expect(linear.beta[0]).toBeCloseTo(1e-4, 12);
    expect(linear.beta[999]).toBeCloseTo(0.02, 12);
    expect(linear.alphaBar[0]).toBeCloseTo(0.9999, 10);
    expect(linear.alphaBar[499]).toBeCloseTo(0.0786, 4);
    expect(linear.alphaBar[999]! / 4.04e-5).toBeCloseTo(1, 2);
    expect(toy2dSchedule('cosine', 1000).alphaBar[499]).toBeCloseTo(0.494, 3);
  });

  it('stretches the linear β by 1000/T, so a short chain still ends in noise', () => {
    const short = toy2dSchedule('linear', 100);
    expect(short.beta[0]).toBeCloseTo(1e-3, 12);
    expect(short.beta[99]).toBeCloseTo(0.2, 12);
    // ln ᾱ_T ≈ −Σβ = −100 · (0.001 + 0.2)/2 ≈ −10.05 (a little lower: ln(1 − β) < −β)
    expect(short.alphaBar[99]).toBeLessThan(Math.exp(-10.05));
    expect(short.alphaBar[99]).toBeGreaterThan(1e-5);
    const cosine = toy2dSchedule('cosine', 100);
    expect(cosine.beta[99]).toBe(0.999);
    for (let i = 1; i < 100; i++) expect(cosine.alphaBar[i]).toBeLessThan(cosine.alphaBar[i - 1]!);
  });

  it('visits evenly spaced timesteps from T − 1 down', () => {
    expect(Array.from(samplingTimesteps(100, 4))).toEqual([99, 74, 49, 24]);
    expect(Array.from(samplingTimesteps(5, 5))).toEqual([4, 3, 2, 1, 0]);
    expect(Array.from(samplingTimesteps(100, 1))).toEqual([99]);
    expect(() => samplingTimesteps(10, 11)).toThrow(RangeError);
  });

  it('embeds time with sines and cosines from 1 rad/step down to 1/T rad/step', () => {
    const table = timeEmbeddingTable(100, 3);
    // ω = 1, 0.1, 0.01; row t = 10
    const row = Array.from(table.subarray(60, 66));
    const expected = [Math.sin(10), Math.sin(1), Math.sin(0.1), Math.cos(10), Math.cos(1), Math.cos(0.1)];
    row.forEach((value, k) => expect(value).toBeCloseTo(expected[k]!, 6));
  });
});
