/**
 * A tiny noise-prediction model folder built in the test (not a test file), in the layout of
 * models/builtin/shapes-diffusion (config.json + onnx/model.onnx, inputs sample, timestep,
 * text_embeds → noise_pred), with weights simple enough to follow by hand:
 *
 *   noise_pred[b, c, y, x] = 0.5 · sample[b, c, y, x] + (text_embeds[b] · W)[c] + 0.001 · timestep[b]
 *
 * W [D × 3] is fixed pseudo-random (seeded). `tinyNoise` is the same function in TypeScript.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { DiffusionConfigInput } from '../../../../electron/common/diffusion.js';
import { createRng } from '../../../../electron/engine/random/rng.js';
import { encodeModel, type GraphSpec } from '../../../../electron/engine/runtime/onnx-graph.js';

export interface TinyDiffusionOptions {
  size?: number;
  conditionDim?: number;
  conditionModel?: string;
  /** Input names as the graph declares them (to build mismatching fixtures). */
  names?: { sample?: string; timestep?: string; condition?: string; output?: string };
  /** Fixed batch dimension instead of a dynamic one. */
  fixedBatch?: number;
  /** No condition input: noise_pred = 0.5 · sample + 0.001 · timestep. */
  unconditional?: boolean;
}

export function tinyWeights(conditionDim: number): Float32Array {
  const rng = createRng(99);
  return Float32Array.from({ length: conditionDim * 3 }, () => rng.uniform() - 0.5);
}

export function tinyDiffusionSpec(options: TinyDiffusionOptions = {}): GraphSpec {
  const size = options.size ?? 8;
  const D = options.conditionDim ?? 3;
  const n = { sample: 'sample', timestep: 'timestep', condition: 'text_embeds', output: 'noise_pred', ...options.names };
  const batch = options.fixedBatch ?? 'batch';
  if (options.unconditional) {
    return {
      name: 'tiny-diffusion-unconditional',
      opset: 17,
      inputs: [
        { name: n.sample, type: 'float32', shape: [batch, 3, size, size] },
        { name: n.timestep, type: 'int64', shape: [batch] },
      ],
      outputs: [{ name: n.output, type: 'float32', shape: [batch, 3, size, size] }],
      initializers: [
        { name: 'half', dims: [], data: Float32Array.of(0.5) },
        { name: 'milli', dims: [], data: Float32Array.of(0.001) },
        { name: 'shape_t', dims: [4], data: BigInt64Array.of(-1n, 1n, 1n, 1n) },
      ],
      nodes: [
        { op: 'Mul', inputs: [n.sample, 'half'], outputs: ['scaled'] },
        { op: 'Cast', inputs: [n.timestep], outputs: ['t_float'], attributes: { to: 1 } },
        { op: 'Mul', inputs: ['t_float', 'milli'], outputs: ['t_scaled'] },
        { op: 'Reshape', inputs: ['t_scaled', 'shape_t'], outputs: ['t4'] },
        { op: 'Add', inputs: ['scaled', 't4'], outputs: [n.output] },
      ],
    };
  }
  return {
    name: 'tiny-diffusion',
    opset: 17,
    inputs: [
      { name: n.sample, type: 'float32', shape: [batch, 3, size, size] },
      { name: n.timestep, type: 'int64', shape: [batch] },
      { name: n.condition, type: 'float32', shape: [batch, D] },
    ],
    outputs: [{ name: n.output, type: 'float32', shape: [batch, 3, size, size] }],
    initializers: [
      { name: 'W', dims: [D, 3], data: tinyWeights(D) },
      { name: 'half', dims: [], data: Float32Array.of(0.5) },
      { name: 'milli', dims: [], data: Float32Array.of(0.001) },
      { name: 'shape_c', dims: [4], data: BigInt64Array.of(-1n, 3n, 1n, 1n) },
      { name: 'shape_t', dims: [4], data: BigInt64Array.of(-1n, 1n, 1n, 1n) },
    ],
    nodes: [
      { op: 'Mul', inputs: [n.sample, 'half'], outputs: ['scaled'] },
      { op: 'MatMul', inputs: [n.condition, 'W'], outputs: ['bias'] },
      { op: 'Reshape', inputs: ['bias', 'shape_c'], outputs: ['bias4'] },
      { op: 'Cast', inputs: [n.timestep], outputs: ['t_float'], attributes: { to: 1 } },
      { op: 'Mul', inputs: ['t_float', 'milli'], outputs: ['t_scaled'] },
      { op: 'Reshape', inputs: ['t_scaled', 'shape_t'], outputs: ['t4'] },
      { op: 'Add', inputs: ['scaled', 'bias4'], outputs: ['partial'] },
      { op: 'Add', inputs: ['partial', 't4'], outputs: [n.output] },
    ],
  };
}

/** The graph's function in TypeScript, for one image's condition. */
export function tinyNoise(
  sample: Float32Array,
  t: number,
  condition: Float32Array | null,
  size: number,
  out: Float32Array,
  W = tinyWeights(condition?.length ?? 3),
): void {
  const plane = size * size;
  const images = sample.length / (3 * plane);
  for (let b = 0; b < images; b++) {
    for (let c = 0; c < 3; c++) {
      let bias = 0;
      if (condition) for (let d = 0; d < condition.length; d++) bias += condition[d]! * W[d * 3 + c]!;
      for (let p = 0; p < plane; p++) {
        const i = b * 3 * plane + c * plane + p;
        out[i] = Math.fround(Math.fround(0.5 * sample[i]!) + Math.fround(bias)) + Math.fround(0.001 * t);
      }
    }
  }
}

export function tinyConfig(options: TinyDiffusionOptions = {}): DiffusionConfigInput {
  return {
    sample_size: options.size ?? 8,
    in_channels: 3,
    out_channels: 3,
    value_range: [-1, 1],
    num_train_timesteps: 1000,
    beta_schedule: 'squaredcos_cap_v2',
    prediction_type: 'epsilon',
    inputs: { sample: 'sample', timestep: 'timestep', condition: 'text_embeds' },
    timestep_type: 'int64',
    condition_dim: options.conditionDim ?? 3,
    condition_model: options.conditionModel ?? 'tiny-clip',
    unconditional: 'zeros',
    guidance_scale: 3,
    sampling_steps: 10,
  };
}

export interface TinyDiffusionFolder {
  base: string;
  folder: string;
  remove(): Promise<void>;
}

/** Writes config.json + onnx/model.onnx under a fresh temporary <base>/<name>. */
export async function writeTinyDiffusion(
  name = 'tiny-diffusion',
  options: TinyDiffusionOptions = {},
  config: unknown = tinyConfig(options),
): Promise<TinyDiffusionFolder> {
  const base = await mkdtemp(join(tmpdir(), 'aigc-diffusion-'));
  const folder = join(base, name);
  await mkdir(join(folder, 'onnx'), { recursive: true });
  await writeFile(join(folder, 'config.json'), JSON.stringify(config));
  await writeFile(join(folder, 'onnx', 'model.onnx'), encodeModel(tinyDiffusionSpec(options)));
  return { base, folder, remove: () => rm(base, { recursive: true, force: true }) };
}
