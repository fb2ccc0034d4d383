/**
 * The reverse process for the toy models: start from N(0, I), ask the network for ε̂ at each
 * visited timestep and let a sampler step (ddpm.ts, ddim.ts: one file each, one signature)
 * move every point, recording each frame and the learned vector field for the widget.
 */
import { TOY2D_EXTENT, type Toy2dSamplerName } from '../../../common/toy2d.js';
import { createRng } from '../../random/rng.js';
import { ddimStep } from './ddim.js';
import { ddpmStep } from './ddpm.js';
import { predictNoise, type Toy2dDenoiser } from './denoiser.js';
import { samplingTimesteps, type Toy2dSchedule } from './schedule.js';
import type { Toy2dStep } from './step.js';

export const TOY2D_STEPS: Record<Toy2dSamplerName, Toy2dStep> = { ddpm: ddpmStep, ddim: ddimStep };

export interface Toy2dSampleOptions {
  sampler: Toy2dSamplerName;
  count: number;
  seed: number;
  steps: number;
  eta?: number;
  /** Clip x̂₀ to ±TOY2D_EXTENT (default true). */
  clip?: boolean;
  /** Keep every frame (the widget's trajectories) or only the last (the training preview). */
  record?: boolean;
  /** Vector-field grid side; 0 for none. */
  grid?: number;
  /** Called between steps (the job's cancellation point). */
  checkpoint?: () => Promise<void>;
}

export interface Toy2dSampling {
  /** Paper timesteps of the frames, T … 0. */
  timesteps: Int32Array;
  /** frames × count × 2 when recording, else just the final points. */
  trajectory: Float32Array;
  samples: Float32Array;
  /** (frames − 1) × grid² × 2 of −ε̂, or empty. */
  field: Float32Array;
}

/** The grid's (x, y) lattice over ±TOY2D_EXTENT, row by row from the bottom. */
export function fieldLattice(grid: number): Float32Array {
  const lattice = new Float32Array(grid * grid * 2);
  for (let row = 0; row < grid; row++) {
    for (let col = 0; col < grid; col++) {
      const at = 2 * (row * grid + col);
      lattice[at] = grid === 1 ? 0 : -TOY2D_EXTENT + (2 * TOY2D_EXTENT * col) / (grid - 1);
      lattice[at + 1] = grid === 1 ? 0 : -TOY2D_EXTENT + (2 * TOY2D_EXTENT * row) / (grid - 1);
    }
  }
  return lattice;
}

/**
 * Draws `count` points by running the reverse chain over `steps` evenly spaced timesteps.
 *
 * @example await sampleToy2d(denoiser, schedule, { sampler: 'ddim', count: 500, seed: 1, steps: 20 }) // → 21 frames' timesteps 100 … 0
 */
export async function sampleToy2d(denoiser: Toy2dDenoiser, schedule: Toy2dSchedule, options: Toy2dSampleOptions): Promise<Toy2dSampling> {
  const { count, steps } = options;
  const record = options.record ?? true;
  const grid = options.grid ?? 0;
  const step = TOY2D_STEPS[options.sampler];
  const tau = samplingTimesteps(schedule.T, steps);
  const rng = createRng(options.seed);
  // x_T ~ N(0, I)
  const x = new Float32Array(count * 2);
  for (let k = 0; k < x.length; k++) x[k] = rng.normal();
  const epsHat = new Float32Array(count * 2);
  const frameSize = count * 2;
  const trajectory = new Float32Array(record ? (steps + 1) * frameSize : 0);
  if (record) trajectory.set(x, 0);
  const lattice = fieldLattice(grid);
  const latticeEps = new Float32Array(lattice.length);
  const field = new Float32Array(grid > 0 ? steps * lattice.length : 0);
  const timesteps = new Int32Array(steps + 1);
  for (let k = 0; k < steps; k++) {
    const t = tau[k]!;
    const s = k + 1 < steps ? tau[k + 1]! : -1;
    timesteps[k] = t + 1;
    predictNoise(denoiser, x, t, epsHat);
    if (grid > 0) {
      predictNoise(denoiser, lattice, t, latticeEps);
      const offset = k * lattice.length;
      for (let i = 0; i < lattice.length; i++) field[offset + i] = -latticeEps[i]!;
    }
    step({ x, epsHat, t, s, schedule, rng, eta: options.eta ?? 0, clip: options.clip ?? true });
    if (record) trajectory.set(x, (k + 1) * frameSize);
    if (options.checkpoint && k % 10 === 9) await options.checkpoint();
  }
  timesteps[steps] = 0;
  return { timesteps, trajectory: record ? trajectory : Float32Array.from(x), samples: Float32Array.from(x), field };
}
