/**
 * How long the 2D toy diffusion takes to train in the engine (the lesson's "Train" button:
 * 3,000 steps, batch 128, the default MLP), per data set, against the lesson's 30-second budget.
 * Peer: the same number of plain forward passes (no backward, no Adam), measured in the same run,
 * so the ratio says how much of the time is the backward pass and the optimiser.
 *
 *   npm run bench -- toy2d
 */
import { performance } from 'node:perf_hooks';

import { DEFAULT_TOY2D_CONFIG, TOY2D_DATASETS } from '../electron/common/toy2d';
import { toy2dDataset } from '../electron/engine/diffusion/toy2d/datasets';
import { createDenoiser, denoiserShape, predictNoise } from '../electron/engine/diffusion/toy2d/denoiser';
import { initParameters } from '../electron/engine/diffusion/toy2d/mlp';
import { DEFAULT_BATCH, trainToy2d } from '../electron/engine/diffusion/toy2d/train';
import { createRng } from '../electron/engine/random/rng';
import { announce, benchDate, writeBenchResults } from './record';

const STEPS = 3000;
const config = DEFAULT_TOY2D_CONFIG;
const machine = announce('toy2d');
console.log(`peer: ${STEPS} forward passes of the same denoiser, without gradients or updates`);
const rows: { dataset: string; train_seconds: number; forward_only_seconds: number; train_vs_forward_ratio: number }[] = [];

for (const dataset of TOY2D_DATASETS) {
  const data = toy2dDataset(dataset, 2000, 1);
  const started = performance.now();
  await trainToy2d(data, { config, steps: STEPS, seed: 1, reportEvery: 100 });
  const trainSeconds = (performance.now() - started) / 1000;

  const params = initParameters(denoiserShape(config), createRng(1));
  const batch = DEFAULT_BATCH;
  const denoiser = createDenoiser(config, params, batch);
  const x = new Float32Array(batch * 2).map((_, i) => Math.sin(i));
  const out = new Float32Array(batch * 2);
  const forwardStarted = performance.now();
  for (let step = 0; step < STEPS; step++) predictNoise(denoiser, x, step % config.T, out);
  const forwardSeconds = (performance.now() - forwardStarted) / 1000;
  rows.push({ dataset, train_seconds: trainSeconds, forward_only_seconds: forwardSeconds, train_vs_forward_ratio: trainSeconds / forwardSeconds });
  console.log(
    `${dataset}: train ${STEPS} steps ${trainSeconds.toFixed(1)} s (budget 30 s); ${STEPS} forward passes alone ${forwardSeconds.toFixed(2)} s; ratio ${(trainSeconds / forwardSeconds).toFixed(1)}`,
  );
}
const out = writeBenchResults('toy2d', { date: benchDate, machine, steps: STEPS, batch: DEFAULT_BATCH, config, rows });
console.log(`wrote ${out}`);
