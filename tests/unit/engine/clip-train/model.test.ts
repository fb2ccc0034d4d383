/**
 * The tiny CLIP's hand-written gradients against central finite differences,
 * the loss against a hand-computed value, and Adam's first step.
 */
import { describe, expect, it } from 'vitest';
import { Adam } from '../../../../electron/engine/clip-train/adam.js';
import { symmetricInfoNce } from '../../../../electron/engine/clip-train/infonce.js';
import { initTinyClip, lossAndGrads, parameterList } from '../../../../electron/engine/clip-train/model.js';
import { createRng } from '../../../../electron/engine/random/rng.js';

describe('symmetricInfoNce', () => {
  it('is ln N when every similarity is equal, and matches a hand-computed 2×2 case', () => {
    const I = Float64Array.of(1, 0, 1, 0);
    const T = Float64Array.of(1, 0, 1, 0);
    expect(symmetricInfoNce(I, T, 2, 2, 0).loss).toBeCloseTo(Math.log(2), 12);
    // Orthonormal pairs, s = e¹: every row is softmax(e, 0) → loss = log(1 + e^{−e}).
    const J = Float64Array.of(1, 0, 0, 1);
    expect(symmetricInfoNce(J, J, 2, 2, 1).loss).toBeCloseTo(Math.log(1 + Math.exp(-Math.E)), 12);
  });
});

describe('lossAndGrads', () => {
  it('matches central finite differences for every parameter group', () => {
    const rng = createRng(3);
    const shape = { P: 10, H: 6, d: 4, V: 7 };
    const params = initTinyClip(shape, rng);
    params.b1.forEach((_, h) => (params.b1[h] = 0.1 * rng.normal()));
    params.tau[0] = 1.3;
    const N = 5;
    const pixels = Float64Array.from({ length: N * shape.P }, () => rng.uniform() - 0.5);
    const tokens = [[0, 1, 2], [3], [4, 5], [6, 0, 0], [2, 5]];
    const { grads } = lossAndGrads(params, pixels, tokens);
    const list = parameterList(params);
    const eps = 1e-6;
    let checked = 0;
    list.forEach((theta, k) => {
      const picks = theta.length <= 8 ? [...theta.keys()] : [0, 3, Math.floor(theta.length / 2), theta.length - 1];
      for (const i of picks) {
        const saved = theta[i]!;
        theta[i] = saved + eps;
        const up = lossAndGrads(params, pixels, tokens).loss;
        theta[i] = saved - eps;
        const down = lossAndGrads(params, pixels, tokens).loss;
        theta[i] = saved;
        const numeric = (up - down) / (2 * eps);
        const analytic = grads[k]![i]!;
        expect(Math.abs(analytic - numeric)).toBeLessThan(1e-6 + 1e-4 * Math.abs(numeric));
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(15);
    // Not a vacuous check: the gradients are not all zero.
    expect(grads.every((g) => g.some((v) => Math.abs(v) > 1e-6))).toBe(true);
  });
});

describe('Adam', () => {
  it('moves each parameter by about the learning rate against its gradient on the first step', () => {
    const theta = Float64Array.of(1, -2);
    new Adam([theta], 0.1).step([Float64Array.of(0.5, -3)]);
    // m̂ = g, v̂ = g², so the step is α · g/|g| = ±α.
    expect(theta[0]).toBeCloseTo(0.9, 6);
    expect(theta[1]).toBeCloseTo(-1.9, 6);
  });
});
