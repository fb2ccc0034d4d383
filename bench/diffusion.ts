/**
 * Diffusion benchmark: the sampler loop (engine/diffusion/sample.ts + model.ts's Denoiser)
 * against the bare `session.run` of the same network on the same feeds, in the same run.
 *
 *   npm run bench:diffusion        (= npm run bench -- diffusion)
 *
 * Model: the built-in models/builtin/shapes-diffusion when it is there; otherwise a random
 * convolutional noise network of the same interface built here (sample [B,3,32,32], timestep
 * int64 [B], text_embeds [B,64] → noise_pred; three 3×3 convolutions, 32 channels), reported
 * as such. Measures:
 *   - sampler_vs_bare_session_ratio: per-step time of a 50-step DDIM run with guidance
 *     (rows = 2·batch in one session.run) ÷ bare session.run time on those very feeds,
 *     alternating rounds, best of 9 each (medians too); batch 1 (the reported ratio) and 8;
 *   - images/s for 50-step DDIM and 1000-step DDPM (guidance 3);
 *   - time to first visible step: the diffusion.sample job from a cold runtime (load, prompt,
 *     first step, first streamed images);
 *   - memory (RSS, heap) over 100 consecutive 20-step samples.
 * Writes bench/results/diffusion.json; docs/benchmarks.md records a run by hand.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { JobPayloads } from '../electron/common/api.js';
import { loadDiffusionModel, openDenoiser, type DiffusionModel } from '../electron/engine/diffusion/model.js';
import { gaussianNoise } from '../electron/engine/diffusion/noise.js';
import { runSampler } from '../electron/engine/diffusion/sample.js';
import { SAMPLERS } from '../electron/engine/diffusion/samplers/index.js';
import type { JobContext } from '../electron/engine/jobs/context.js';
import { diffusionSample } from '../electron/engine/jobs/kinds/diffusion-sample.js';
import { findAppRoot } from '../electron/engine/paths.js';
import { createRng } from '../electron/engine/random/rng.js';
import { encodeModel, type GraphSpec } from '../electron/engine/runtime/onnx-graph.js';
import { ortVersion, Runtime } from '../electron/engine/runtime/ort.js';
import { announce, benchDate, writeBenchResults } from './record.js';

const root = findAppRoot(dirname(fileURLToPath(import.meta.url)));
const BUILTIN = join(root, 'models', 'builtin');
const ROUNDS = 9;

/** A random conv network with the built-in model's interface (weights ~ He-scaled uniform, seeded). */
function randomNoiseNet(): GraphSpec {
  const rng = createRng(2024);
  const weights = (n: number, fanIn: number): Float32Array => Float32Array.from({ length: n }, () => (rng.uniform() * 2 - 1) * Math.sqrt(3 / fanIn));
  const C = 32;
  return {
    name: 'bench-noise-net',
    opset: 17,
    inputs: [
      { name: 'sample', type: 'float32', shape: ['batch', 3, 32, 32] },
      { name: 'timestep', type: 'int64', shape: ['batch'] },
      { name: 'text_embeds', type: 'float32', shape: ['batch', 64] },
    ],
    outputs: [{ name: 'noise_pred', type: 'float32', shape: ['batch', 3, 32, 32] }],
    initializers: [
      { name: 'w1', dims: [C, 3, 3, 3], data: weights(C * 27, 27) },
      { name: 'w2', dims: [C, C, 3, 3], data: weights(C * C * 9, C * 9) },
      { name: 'w3', dims: [3, C, 3, 3], data: weights(3 * C * 9, C * 9) },
      { name: 'wc', dims: [64, C], data: weights(64 * C, 64) },
      { name: 'shape_c', dims: [4], data: BigInt64Array.of(-1n, BigInt(C), 1n, 1n) },
      { name: 'shape_t', dims: [4], data: BigInt64Array.of(-1n, 1n, 1n, 1n) },
      { name: 'milli', dims: [], data: Float32Array.of(0.001) },
    ],
    nodes: [
      { op: 'Conv', inputs: ['sample', 'w1'], outputs: ['h1'], attributes: { pads: [1, 1, 1, 1] } },
      { op: 'MatMul', inputs: ['text_embeds', 'wc'], outputs: ['c'] },
      { op: 'Reshape', inputs: ['c', 'shape_c'], outputs: ['c4'] },
      { op: 'Cast', inputs: ['timestep'], outputs: ['tf'], attributes: { to: 1 } },
      { op: 'Mul', inputs: ['tf', 'milli'], outputs: ['ts'] },
      { op: 'Reshape', inputs: ['ts', 'shape_t'], outputs: ['t4'] },
      { op: 'Add', inputs: ['h1', 'c4'], outputs: ['h1c'] },
      { op: 'Add', inputs: ['h1c', 't4'], outputs: ['h1t'] },
      { op: 'Relu', inputs: ['h1t'], outputs: ['a1'] },
      { op: 'Conv', inputs: ['a1', 'w2'], outputs: ['h2'], attributes: { pads: [1, 1, 1, 1] } },
      { op: 'Relu', inputs: ['h2'], outputs: ['a2'] },
      { op: 'Conv', inputs: ['a2', 'w3'], outputs: ['noise_pred'], attributes: { pads: [1, 1, 1, 1] } },
    ],
  };
}

