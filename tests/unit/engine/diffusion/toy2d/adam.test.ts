import { describe, expect, it } from 'vitest';
import { adamStep, createAdam } from '../../../../../electron/engine/diffusion/toy2d/adam';

describe('toy2d Adam', () => {
  it('moves each parameter by the learning rate against the gradient sign on its first step (m̂₁ = g, v̂₁ = g²)', () => {
    const params = Float32Array.of(1, 1, 1);
    adamStep(createAdam(3), params, Float32Array.of(0.5, -20, 1e-3), 0.1);
    expect(params[0]).toBeCloseTo(0.9, 6);
    expect(params[1]).toBeCloseTo(1.1, 6);
    expect(params[2]).toBeCloseTo(0.9, 4);
  });

  it('matches Algorithm 1 by hand on a second step', () => {
    const state = createAdam(1);
    const params = Float32Array.of(0);
    adamStep(state, params, Float32Array.of(1), 0.01);
    adamStep(state, params, Float32Array.of(3), 0.01);
    // m₂ = 0.9·0.1 + 0.1·3 = 0.39, v₂ = 0.999·0.001 + 0.001·9 = 0.009999; m̂ = 0.39/0.19, v̂ = 0.009999/0.001999
    const step2 = (0.01 * (0.39 / 0.19)) / Math.sqrt(0.009999 / 0.001999);
    expect(params[0]).toBeCloseTo(-0.01 - step2, 6);
  });

  it('finds the minimum of a quadratic', () => {
    const state = createAdam(2);
    const params = Float32Array.of(5, -3);
    for (let i = 0; i < 2000; i++) adamStep(state, params, Float32Array.of(2 * (params[0]! - 1), 2 * (params[1]! + 2)), 0.05);
    expect(params[0]).toBeCloseTo(1, 2);
    expect(params[1]).toBeCloseTo(-2, 2);
  });
});
