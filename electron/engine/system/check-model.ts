/**
 * The engine check: a two-layer perceptron small enough to build in memory,
 * run on any execution provider, and recompute exactly in TypeScript, so the
 * welcome lesson can show "the runtime works, here is the proof".
 *
 *   y = softmax(relu(x·W1 + b1)·W2 + b2),  x ∈ R^{1×8}, W1 ∈ R^{8×16}, W2 ∈ R^{16×4}
 */
import { createRng } from '../random/rng.js';
import { encodeModel, type GraphSpec } from '../runtime/onnx-graph.js';

export const CHECK_INPUT = 8;
export const CHECK_HIDDEN = 16;
export const CHECK_OUTPUT = 4;
const WEIGHT_SEED = 2024;

export interface CheckWeights {
  W1: Float32Array;
  b1: Float32Array;
  W2: Float32Array;
  b2: Float32Array;
}

function normals(rng: ReturnType<typeof createRng>, count: number, scale: number): Float32Array {
  return Float32Array.from({ length: count }, () => rng.normal() * scale);
}

export function checkWeights(): CheckWeights {
  const rng = createRng(WEIGHT_SEED);
  return {
    W1: normals(rng, CHECK_INPUT * CHECK_HIDDEN, 1 / Math.sqrt(CHECK_INPUT)),
    b1: normals(rng, CHECK_HIDDEN, 0.1),
    W2: normals(rng, CHECK_HIDDEN * CHECK_OUTPUT, 1 / Math.sqrt(CHECK_HIDDEN)),
    b2: normals(rng, CHECK_OUTPUT, 0.1),
  };
}

export function checkModelSpec(weights: CheckWeights = checkWeights()): GraphSpec {
  return {
    name: 'aigc-lab-engine-check',
    opset: 17,
    inputs: [{ name: 'x', type: 'float32', shape: [1, CHECK_INPUT] }],
    outputs: [{ name: 'probs', type: 'float32', shape: [1, CHECK_OUTPUT] }],
    initializers: [
      { name: 'W1', dims: [CHECK_INPUT, CHECK_HIDDEN], data: weights.W1 },
      { name: 'b1', dims: [CHECK_HIDDEN], data: weights.b1 },
      { name: 'W2', dims: [CHECK_HIDDEN, CHECK_OUTPUT], data: weights.W2 },
      { name: 'b2', dims: [CHECK_OUTPUT], data: weights.b2 },
    ],
    nodes: [
      { op: 'Gemm', inputs: ['x', 'W1', 'b1'], outputs: ['h'] },
      { op: 'Relu', inputs: ['h'], outputs: ['a'] },
      { op: 'Gemm', inputs: ['a', 'W2', 'b2'], outputs: ['logits'] },
      { op: 'Softmax', inputs: ['logits'], outputs: ['probs'], attributes: { axis: 1 } },
    ],
  };
}

export function checkModelBytes(): Uint8Array {
  return encodeModel(checkModelSpec());
}

/** The same maths in plain TypeScript (float64 accumulation), the reference the ONNX output is compared with. */
export function checkReference(x: Float32Array, weights: CheckWeights = checkWeights()): Float32Array {
  const hidden = new Float64Array(CHECK_HIDDEN);
  for (let j = 0; j < CHECK_HIDDEN; j++) {
    let sum = weights.b1[j] ?? 0;
    for (let i = 0; i < CHECK_INPUT; i++) sum += (x[i] ?? 0) * (weights.W1[i * CHECK_HIDDEN + j] ?? 0);
    hidden[j] = Math.max(0, sum);
  }
  const logits = new Float64Array(CHECK_OUTPUT);
  for (let k = 0; k < CHECK_OUTPUT; k++) {
    let sum = weights.b2[k] ?? 0;
    for (let j = 0; j < CHECK_HIDDEN; j++) sum += (hidden[j] ?? 0) * (weights.W2[j * CHECK_OUTPUT + k] ?? 0);
    logits[k] = sum;
  }
  const max = Math.max(...logits);
  const exps = logits.map((v) => Math.exp(v - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return Float32Array.from(exps, (v) => v / total);
}

/** A fixed, recognisable input: x_i = (i − 3.5) / 4. */
export function checkInput(): Float32Array {
  return Float32Array.from({ length: CHECK_INPUT }, (_, i) => (i - 3.5) / 4);
}
