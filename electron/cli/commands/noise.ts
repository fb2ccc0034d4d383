import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { FORWARD_METHODS, SCHEDULE_NAMES, type DiffusionImageSpec } from '../../common/diffusion.js';
import { gridPng, splitImages } from '../../engine/diffusion/image.js';
import { runJob, toJson, type CliCommand } from '../command.js';
import { numberOption, oneOf, usageError } from './diffusion-cli.js';

/**
 * `lab noise --image A.png --t 250 --schedule linear --seed 1 --out noisy.png`: the forward
 * process q(x_t | x₀) on an image (or --scene SEED), through the `diffusion.forward` job.
 * Several --t give a strip, left to right.
 *
 * @example lab noise --scene 3 --t 0 --t 250 --t 999 --schedule cosine --out strip.png --json
 * // → { "out": "/…/strip.png", "timesteps": [0, 250, 999], "alphas_cumprod": [0.99996, 0.81…, 2.4e-9], … }
 */
export const noiseCommand: CliCommand = {
  name: 'noise',
  summary: `Noises an image with the forward process q(x_t | x₀) at timestep(s) --t of a schedule (${SCHEDULE_NAMES.join('|')}, T = --T, default 1000), seeded; several --t give a strip. --scene SEED uses a shapes-world scene instead of --image.`,
  usage: `noise (--image FILE | --scene SEED) --t T… [--schedule ${SCHEDULE_NAMES.join('|')}] [--T 1000] [--seed 1] [--resolution 128] [--method ${FORWARD_METHODS.join('|')}] --out FILE.png`,
  async run({ engine, argv, json, print }) {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        image: { type: 'string' },
        scene: { type: 'string' },
        t: { type: 'string', multiple: true },
        schedule: { type: 'string', default: 'linear' },
        T: { type: 'string' },
        seed: { type: 'string', default: '1' },
        resolution: { type: 'string', default: '128' },
        method: { type: 'string' },
        out: { type: 'string' },
      },
    });
    if (!values.out) throw usageError('give --out FILE.png');
    if ((values.image === undefined) === (values.scene === undefined)) throw usageError('give either --image FILE or --scene SEED');
    const timesteps = (values.t ?? []).map((raw) => numberOption(raw, 't', true)!);
    if (timesteps.length === 0) throw usageError('give at least one --t');
    let image: DiffusionImageSpec;
    if (values.image !== undefined) {
      let data: Buffer;
      try {
        data = await readFile(resolve(values.image));
      } catch (error) {
        throw usageError(`cannot read ${values.image}: ${(error as Error).message}`);
      }
      image = { kind: 'bytes', data: new Uint8Array(data) };
    } else image = { kind: 'scene', seed: numberOption(values.scene, 'scene', true)! };
    const T = numberOption(values.T, 'T', true);
    const method = oneOf(values.method, 'method', FORWARD_METHODS);
    const end = await runJob(engine, 'diffusion.forward', {
      image,
      resolution: numberOption(values.resolution, 'resolution', true)!,
      schedule: { schedule: oneOf(values.schedule, 'schedule', SCHEDULE_NAMES)!, ...(T !== undefined ? { T } : {}) },
      timesteps,
      seed: numberOption(values.seed, 'seed', true)!,
      ...(method ? { method } : {}),
    });
    const result = end.result;
    if (!result) return 1;
    const out = resolve(values.out);
    await writeFile(out, await gridPng(splitImages(result.images, timesteps.length), result.width, result.height, timesteps.length));
    if (json) {
      print(
        toJson({
          out,
          width: result.width,
          height: result.height,
          timesteps: result.timesteps,
          alphas_cumprod: result.alphasCumprod,
          log_snr: result.logSnr,
        }),
      );
      return 0;
    }
    const lines = result.timesteps.map(
      (t, k) =>
        `  t = ${String(t).padStart(4)}  ᾱ_t = ${result.alphasCumprod[k]!.toPrecision(4)}  √ᾱ_t = ${Math.sqrt(result.alphasCumprod[k]!).toFixed(4)}  log-SNR = ${result.logSnr[k]!.toFixed(2)}`,
    );
    print([`x_t of a ${result.width}×${result.height} image → ${out}`, ...lines].join('\n'));
    return 0;
  },
};