async function chooseModel(): Promise<{ model: DiffusionModel; name: string; source: string; builtinDir: string; cleanup: () => Promise<void> }> {
  const folder = join(BUILTIN, 'shapes-diffusion');
  if (existsSync(join(folder, 'onnx', 'model.onnx')) && existsSync(join(folder, 'config.json'))) {
    return {
      model: await loadDiffusionModel(folder),
      name: 'shapes-diffusion',
      source: 'built-in models/builtin/shapes-diffusion',
      builtinDir: BUILTIN,
      cleanup: async () => undefined,
    };
  }
  const base = await mkdtemp(join(os.tmpdir(), 'aigc-bench-diffusion-'));
  const made = join(base, 'bench-noise-net');
  await mkdir(join(made, 'onnx'), { recursive: true });
  await writeFile(join(made, 'onnx', 'model.onnx'), encodeModel(randomNoiseNet()));
  await writeFile(
    join(made, 'config.json'),
    JSON.stringify({
      sample_size: 32,
      in_channels: 3,
      out_channels: 3,
      value_range: [-1, 1],
      num_train_timesteps: 1000,
      beta_schedule: 'squaredcos_cap_v2',
      prediction_type: 'epsilon',
      inputs: { sample: 'sample', timestep: 'timestep', condition: 'text_embeds' },
      timestep_type: 'int64',
      condition_dim: 64,
      guidance_scale: 3,
      sampling_steps: 50,
    }),
  );
  return {
    model: await loadDiffusionModel(made),
    name: 'bench-noise-net',
    source: 'random 3-layer conv network (32 channels, 32×32) built by the benchmark: models/builtin/shapes-diffusion was not there',
    builtinDir: base,
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function conditionsFor(model: DiffusionModel, batch: number): Float32Array[] {
  const dim = model.config.condition_dim ?? 1;
  const rng = createRng(5);
  return Array.from({ length: batch }, () => {
    const v = Float32Array.from({ length: dim }, () => rng.normal());
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

interface Overhead {
  batch: number;
  rows: number;
  /** Best of the alternating rounds, each side: background load only ever adds time, so minima compare the two loops most fairly. */
  bareMs: number;
  samplerStepMs: number;
  ratio: number;
  medianBareMs: number;
  medianSamplerStepMs: number;
  medianRatio: number;
}

async function overhead(runtime: Runtime, model: DiffusionModel, batch: number): Promise<Overhead> {
  const denoiser = await openDenoiser(runtime, model, { batch, conditions: conditionsFor(model, batch), guidance: 3 });
  const size = batch * model.config.in_channels * model.config.sample_size ** 2;
  const steps = 50;
  const run = () =>
    runSampler(denoiser, {
      schedule: model.schedule,
      sampler: SAMPLERS.ddim(model.schedule, { steps }),
      predictionType: model.config.prediction_type,
      clip: model.config.value_range,
      noise: gaussianNoise(1),
      size,
      checkpoint: () => undefined,
    });
  await run(); // warm-up
  const bare: number[] = [];
  const stepped: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Bare: the same session and the very feeds the denoiser fills, steps times.
    const start = performance.now();
    for (let k = 0; k < steps; k++) await denoiser.opened.session.run(denoiser.feeds);
    bare.push((performance.now() - start) / steps);
    const s = performance.now();
    await run();
    stepped.push((performance.now() - s) / steps);
  }
  const bareMs = Math.min(...bare);
  const samplerStepMs = Math.min(...stepped);
  return {
    batch,
    rows: denoiser.rows,
    bareMs,
    samplerStepMs,
    ratio: samplerStepMs / bareMs,
    medianBareMs: median(bare),
    medianSamplerStepMs: median(stepped),
    medianRatio: median(stepped) / median(bare),
  };
}

async function imagesPerSecond(
  runtime: Runtime,
  model: DiffusionModel,
  sampler: 'ddim' | 'ddpm',
  steps: number,
  batch: number,
): Promise<{ sampler: string; steps: number; batch: number; seconds: number; imagesPerSecond: number }> {
  const denoiser = await openDenoiser(runtime, model, { batch, conditions: conditionsFor(model, batch), guidance: 3 });
  const start = performance.now();
  await runSampler(denoiser, {
    schedule: model.schedule,
    sampler: SAMPLERS[sampler](model.schedule, { steps }),
    predictionType: model.config.prediction_type,
    clip: model.config.value_range,
    noise: gaussianNoise(2),
    size: batch * model.config.in_channels * model.config.sample_size ** 2,
  });
  const seconds = (performance.now() - start) / 1000;
  return { sampler, steps, batch, seconds, imagesPerSecond: batch / seconds };
}

async function firstVisibleStep(
  name: string,
  builtinDir: string,
  withPrompt: boolean,
): Promise<{ ms: number; prompt: boolean; breakdown: Record<string, number> }> {
  const runtime = new Runtime('cpu');
  const start = performance.now();
  let first = -1;
  const context: JobContext<'diffusion.sample'> = {
    signal: new AbortController().signal,
    runtime,
    modelDirs: { builtin: builtinDir, user: join(os.tmpdir(), 'aigc-bench-no-user-models') },
    progress(_fraction, _key, payload?: JobPayloads['diffusion.sample']) {
      if (payload && first < 0) first = performance.now() - start;
    },
    checkpoint: async () => undefined,
  };
  const result = await diffusionSample(
    { model: name, ...(withPrompt ? { prompt: 'a red circle' } : {}), sampler: 'ddim', steps: 50, guidance: 3, seed: 1 },
    context,
  );
  await runtime.releaseAll();
  return {
    ms: first,
    prompt: withPrompt,
    breakdown: { loadMs: result.timing.loadMs, encodeMs: result.timing.encodeMs, firstStepMs: result.timing.firstStepMs },
  };
}

async function memory(
  runtime: Runtime,
  model: DiffusionModel,
  samples: number,
): Promise<{ samples: number; steps: number; rssMb: number[]; heapMb: number[]; at: number[]; gc: boolean }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const at = [1, 10, 50, samples];
  const rssMb: number[] = [];
  const heapMb: number[] = [];
  const conditions = conditionsFor(model, 1);
  for (let i = 1; i <= samples; i++) {
    const denoiser = await openDenoiser(runtime, model, { batch: 1, conditions, guidance: 3 });
    await runSampler(denoiser, {
      schedule: model.schedule,
      sampler: SAMPLERS.ddim(model.schedule, { steps: 20 }),
      predictionType: model.config.prediction_type,
      clip: model.config.value_range,
      noise: gaussianNoise(i),
      size: model.config.in_channels * model.config.sample_size ** 2,
    });
    if (at.includes(i)) {
      gc?.();
      const usage = process.memoryUsage();
      rssMb.push(usage.rss / 2 ** 20);
      heapMb.push(usage.heapUsed / 2 ** 20);
    }
  }
  return { samples, steps: 20, rssMb, heapMb, at, gc: gc !== undefined };
}

const chosen = await chooseModel();
const { model } = chosen;
const runtime = new Runtime('cpu');
const machine = announce('diffusion', ortVersion);
console.log(`model: ${chosen.name} (${chosen.source})`);

const overheads = [await overhead(runtime, model, 1), await overhead(runtime, model, 8)];
for (const o of overheads) {
  console.log(
    `batch ${o.batch} (${o.rows} rows with guidance): bare session.run ${o.bareMs.toFixed(3)} ms, sampler step ${o.samplerStepMs.toFixed(3)} ms → ratio ${o.ratio.toFixed(3)} (best of ${ROUNDS}; medians ${o.medianBareMs.toFixed(3)} / ${o.medianSamplerStepMs.toFixed(3)} → ${o.medianRatio.toFixed(3)})`,
  );
}
const throughput = [await imagesPerSecond(runtime, model, 'ddim', 50, 8), await imagesPerSecond(runtime, model, 'ddpm', 1000, 8)];
for (const r of throughput)
  console.log(`${r.sampler} ${r.steps} steps, batch ${r.batch}: ${r.seconds.toFixed(2)} s → ${r.imagesPerSecond.toFixed(2)} images/s`);
const clipPresent = ['config.json', 'tokenizer.json', 'onnx/text_model.onnx'].every((f) => existsSync(join(BUILTIN, 'shapes-clip', f)));
const first = await firstVisibleStep(chosen.name, chosen.builtinDir, chosen.name === 'shapes-diffusion' && clipPresent);
console.log(
  `time to first visible step (cold runtime, ${first.prompt ? 'prompt through shapes-clip' : 'no prompt'}): ${first.ms.toFixed(1)} ms ${JSON.stringify(first.breakdown)}`,
);
const mem = await memory(runtime, model, 100);
console.log(
  `memory over ${mem.samples} samples (${mem.steps} steps each) at ${mem.at.join('/')}: RSS ${mem.rssMb.map((m) => m.toFixed(1)).join(' → ')} MB, heap ${mem.heapMb.map((m) => m.toFixed(1)).join(' → ')} MB${mem.gc ? '' : ' (no --expose-gc: heap includes garbage not yet collected)'}`,
);
await runtime.releaseAll();
await chosen.cleanup();

const out = writeBenchResults('diffusion', {
  date: benchDate,
  machine,
  model: { name: chosen.name, source: chosen.source, sample_size: model.config.sample_size, provider: 'cpu' },
  sampler_vs_bare_session_ratio: Number(overheads[0]!.ratio.toFixed(4)),
  overhead: overheads,
  throughput,
  time_to_first_visible_step_ms: Number(first.ms.toFixed(1)),
  first_step: first,
  memory: mem,
});
console.log(`wrote ${out}`);
