/**
 * Training the toy ε-predictor with DDPM's simplified objective (Ho et al. 2020, Algorithm 1, eq. 14):
 * pick a data point x₀, a timestep t and noise ε ~ N(0, I), and regress ε̂_θ(√ᾱ_t x₀ + √(1 − ᾱ_t) ε, t)
 * onto ε. Plain minibatch Adam with a cosine-decayed learning rate.
 */
import type { Toy2dModelConfig } from '../../../common/toy2d.js';
import { createRng } from '../../random/rng.js';
import { adamStep, createAdam } from './adam.js';
import { createDenoiser, writeInputRow } from './denoiser.js';
import { initParameters, mlpBackward, mlpForward } from './mlp.js';
import { sampleToy2d } from './sampler.js';
import { toy2dSchedule } from './schedule.js';

export interface Toy2dTrainOptions {
  config: Toy2dModelConfig;
  steps: number;
  seed: number;
  batch?: number;
  learningRate?: number;
  /**
   * Standard deviation of Gaussian jitter added to each picked data point. A drawing of a few
   * dozen points is a set of spikes; a little jitter turns it into a shape the model can learn.
   */
  jitter?: number;
  reportEvery?: number;
  snapshotEvery?: number;
  snapshotCount?: number;
}

export interface Toy2dTrainHooks {
  /** Mean loss over the steps since the last report. */
  onReport?: (step: number, loss: number) => void;
  /** A quick DDIM sample of the model so far. */
  onSnapshot?: (step: number, points: Float32Array) => void;
  /** Awaited every few steps: the job's cancellation point. */
  checkpoint?: () => Promise<void>;
}

export interface Toy2dTraining {
  params: Float32Array<ArrayBuffer>;
  lossSteps: Int32Array;
  loss: Float32Array;
}

export const DEFAULT_BATCH = 128;
export const DEFAULT_LEARNING_RATE = 1e-2;
const CHECKPOINT_EVERY = 25;
const SNAPSHOT_STEPS = 20;

/**
 * Learns ε̂_θ for the points in `data` ((x, y) pairs).
 *
 * @example const { params } = await trainToy2d(toy2dDataset('two-moons', 2000, 1), { config: DEFAULT_TOY2D_CONFIG, steps: 3000, seed: 1 })
 */
export async function trainToy2d(data: Float32Array, options: Toy2dTrainOptions, hooks: Toy2dTrainHooks = {}): Promise<Toy2dTraining> {
  const { config, steps } = options;
  const B = options.batch ?? DEFAULT_BATCH;
  const learningRate = options.learningRate ?? DEFAULT_LEARNING_RATE;
  const jitter = options.jitter ?? 0;
  const reportEvery = options.reportEvery ?? 50;
  const snapshotEvery = options.snapshotEvery ?? 0;
  const N = data.length / 2;
  if (N < 1) throw new RangeError('no training points');

  const rng = createRng(options.seed);
  const schedule = toy2dSchedule(config.schedule, config.T);
  const sqrtAlphaBar = schedule.alphaBar.map(Math.sqrt);
  const sqrtOneMinusAlphaBar = schedule.alphaBar.map((alphaBar) => Math.sqrt(1 - alphaBar));
  const params = initParameters({ inputDim: 2 + 2 * config.frequencies, hidden: config.hidden, layers: config.layers, outputDim: 2 }, rng);
  const denoiser = createDenoiser(config, params, B);
  const grad = new Float32Array(params.length);
  const adam = createAdam(params.length);
  const epsilon = new Float32Array(B * 2);
  const dOutput = new Float32Array(B * 2);
  const lossSteps: number[] = [];
  const losses: number[] = [];
  let windowLoss = 0;
  let windowSteps = 0;

  for (let step = 1; step <= steps; step++) {
    for (let r = 0; r < B; r++) {
      const n = Math.floor(rng.uniform() * N);
      const t = Math.floor(rng.uniform() * config.T);
      const x0 = data[2 * n]! + jitter * rng.normal();
      const y0 = data[2 * n + 1]! + jitter * rng.normal();
      const ex = rng.normal();
      const ey = rng.normal();
      epsilon[2 * r] = ex;
      epsilon[2 * r + 1] = ey;
      // Eq. 4: x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε
      writeInputRow(denoiser, r, sqrtAlphaBar[t]! * x0 + sqrtOneMinusAlphaBar[t]! * ex, sqrtAlphaBar[t]! * y0 + sqrtOneMinusAlphaBar[t]! * ey, t);
    }
    const epsHat = mlpForward(denoiser.shape, params, denoiser.input, B, denoiser.workspace);
    // L = (1/2B) Σ ‖ε − ε̂‖² (a mean over all 2B coordinates, as PyTorch's MSELoss), so ∂L/∂ε̂ = (ε̂ − ε)/B.
    let loss = 0;
    for (let k = 0; k < 2 * B; k++) {
      const diff = epsHat[k]! - epsilon[k]!;
      loss += diff * diff;
      dOutput[k] = diff / B;
    }
    loss /= 2 * B;
    grad.fill(0);
    mlpBackward(denoiser.shape, params, denoiser.input, B, denoiser.workspace, dOutput, grad);
    // Cosine decay to a tenth of the rate: big steps early, fine adjustments at the end.
    const progress = (step - 1) / Math.max(1, steps - 1);
    adamStep(adam, params, grad, learningRate * (0.1 + 0.45 * (1 + Math.cos(Math.PI * progress))));

    windowLoss += loss;
    windowSteps += 1;
    if (step % reportEvery === 0 || step === steps) {
      const mean = windowLoss / windowSteps;
      lossSteps.push(step);
      losses.push(mean);
      hooks.onReport?.(step, mean);
      windowLoss = 0;
      windowSteps = 0;
    }
    if (hooks.onSnapshot && snapshotEvery > 0 && (step % snapshotEvery === 0 || step === steps)) {
      const preview = await sampleToy2d(createDenoiser(config, params), schedule, {
        sampler: 'ddim',
        count: options.snapshotCount ?? 400,
        seed: options.seed + 1,
        steps: Math.min(SNAPSHOT_STEPS, config.T),
        record: false,
      });
      hooks.onSnapshot(step, preview.samples);
    }
    if (hooks.checkpoint && step % CHECKPOINT_EVERY === 0) await hooks.checkpoint();
  }
  return { params, lossSteps: Int32Array.from(lossSteps), loss: Float32Array.from(losses) };
}
