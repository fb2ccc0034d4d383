/**
 * A small fully connected network in plain TypeScript: Float32Array weights, a batched forward
 * pass that keeps what the backward pass needs, and hand-written backpropagation. Hidden layers
 * use SiLU, z·σ(z) (Elfwing et al. 2018; the activation of DDPM's U-Net), the output is linear.
 *
 * Parameters live in one flat Float32Array so Adam, the wire and a checkpoint all see one
 * buffer: for each layer l in order, W_l (out × in, row-major) then b_l (out).
 */
import type { Rng } from '../../random/rng.js';

export interface MlpShape {
  inputDim: number;
  hidden: number;
  /** Number of hidden layers (so there are layers + 1 linear maps). */
  layers: number;
  outputDim: number;
}

/** Widths from input to output, e.g. [18, 64, 64, 64, 2]. */
export function layerWidths(shape: MlpShape): number[] {
  return [shape.inputDim, ...Array.from({ length: shape.layers }, () => shape.hidden), shape.outputDim];
}

/** @example parameterCount({ inputDim: 2, hidden: 3, layers: 1, outputDim: 1 }) // → (2·3 + 3) + (3·1 + 1) = 13 */
export function parameterCount(shape: MlpShape): number {
  const widths = layerWidths(shape);
  let count = 0;
  for (let l = 0; l + 1 < widths.length; l++) count += widths[l]! * widths[l + 1]! + widths[l + 1]!;
  return count;
}

/** Offsets of W_l and b_l inside the flat parameter buffer. */
function layerOffsets(widths: number[]): { w: number; b: number }[] {
  const offsets: { w: number; b: number }[] = [];
  let at = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    const w = at;
    at += widths[l]! * widths[l + 1]!;
    offsets.push({ w, b: at });
    at += widths[l + 1]!;
  }
  return offsets;
}

/**
 * PyTorch's nn.Linear initialisation, U(−1/√fan_in, 1/√fan_in) for weights and biases, except the
 * last layer, which starts ten times smaller so the untrained ε̂ is close to 0 rather than to noise.
 */
export function initParameters(shape: MlpShape, rng: Rng): Float32Array<ArrayBuffer> {
  const widths = layerWidths(shape);
  const params = new Float32Array(parameterCount(shape));
  const offsets = layerOffsets(widths);
  for (let l = 0; l < offsets.length; l++) {
    const fanIn = widths[l]!;
    const fanOut = widths[l + 1]!;
    const bound = (l === offsets.length - 1 ? 0.1 : 1) / Math.sqrt(fanIn);
    const { w, b } = offsets[l]!;
    for (let i = 0; i < fanIn * fanOut; i++) params[w + i] = (2 * rng.uniform() - 1) * bound;
    for (let j = 0; j < fanOut; j++) params[b + j] = (2 * rng.uniform() - 1) * bound;
  }
  return params;
}

/** Buffers for one batch size, reused across steps so training allocates nothing per step. */
export interface MlpWorkspace {
  readonly batch: number;
  /** Pre-activations z_l per layer (batch × width_{l+1}); the last one is the output. */
  readonly z: Float32Array[];
  /** Activations a_l = SiLU(z_l) of the hidden layers. */
  readonly a: Float32Array[];
  /** Gradient buffers: ∂L/∂z of the current layer and of the one below. */
  readonly delta: Float32Array;
  readonly deltaBelow: Float32Array;
}

