/**
 * The diffusion.sample and diffusion.forward job functions, called with a fake context as
 * the worker calls them: the tiny ONNX noise model (tests/unit/engine/diffusion/tiny-diffusion.ts)
 * with the tiny CLIP as its text encoder, both as built-ins; streamed steps, trace,
 * determinism, cancellation and typed errors.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { sceneImage } from '../../../../../electron/engine/clip/image-specs.js';
import { fromRgbBytes, rgbBytes } from '../../../../../electron/engine/diffusion/image.js';
import { loadDiffusionModel, openDenoiser } from '../../../../../electron/engine/diffusion/model.js';
import { gaussianNoise } from '../../../../../electron/engine/diffusion/noise.js';
import { runSampler } from '../../../../../electron/engine/diffusion/sample.js';
import { SAMPLERS } from '../../../../../electron/engine/diffusion/samplers/index.js';
import { noiseSchedule } from '../../../../../electron/engine/diffusion/schedule.js';
import type { ModelDirs } from '../../../../../electron/engine/jobs/context.js';
import { diffusionForward } from '../../../../../electron/engine/jobs/kinds/diffusion-forward.js';
import { diffusionSample } from '../../../../../electron/engine/jobs/kinds/diffusion-sample.js';
import { Runtime } from '../../../../../electron/engine/runtime/ort.js';
import { writeTinyClip, type TinyClipFolder } from '../../clip/tiny-clip.js';
import { tinyConfig, writeTinyDiffusion, type TinyDiffusionFolder } from '../../diffusion/tiny-diffusion.js';
import { fakeContext } from './fake-context.js';

const runtime = new Runtime('cpu');
let tiny: TinyDiffusionFolder;
let clip: TinyClipFolder;
let unconditional: TinyDiffusionFolder;
let userDir = '';
let dirs: ModelDirs;

beforeAll(async () => {
  tiny = await writeTinyDiffusion('tiny-diffusion');
  clip = await writeTinyClip('tiny-clip');
  await cp(clip.folder, join(tiny.base, 'tiny-clip'), { recursive: true });
  const { condition: _c, ...inputs } = tinyConfig().inputs;
  unconditional = await writeTinyDiffusion(
    'plain',
    { unconditional: true },
    { ...tinyConfig(), inputs, condition_dim: undefined, condition_model: undefined },
  );
  userDir = await mkdtemp(join(tmpdir(), 'aigc-diffusion-user-'));
  await cp(unconditional.folder, join(userDir, 'plain'), { recursive: true });
  dirs = { builtin: tiny.base, user: userDir };
});

afterAll(async () => {
  await runtime.releaseAll();
  await Promise.all([tiny?.remove(), clip?.remove(), unconditional?.remove()]);
  if (userDir) await rm(userDir, { recursive: true, force: true });
});

describe('diffusion.sample', () => {
  it('samples with a prompt through the text encoder, streams steps (the last always) and returns images, trace and timings', async () => {
    const context = fakeContext<'diffusion.sample'>(runtime, { modelDirs: dirs });
    const result = await diffusionSample(
      { model: 'tiny-diffusion', prompt: 'red', sampler: 'ddim', steps: 10, guidance: 3, seed: 1, count: 2, traceEvery: 4 },
      context,
    );
    expect(result).toMatchObject({
      model: 'tiny-diffusion',
      prompt: 'red',
      sampler: 'ddim',
      steps: 10,
      spacing: 'leading',
      eta: 0,
      guidance: 3,
      seed: 1,
      width: 8,
      height: 8,
      count: 2,
    });
    expect(result.timesteps).toEqual([900, 800, 700, 600, 500, 400, 300, 200, 100, 0]);
    expect(result.images).toHaveLength(2 * 8 * 8 * 3);
    expect(result.trace.map((e) => e.index)).toEqual([3, 7, 9]);
    expect(result.trace[0]!.xt).toHaveLength(2 * 8 * 8 * 3);
    expect(result.timing.firstStepMs).toBeGreaterThan(0);
    expect(result.timing.sampleMs).toBeGreaterThanOrEqual(result.timing.firstStepMs);
    const steps = context.records.filter((r) => r.messageKey === 'job.diffusion.step');
    expect(steps).toHaveLength(10);
    const withImages = steps.filter((r) => r.payload);
    expect(withImages.length).toBeGreaterThanOrEqual(2); // the first and the last at least
    const last = steps.at(-1)!;
    expect(last.fraction).toBe(1);
    expect(last.payload).toMatchObject({ index: 9, steps: 10, t: 0, tPrev: -1, width: 8, height: 8, count: 2 });
    expect(last.payload!.x0).toEqual(result.images); // the last step's x̂₀ is the result
    expect(last.payload!.epsilon).toHaveLength(2 * 8 * 8 * 3);

    // The same run by hand: the tiny CLIP embeds "red" as (1, 0, 0).
    const model = await loadDiffusionModel(tiny.folder);
    const condition = Float32Array.of(1, 0, 0);
    const denoiser = await openDenoiser(runtime, model, { batch: 2, conditions: [condition, condition], guidance: 3 });
    const byHand = await runSampler(denoiser, {
      schedule: model.schedule,
      sampler: SAMPLERS.ddim(model.schedule, { steps: 10 }),
      predictionType: 'epsilon',
      clip: [-1, 1],
      noise: gaussianNoise(1),
      size: 2 * 3 * 64,
    });
    expect(result.images).toEqual(rgbBytes(byHand, 2, 3, 8, 8, [-1, 1]));
  });

  it('deterministic DDIM: the same seed gives the same bytes; DDPM with another seed differs', async () => {
    const args = { model: 'tiny-diffusion', prompt: 'blue', sampler: 'ddim' as const, steps: 8, seed: 7, stream: false };
    const a = await diffusionSample(args, fakeContext(runtime, { modelDirs: dirs }));
    const b = await diffusionSample(args, fakeContext(runtime, { modelDirs: dirs }));
    expect(a.images).toEqual(b.images);
    const c = await diffusionSample({ ...args, sampler: 'ddpm', seed: 8 }, fakeContext(runtime, { modelDirs: dirs }));
    expect(c.images).not.toEqual(a.images);
  });

  it('without a prompt runs the unconditional model (user folder), guidance reported as 0', async () => {
    const result = await diffusionSample({ model: 'plain', sampler: 'dpm-solver-pp', steps: 5, seed: 1 }, fakeContext(runtime, { modelDirs: dirs }));
    expect(result).toMatchObject({ model: 'plain', prompt: '', guidance: 0, spacing: 'trailing', count: 1 });
  });

  it('stops at a checkpoint when cancelled', async () => {
    const context = fakeContext<'diffusion.sample'>(runtime, { modelDirs: dirs, cancelAtCheckpoint: 4 });
    await expect(diffusionSample({ model: 'tiny-diffusion', sampler: 'ddim', steps: 50, seed: 1 }, context)).rejects.toMatchObject({
      code: 'jobCancelled',
    });
    expect(context.records.filter((r) => r.messageKey === 'job.diffusion.step').length).toBeLessThan(50);
  });

  it('typed errors: unknown model, more steps than T, a prompt for an unconditional model', async () => {
    const ctx = () => fakeContext<'diffusion.sample'>(runtime, { modelDirs: dirs });
    await expect(diffusionSample({ model: 'nope', sampler: 'ddim', steps: 5, seed: 1 }, ctx())).rejects.toMatchObject({
      messageKey: 'error.diffusion.modelNotFound',
    });
    await expect(diffusionSample({ model: 'tiny-diffusion', sampler: 'ddim', steps: 1000, seed: 1 }, ctx())).resolves.toMatchObject({ steps: 1000 });
    await expect(diffusionSample({ model: 'plain', prompt: 'red', sampler: 'ddim', steps: 5, seed: 1 }, ctx())).rejects.toMatchObject({
      messageKey: 'error.diffusion.unconditionalModel',
    });
  }, 60_000);
});

describe('diffusion.forward', () => {
  it('closed form: x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε with one ε shared by every t', async () => {
    const result = await diffusionForward(
      { image: { kind: 'scene', seed: 3 }, resolution: 16, schedule: { schedule: 'linear' }, timesteps: [0, 250, 999], seed: 1 },
      fakeContext(runtime),
    );
    const scene = sceneImage(3, 16).data;
    expect(result.x0).toEqual(scene);
    expect(result.timesteps).toEqual([0, 250, 999]);
    expect(result.alphasCumprod[0]).toBeCloseTo(0.9999, 10);
    const schedule = noiseSchedule('linear', 1000);
    const x0 = fromRgbBytes(scene, 16, 16);
    const eps = gaussianNoise(1).fill(new Float32Array(x0.length));
    const per = 16 * 16 * 3;
    const t = 250;
    const expected = Float32Array.from(x0, (v, i) => schedule.sqrtAlphasCumprod[t]! * v + schedule.sqrtOneMinusAlphasCumprod[t]! * eps[i]!);
    expect(result.images.subarray(per, 2 * per)).toEqual(rgbBytes(expected, 1, 3, 16, 16, [-1, 1]));
    // t = 0 is almost the image (within a few levels), t = 999 almost pure noise.
    let drift = 0;
    for (let i = 0; i < per; i++) drift = Math.max(drift, Math.abs(result.images[i]! - scene[i]!));
    expect(drift).toBeLessThan(12);
  });

  it('step by step from an encoded image, and typed errors for t ≥ T', async () => {
    const png = await sharp(Buffer.alloc(4 * 4 * 3, 200), { raw: { width: 4, height: 4, channels: 3 } })
      .png()
      .toBuffer();
    const result = await diffusionForward(
      {
        image: { kind: 'bytes', data: new Uint8Array(png) },
        resolution: 8,
        schedule: { schedule: 'cosine', T: 100 },
        timesteps: [5, 50],
        seed: 2,
        method: 'step-by-step',
      },
      fakeContext(runtime),
    );
    expect(result.images).toHaveLength(2 * 8 * 8 * 3);
    expect(result.x0.every((v) => v === 200)).toBe(true);
    await expect(
      diffusionForward(
        { image: { kind: 'scene', seed: 1 }, schedule: { schedule: 'linear', T: 100 }, timesteps: [100], seed: 1 },
        fakeContext(runtime),
      ),
    ).rejects.toMatchObject({ messageKey: 'error.diffusion.timestepRange' });
  });
});
