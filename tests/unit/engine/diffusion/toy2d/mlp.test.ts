import { describe, expect, it } from 'vitest';
import {
  createWorkspace,
  initParameters,
  layerWidths,
  mlpBackward,
  mlpForward,
  parameterCount,
  type MlpShape,
} from '../../../../../electron/engine/diffusion/toy2d/mlp';
import { createRng } from '../../../../../electron/engine/random/rng';

const silu = (z: number): number => z / (1 + Math.exp(-z));

describe('toy2d MLP', () => {
  it('counts and lays out parameters as W then b per layer', () => {
    const shape: MlpShape = { inputDim: 18, hidden: 64, layers: 3, outputDim: 2 };
    expect(layerWidths(shape)).toEqual([18, 64, 64, 64, 2]);
    // (18·64 + 64) + 2·(64·64 + 64) + (64·2 + 2)
    expect(parameterCount(shape)).toBe(1216 + 8320 + 130);
    expect(parameterCount({ inputDim: 2, hidden: 3, layers: 1, outputDim: 1 })).toBe(13);
  });

  it('computes a hand-checked forward pass: y = W₂ SiLU(W₁ x + b₁) + b₂', () => {
    const shape: MlpShape = { inputDim: 2, hidden: 2, layers: 1, outputDim: 1 };
    // W₁ = [[1, −1], [0.5, 2]], b₁ = [0, −1], W₂ = [[2, −3]], b₂ = [0.25]
    const params = Float32Array.of(1, -1, 0.5, 2, 0, -1, 2, -3, 0.25);
    const x = Float32Array.of(1, 2, -1, 0.5);
    const out = mlpForward(shape, params, x, 2, createWorkspace(shape, 2));
    // Row 1: z₁ = (1 − 2, 0.5 + 4 − 1) = (−1, 3.5); Row 2: z₁ = (−1.5, −0.5 + 1 − 1) = (−1.5, −0.5)
    expect(out[0]).toBeCloseTo(2 * silu(-1) - 3 * silu(3.5) + 0.25, 5);
    expect(out[1]).toBeCloseTo(2 * silu(-1.5) - 3 * silu(-0.5) + 0.25, 5);
  });

  it('back-propagates the exact gradient (every parameter against central finite differences)', () => {
    // Five rows: one block of four plus a remainder row, so both loops are checked.
    const shape: MlpShape = { inputDim: 3, hidden: 5, layers: 2, outputDim: 2 };
    const rows = 5;
    const rng = createRng(3);
    const params = initParameters(shape, rng);
    // Larger last-layer weights than the init's, so its gradient is not tiny.
    for (let i = 0; i < params.length; i++) params[i] = params[i]! * 3;
    const x = Float32Array.from({ length: rows * 3 }, () => rng.normal());
    const target = Float32Array.from({ length: rows * 2 }, () => rng.normal());
    const workspace = createWorkspace(shape, rows);
    // L = ½ Σ (y − target)²  ⇒ ∂L/∂y = y − target; the loss is summed in doubles.
    const loss = (): number => {
      const y = mlpForward(shape, params, x, rows, workspace);
      let total = 0;
      for (let k = 0; k < y.length; k++) total += 0.5 * (y[k]! - target[k]!) ** 2;
      return total;
    };
    const y = mlpForward(shape, params, x, rows, workspace);
    const dOutput = Float32Array.from(y, (value, k) => value - target[k]!);
    const grad = new Float32Array(params.length);
    mlpBackward(shape, params, x, rows, workspace, dOutput, grad);

    const h = 1e-2;
    let worst = 0;
    for (let i = 0; i < params.length; i++) {
      const saved = params[i]!;
      params[i] = saved + h;
      const up = loss();
      params[i] = saved - h;
      const down = loss();
      params[i] = saved;
      const numeric = (up - down) / (2 * h);
      worst = Math.max(worst, Math.abs(numeric - grad[i]!) / Math.max(1e-2, Math.abs(numeric) + Math.abs(grad[i]!)));
    }
    expect(worst).toBeLessThan(2e-3);
    // And the gradient is not trivially zero.
    expect(grad.reduce((sum, g) => sum + Math.abs(g), 0)).toBeGreaterThan(1);
  });

  it('accumulates into the gradient buffer (two half batches = one full batch)', () => {
    const shape: MlpShape = { inputDim: 2, hidden: 4, layers: 2, outputDim: 2 };
    const params = initParameters(shape, createRng(1));
    const x = Float32Array.of(0.1, 0.2, -0.3, 0.4, 0.5, -0.6, 0.7, 0.8, -0.9, 1, 1.1, -1.2, 1.3, 1.4, -1.5, 1.6);
    const d = Float32Array.from({ length: 16 }, (_, k) => (k % 3) - 1);
    const full = new Float32Array(params.length);
    const workspace = createWorkspace(shape, 8);
    mlpForward(shape, params, x, 8, workspace);
    mlpBackward(shape, params, x, 8, workspace, d, full);
    const halves = new Float32Array(params.length);
    for (const start of [0, 4]) {
      const xs = x.subarray(start * 2, start * 2 + 8);
      mlpForward(shape, params, xs, 4, workspace);
      mlpBackward(shape, params, xs, 4, workspace, d.subarray(start * 2, start * 2 + 8), halves);
    }
    for (let i = 0; i < full.length; i++) expect(halves[i]).toBeCloseTo(full[i]!, 5);
  });
});