export function createWorkspace(shape: MlpShape, batch: number): MlpWorkspace {
  const widths = layerWidths(shape);
  const widest = Math.max(...widths);
  return {
    batch,
    z: widths.slice(1).map((width) => new Float32Array(batch * width)),
    a: widths.slice(1, -1).map((width) => new Float32Array(batch * width)),
    delta: new Float32Array(batch * widest),
    deltaBelow: new Float32Array(batch * widest),
  };
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * y = f(x) for `rows` inputs (rows ≤ workspace.batch), each inputDim numbers in `input`.
 * Returns a view of the workspace's output buffer (rows × outputDim), valid until the next call.
 */
export function mlpForward(shape: MlpShape, params: Float32Array, input: Float32Array, rows: number, workspace: MlpWorkspace): Float32Array {
  const widths = layerWidths(shape);
  const offsets = layerOffsets(widths);
  let x = input;
  for (let l = 0; l < offsets.length; l++) {
    const nIn = widths[l]!;
    const nOut = widths[l + 1]!;
    const { w, b } = offsets[l]!;
    const z = workspace.z[l]!;
    // z_l = W_l a_{l−1} + b_l, four rows at a time so each weight is loaded once per four products.
    let r = 0;
    for (; r + 4 <= rows; r += 4) {
      const x0 = r * nIn;
      const x1 = x0 + nIn;
      const x2 = x1 + nIn;
      const x3 = x2 + nIn;
      for (let j = 0; j < nOut; j++) {
        const wRow = w + j * nIn;
        const bias = params[b + j]!;
        let s0 = bias;
        let s1 = bias;
        let s2 = bias;
        let s3 = bias;
        for (let i = 0; i < nIn; i++) {
          const weight = params[wRow + i]!;
          s0 += weight * x[x0 + i]!;
          s1 += weight * x[x1 + i]!;
          s2 += weight * x[x2 + i]!;
          s3 += weight * x[x3 + i]!;
        }
        z[r * nOut + j] = s0;
        z[(r + 1) * nOut + j] = s1;
        z[(r + 2) * nOut + j] = s2;
        z[(r + 3) * nOut + j] = s3;
      }
    }
    for (; r < rows; r++) {
      const xRow = r * nIn;
      for (let j = 0; j < nOut; j++) {
        const wRow = w + j * nIn;
        let sum = params[b + j]!;
        for (let i = 0; i < nIn; i++) sum += params[wRow + i]! * x[xRow + i]!;
        z[r * nOut + j] = sum;
      }
    }
    if (l < offsets.length - 1) {
      const a = workspace.a[l]!;
      const n = rows * nOut;
      // a_l = SiLU(z_l) = z_l · σ(z_l)
      for (let k = 0; k < n; k++) a[k] = z[k]! * sigmoid(z[k]!);
      x = a;
    }
  }
  return workspace.z[offsets.length - 1]!.subarray(0, rows * shape.outputDim);
}

/**
 * Backpropagation through the last mlpForward call: given ∂L/∂y (rows × outputDim), adds ∂L/∂θ
 * into `grad` (same layout as the parameters; zero it first for a fresh gradient).
 */
export function mlpBackward(
  shape: MlpShape,
  params: Float32Array,
  input: Float32Array,
  rows: number,
  workspace: MlpWorkspace,
  dOutput: Float32Array,
  grad: Float32Array,
): void {
  const widths = layerWidths(shape);
  const offsets = layerOffsets(widths);
  let delta = workspace.delta;
  let below = workspace.deltaBelow;
  delta.set(dOutput.subarray(0, rows * shape.outputDim));
  for (let l = offsets.length - 1; l >= 0; l--) {
    const nIn = widths[l]!;
    const nOut = widths[l + 1]!;
    const { w, b } = offsets[l]!;
    const x = l === 0 ? input : workspace.a[l - 1]!;
    const needBelow = l > 0;
    if (needBelow) below.fill(0, 0, rows * nIn);
    // ∂L/∂b_l = Σ_r δ_r;  ∂L/∂W_l = Σ_r δ_r a_{l−1,r}ᵀ;  ∂L/∂a_{l−1} = W_lᵀ δ — four rows at a time.
    let r = 0;
    for (; r + 4 <= rows; r += 4) {
      const x0 = r * nIn;
      const x1 = x0 + nIn;
      const x2 = x1 + nIn;
      const x3 = x2 + nIn;
      for (let j = 0; j < nOut; j++) {
        const d0 = delta[r * nOut + j]!;
        const d1 = delta[(r + 1) * nOut + j]!;
        const d2 = delta[(r + 2) * nOut + j]!;
        const d3 = delta[(r + 3) * nOut + j]!;
        const wRow = w + j * nIn;
        grad[b + j] = grad[b + j]! + d0 + d1 + d2 + d3;
        for (let i = 0; i < nIn; i++) {
          grad[wRow + i] = grad[wRow + i]! + d0 * x[x0 + i]! + d1 * x[x1 + i]! + d2 * x[x2 + i]! + d3 * x[x3 + i]!;
        }
        if (needBelow) {
          for (let i = 0; i < nIn; i++) {
            const weight = params[wRow + i]!;
            below[x0 + i] = below[x0 + i]! + d0 * weight;
            below[x1 + i] = below[x1 + i]! + d1 * weight;
            below[x2 + i] = below[x2 + i]! + d2 * weight;
            below[x3 + i] = below[x3 + i]! + d3 * weight;
          }
        }
      }
    }
    for (; r < rows; r++) {
      const xRow = r * nIn;
      for (let j = 0; j < nOut; j++) {
        const d = delta[r * nOut + j]!;
        const wRow = w + j * nIn;
        grad[b + j] = grad[b + j]! + d;
        for (let i = 0; i < nIn; i++) grad[wRow + i] = grad[wRow + i]! + d * x[xRow + i]!;
        if (needBelow) for (let i = 0; i < nIn; i++) below[xRow + i] = below[xRow + i]! + d * params[wRow + i]!;
      }
    }
    if (needBelow) {
      // δ_{l−1} = ∂L/∂a_{l−1} ⊙ SiLU′(z_{l−1}),  SiLU′(z) = σ(z) (1 + z (1 − σ(z)))
      const z = workspace.z[l - 1]!;
      const n = rows * nIn;
      for (let k = 0; k < n; k++) {
        const s = sigmoid(z[k]!);
        below[k] = below[k]! * s * (1 + z[k]! * (1 - s));
      }
      const swap = delta;
      delta = below;
      below = swap;
    }
  }
}
