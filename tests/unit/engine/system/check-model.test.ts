import { afterAll, describe, expect, it } from 'vitest';
import { Runtime, float32Tensor, type Tensor } from '../../../../electron/engine/runtime/ort.js';
import { encodeModel, type GraphSpec } from '../../../../electron/engine/runtime/onnx-graph.js';
import {
  CHECK_HIDDEN,
  CHECK_INPUT,
  CHECK_OUTPUT,
  checkInput,
  checkModelBytes,
  checkModelSpec,
  checkReference,
  checkWeights,
  type CheckWeights,
} from '../../../../electron/engine/system/check-model.js';

const runtime = new Runtime('cpu');

afterAll(async () => {
  await runtime.releaseAll();
});

async function runModel(key: string, model: Uint8Array, feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
  const opened = await runtime.open({ key, model });
  expect(opened.provider).toBe('cpu');
  return runtime.run(opened, feeds);
}

function floats(tensor: Tensor | undefined): number[] {
  expect(tensor).toBeDefined();
  return [...(tensor?.data as Float32Array)];
}

/** Weights that make the network easy to follow by hand: one path x₀ → h₀ → logit₁, and a bias on logit₂. */
function handWeights(): CheckWeights {
  const W1 = new Float32Array(CHECK_INPUT * CHECK_HIDDEN);
  W1[0 * CHECK_HIDDEN + 0] = 1;
  const W2 = new Float32Array(CHECK_HIDDEN * CHECK_OUTPUT);
  W2[0 * CHECK_OUTPUT + 1] = Math.log(2);
  const b2 = Float32Array.from([0, 0, Math.log(3), 0]);
  return { W1, b1: new Float32Array(CHECK_HIDDEN), W2, b2 };
}

const oneHot = (value: number): Float32Array => Float32Array.from({ length: CHECK_INPUT }, (_, i) => (i === 0 ? value : 0));

describe('checkReference, by hand', () => {
  it('x₀ = 1: h₀ = 1, logits = (0, ln 2, ln 3, 0), so p = (1, 2, 3, 1) / 7', () => {
    const p = checkReference(oneHot(1), handWeights());
    expect([...p].map((v) => v * 7)).toEqual([1, 2, 3, 1].map((v) => expect.closeTo(v, 5)));
  });

  it('x₀ = −1: the ReLU zeroes h₀, logits = (0, 0, ln 3, 0), so p = (1, 1, 3, 1) / 6', () => {
    const p = checkReference(oneHot(-1), handWeights());
    expect([...p].map((v) => v * 6)).toEqual([1, 1, 3, 1].map((v) => expect.closeTo(v, 5)));
  });

  it('gives a probability vector for the default weights and input', () => {
    const p = checkReference(checkInput());
    expect(p).toHaveLength(CHECK_OUTPUT);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    for (const v of p) expect(v).toBeGreaterThan(0);
  });

  it('has deterministic weights and the documented input x_i = (i − 3.5) / 4', () => {
    expect(checkWeights()).toEqual(checkWeights());
    expect([...checkInput()]).toEqual([-0.875, -0.625, -0.375, -0.125, 0.125, 0.375, 0.625, 0.875]);
  });
});

describe('the check model on onnxruntime (CPU)', () => {
  it('matches checkReference within 1e-5', async () => {
    const input = checkInput();
    const outputs = await runModel('test:check', checkModelBytes(), { x: float32Tensor(input, [1, CHECK_INPUT]) });
    expect(outputs.probs?.dims).toEqual([1, CHECK_OUTPUT]);
    const expected = [...checkReference(input)];
    floats(outputs.probs).forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-5));
  });

  it('matches the hand-computed case when built with the hand weights', async () => {
    const model = encodeModel(checkModelSpec(handWeights()));
    for (const [x0, expected] of [
      [1, [1 / 7, 2 / 7, 3 / 7, 1 / 7]],
      [-1, [1 / 6, 1 / 6, 3 / 6, 1 / 6]],
    ] as const) {
      const outputs = await runModel('test:check-hand', model, { x: float32Tensor(oneHot(x0), [1, CHECK_INPUT]) });
      floats(outputs.probs).forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-6));
    }
  });

  it('matches the reference on random inputs too', async () => {
    const model = checkModelBytes();
    for (let trial = 0; trial < 5; trial++) {
      const input = Float32Array.from({ length: CHECK_INPUT }, (_, i) => Math.sin(trial * 7 + i) * 2);
      const outputs = await runModel('test:check', model, { x: float32Tensor(input, [1, CHECK_INPUT]) });
      const expected = [...checkReference(input)];
      floats(outputs.probs).forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-5));
    }
  });
});

describe('encodeModel', () => {
  const spec = (nodes: GraphSpec['nodes'], extra: Partial<GraphSpec> = {}): GraphSpec => ({
    name: 'test',
    opset: 17,
    inputs: [{ name: 'x', type: 'float32', shape: ['N', 3] }],
    outputs: [{ name: 'y', type: 'float32', shape: ['N', 3] }],
    initializers: [],
    nodes,
    ...extra,
  });

  it('builds a graph with a named dynamic dimension', async () => {
    const model = encodeModel(spec([{ op: 'Identity', inputs: ['x'], outputs: ['y'] }]));
    for (const rows of [1, 4]) {
      const data = Float32Array.from({ length: rows * 3 }, (_, i) => i - 2.5);
      const outputs = await runModel('test:identity', model, { x: float32Tensor(data, [rows, 3]) });
      expect(outputs.y?.dims).toEqual([rows, 3]);
      expect(floats(outputs.y)).toEqual([...data]);
    }
  });

  it('encodes float, int and ints attributes', async () => {
    const model = encodeModel(
      spec(
        [
          { op: 'LeakyRelu', inputs: ['x'], outputs: ['l'], attributes: { alpha: { float: 0.5 } } },
          { op: 'Transpose', inputs: ['l'], outputs: ['t'], attributes: { perm: [1, 0] } },
          { op: 'Softmax', inputs: ['t'], outputs: ['y'], attributes: { axis: 0 } },
        ],
        { outputs: [{ name: 'y', type: 'float32', shape: [3, 'N'] }] },
      ),
    );
    const outputs = await runModel('test:attributes', model, { x: float32Tensor(Float32Array.from([-2, 0, 2]), [1, 3]) });
    expect(outputs.y?.dims).toEqual([3, 1]);
    // LeakyRelu(α = 0.5) → (−1, 0, 2); transposed to a column; softmax down the column.
    const e = [Math.exp(-1), 1, Math.exp(2)];
    const total = e[0]! + e[1]! + e[2]!;
    floats(outputs.y).forEach((v, i) => expect(v).toBeCloseTo(e[i]! / total, 6));
  });

  it('encodes float32 and int64 initializers', async () => {
    const model = encodeModel(
      spec(
        [
          { op: 'Add', inputs: ['x', 'bias'], outputs: ['s'] },
          { op: 'Reshape', inputs: ['s', 'shape'], outputs: ['y'] },
        ],
        {
          initializers: [
            { name: 'bias', dims: [3], data: Float32Array.from([10, 20, 30]) },
            { name: 'shape', dims: [2], data: BigInt64Array.from([3n, -1n]) },
          ],
          outputs: [{ name: 'y', type: 'float32', shape: [3, 'M'] }],
        },
      ),
    );
    const outputs = await runModel('test:initializers', model, { x: float32Tensor(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]) });
    expect(outputs.y?.dims).toEqual([3, 2]);
    expect(floats(outputs.y)).toEqual([11, 22, 33, 14, 25, 36]);
  });
});
