/**
 * The ONNX path (model.ts): config validation, the session-backed Denoiser with classifier-free
 * guidance batched into one session.run, bit-identical deterministic DDIM, and the built-in
 * model when it is present.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { guide } from '../../../../electron/engine/diffusion/guidance';
import {
  loadDiffusionModel,
  openDenoiser,
  parseDiffusionConfig,
  resolveDiffusionFolder,
  sample,
  toRgbBytes,
  type DiffusionModel,
} from '../../../../electron/engine/diffusion/model';
import { gaussianNoise } from '../../../../electron/engine/diffusion/noise';
import { runSampler } from '../../../../electron/engine/diffusion/sample';
import { SAMPLERS } from '../../../../electron/engine/diffusion/samplers/index';
import { createRng } from '../../../../electron/engine/random/rng';
import { Runtime } from '../../../../electron/engine/runtime/ort';
import { ROOT } from '../../../support/paths';
import { tinyConfig, tinyNoise, writeTinyDiffusion, type TinyDiffusionFolder } from './tiny-diffusion';

const runtime = new Runtime('cpu');
let tiny: TinyDiffusionFolder;
let model: DiffusionModel;
const SIZE = 8;
const PER = 3 * SIZE * SIZE;

beforeAll(async () => {
  tiny = await writeTinyDiffusion();
  model = await loadDiffusionModel(tiny.folder);
});
afterAll(async () => {
  await runtime.releaseAll();
  await tiny?.remove();
});

describe('config', () => {
  it('applies defaults and maps the diffusers schedule name', () => {
    expect(model.config).toMatchObject({ sample_size: 8, prediction_type: 'epsilon', output: 'noise_pred', timestep_type: 'int64' });
    expect(model.schedule.name).toBe('cosine');
  });

  it('refuses bad configs with a message key naming the file', () => {
    expect(() => parseDiffusionConfig('{')).toThrow(expect.objectContaining({ messageKey: 'error.diffusion.configInvalid' }));
    expect(() => parseDiffusionConfig(JSON.stringify({ ...tinyConfig(), prediction_type: 'sample' }))).toThrow(/prediction_type/);
    expect(() => parseDiffusionConfig(JSON.stringify({ ...tinyConfig(), value_range: [1, -1] }))).toThrow(/low < high/);
  });

  it('resolves ids: built-ins first, then the user folder; unknown ids are notFound', async () => {
    expect(await resolveDiffusionFolder('tiny-diffusion', { builtin: tiny.base, user: '/nonexistent' })).toBe(tiny.folder);
    expect(await resolveDiffusionFolder('tiny-diffusion', { builtin: '/nonexistent', user: tiny.base })).toBe(tiny.folder);
    await expect(resolveDiffusionFolder('nope', { builtin: tiny.base, user: tiny.base })).rejects.toMatchObject({
      code: 'notFound',
      messageKey: 'error.diffusion.modelNotFound',
    });
    await expect(resolveDiffusionFolder('../x', { builtin: tiny.base, user: tiny.base })).rejects.toMatchObject({ code: 'validation' });
  });
});

describe('ONNX denoiser', () => {
  const conditions = [Float32Array.of(1, 0, 0), Float32Array.of(0, 0.5, -1)];

  it('guidance w: one session.run on [cond; uncond] rows, mixed as ε_u + w(ε_c − ε_u)', async () => {
    const denoiser = await openDenoiser(runtime, model, { batch: 2, conditions, guidance: 2.5 });
    expect(denoiser.rows).toBe(4);
    const x = gaussianNoise(3).fill(new Float32Array(2 * PER));
    const out = new Float32Array(2 * PER);
    await denoiser.predict(x, 417, out);
    const cond = new Float32Array(2 * PER);
    const uncond = new Float32Array(2 * PER);
    conditions.forEach((c, b) => {
      tinyNoise(x.subarray(b * PER, (b + 1) * PER), 417, c, SIZE, cond.subarray(b * PER, (b + 1) * PER));
      tinyNoise(x.subarray(b * PER, (b + 1) * PER), 417, new Float32Array(3), SIZE, uncond.subarray(b * PER, (b + 1) * PER));
    });
    const expected = guide(cond, uncond, 2.5, new Float32Array(2 * PER));
    for (let i = 0; i < out.length; i += 7) expect(out[i]).toBeCloseTo(expected[i]!, 5);
    // Buffers are reused: a second call at another t gives that t's answer, not the first one's.
    await denoiser.predict(x, 10, out);
    expect(out[0]).toBeCloseTo(expected[0]! - 0.001 * 407, 5);
  });

  it('w = 1 runs the conditional rows only; no conditions runs the zero condition', async () => {
    expect((await openDenoiser(runtime, model, { batch: 2, conditions, guidance: 1 })).rows).toBe(2);
    const plain = await openDenoiser(runtime, model, { batch: 1, conditions: null, guidance: 3 });
    expect(plain.rows).toBe(1);
    const x = new Float32Array(PER).fill(0.2);
    const out = new Float32Array(PER);
    await plain.predict(x, 100, out);
    expect(out[0]).toBeCloseTo(0.1 + 0.1, 6);
  });

  it('refuses a condition of the wrong length with a message key', async () => {
    await expect(openDenoiser(runtime, model, { batch: 1, conditions: [new Float32Array(5)], guidance: 3 })).rejects.toMatchObject({
      messageKey: 'error.diffusion.conditionSize',
    });
  });

  it('deterministic DDIM (η = 0) through onnxruntime reproduces bit for bit; other seeds differ', async () => {
    const run = async (seed: number): Promise<Float32Array> => {
      const denoiser = await openDenoiser(runtime, model, { batch: 2, conditions, guidance: 3 });
      return runSampler(denoiser, {
        schedule: model.schedule,
        sampler: SAMPLERS.ddim(model.schedule, { steps: 20, eta: 0 }),
        predictionType: 'epsilon',
        clip: [-1, 1],
        noise: gaussianNoise(seed),
        size: 2 * PER,
      });
    };
    const [a, b, c] = [await run(1), await run(1), await run(2)];
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(false);
  });

  it('the ONNX path matches the same sampler on the TypeScript twin of the network', async () => {
    const denoiser = await openDenoiser(runtime, model, { batch: 1, conditions: [conditions[1]!], guidance: 1 });
    const options = () => ({
      schedule: model.schedule,
      sampler: SAMPLERS['dpm-solver-pp'](model.schedule, { steps: 15 }),
      predictionType: 'epsilon' as const,
      clip: [-1, 1] as const,
      noise: gaussianNoise(4),
      size: PER,
    });
    const viaOnnx = await runSampler(denoiser, options());
    const viaTs = await runSampler({ predict: (x, t, out) => tinyNoise(x, t, conditions[1]!, SIZE, out) }, options());
    for (let i = 0; i < PER; i++) expect(viaOnnx[i]).toBeCloseTo(viaTs[i]!, 4);
  });

  it('sample(): the DDIM wrapper the model card uses, with per-step callbacks', async () => {
    let steps = 0;
    const result = await sample(runtime, model, { conditions, rng: createRng(5), steps: 10, guidance: 3, onStep: () => void steps++ });
    expect(steps).toBe(10);
    expect(result.dims).toEqual([2, 3, 8, 8]);
    const bytes = toRgbBytes(result.images, result.dims);
    expect(bytes).toHaveLength(2);
    expect(bytes[0]).toHaveLength(8 * 8 * 3);
  });
});

const BUILTIN = join(ROOT, 'models', 'builtin', 'shapes-diffusion');
const HAS_BUILTIN = existsSync(join(BUILTIN, 'onnx', 'model.onnx')) && existsSync(join(BUILTIN, 'config.json'));

describe.skipIf(!HAS_BUILTIN)('built-in shapes-diffusion (skipped: models/builtin/shapes-diffusion/onnx/model.onnx is not there yet)', () => {
  it('runs every sampler for a few steps through onnxruntime, deterministically for DDIM η = 0', { timeout: 120_000 }, async () => {
    const builtin = await loadDiffusionModel(BUILTIN);
    const dim = builtin.config.condition_dim ?? 0;
    const condition = new Float32Array(dim);
    condition[0] = 1;
    const size = 3 * builtin.config.sample_size ** 2;
    for (const name of ['ddpm', 'ddim', 'dpm-solver-pp'] as const) {
      const run = async () =>
        runSampler(await openDenoiser(runtime, builtin, { batch: 1, conditions: [condition], guidance: 3 }), {
          schedule: builtin.schedule,
          sampler: SAMPLERS[name](builtin.schedule, { steps: 5 }),
          predictionType: builtin.config.prediction_type,
          clip: builtin.config.value_range,
          noise: gaussianNoise(1),
          size,
        });
      const a = await run();
      expect(a.every(Number.isFinite)).toBe(true);
      if (name === 'ddim') expect(Buffer.from(a.buffer).equals(Buffer.from((await run()).buffer))).toBe(true);
    }
  });
});
