/**
 * The ε-predictor ε̂_θ(x_t, t): the MLP fed with the point's two coordinates followed by the
 * timestep's sinusoidal embedding, answering with the two coordinates of the noise it sees.
 */
import type { Toy2dModelConfig } from '../../../common/toy2d.js';
import { timeEmbeddingTable } from './embedding.js';
import { createWorkspace, mlpForward, parameterCount, type MlpShape, type MlpWorkspace } from './mlp.js';

/** Points per forward pass when sampling: large enough to amortise the loops, small enough to stay in cache. */
const SAMPLE_CHUNK = 256;

export function denoiserShape(config: Toy2dModelConfig): MlpShape {
  return { inputDim: 2 + 2 * config.frequencies, hidden: config.hidden, layers: config.layers, outputDim: 2 };
}

export function denoiserParameterCount(config: Toy2dModelConfig): number {
  return parameterCount(denoiserShape(config));
}

export interface Toy2dDenoiser {
  readonly config: Toy2dModelConfig;
  readonly shape: MlpShape;
  readonly params: Float32Array;
  /** T × 2K sinusoidal features (embedding.ts). */
  readonly embedding: Float32Array;
  readonly workspace: MlpWorkspace;
  /** One batch of network inputs, rows × (2 + 2K). */
  readonly input: Float32Array;
}

export function createDenoiser(config: Toy2dModelConfig, params: Float32Array, batch = SAMPLE_CHUNK): Toy2dDenoiser {
  const shape = denoiserShape(config);
  const expected = parameterCount(shape);
  if (params.length !== expected) throw new RangeError(`the network needs ${expected} weights, got ${params.length}`);
  return {
    config,
    shape,
    params,
    embedding: timeEmbeddingTable(config.T, config.frequencies),
    workspace: createWorkspace(shape, batch),
    input: new Float32Array(batch * shape.inputDim),
  };
}

/** Writes row r of the network input: (x, y, embedding of timestep index t). */
export function writeInputRow(denoiser: Toy2dDenoiser, r: number, x: number, y: number, t: number): void {
  const width = denoiser.shape.inputDim;
  const e = 2 * denoiser.config.frequencies;
  denoiser.input[r * width] = x;
  denoiser.input[r * width + 1] = y;
  denoiser.input.set(denoiser.embedding.subarray(t * e, (t + 1) * e), r * width + 2);
}

/**
 * ε̂_θ(x_t, t) for every point of `x` ((x, y) pairs) at timestep index t, written into `out`
 * (same length), in chunks of the workspace's batch size.
 */
export function predictNoise(denoiser: Toy2dDenoiser, x: Float32Array, t: number, out: Float32Array): Float32Array {
  const count = x.length / 2;
  const chunk = denoiser.workspace.batch;
  for (let start = 0; start < count; start += chunk) {
    const rows = Math.min(chunk, count - start);
    for (let r = 0; r < rows; r++) writeInputRow(denoiser, r, x[2 * (start + r)]!, x[2 * (start + r) + 1]!, t);
    const epsHat = mlpForward(denoiser.shape, denoiser.params, denoiser.input, rows, denoiser.workspace);
    out.set(epsHat, 2 * start);
  }
  return out;
}
