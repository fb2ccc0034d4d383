import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { BUILTIN_DIFFUSION_ID, SAMPLER_NAMES, SPACINGS } from '../../common/diffusion.js';
import { gridPng, splitImages } from '../../engine/diffusion/image.js';
import { runJob, toJson, type CliCommand } from '../command.js';
import { numberOption, oneOf, usageError } from './diffusion-cli.js';

/** Nearest-neighbour upscaling so 32-pixel samples are visible in an image viewer. */
function upscaleFor(size: number): number {
  return Math.max(1, Math.floor(128 / size));
}

/**
 * `lab diffuse --prompt "a red circle" --sampler ddim --steps 50 --eta 0 --guidance 3 --seed 1 --out samples.png [--count N] [--trace-every 10]`:
 * samples a diffusion model through the same `diffusion.sample` job the lessons use and writes
 * the images as one PNG grid; with --trace-every, also `<out>.trace.png`: per image a row of
 * x_t and a row of x̂₀ every N steps.
 *
 * @example lab diffuse --prompt "a red circle" --sampler ddim --steps 50 --seed 1 --out samples.png --json
 * // → { "model": "shapes-diffusion", "out": "/…/samples.png", "timesteps": [980, …, 0], "timing": { "perStepMs": 9.1, … }, … }
 */
export const diffuseCommand: CliCommand = {
  name: 'diffuse',
  summary: `Generates images with a diffusion model (default ${BUILTIN_DIFFUSION_ID}): --sampler ${SAMPLER_NAMES.join('|')}, --steps, --eta (DDIM), --guidance (classifier-free), --seed, --count; writes a PNG grid (--out) and, with --trace-every N, x_t and x̂₀ every N steps to <out>.trace.png.`,
  usage: `diffuse [--model ID] [--prompt TEXT] --sampler ${SAMPLER_NAMES.join('|')} [--steps 50] [--eta 0] [--guidance 3] [--seed 1] [--count 1] [--spacing ${SPACINGS.join('|')}] --out FILE.png [--trace-every N]`,
  async run({ engine, argv, json, print }) {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        model: { type: 'string', default: BUILTIN_DIFFUSION_ID },
        prompt: { type: 'string', default: '' },
        sampler: { type: 'string', default: 'ddim' },
        steps: { type: 'string', default: '50' },
        eta: { type: 'string' },
        guidance: { type: 'string' },
        seed: { type: 'string', default: '1' },
        count: { type: 'string', default: '1' },
        spacing: { type: 'string' },
        out: { type: 'string' },
        'trace-every': { type: 'string' },
      },
    });
    if (!values.out) throw usageError('give --out FILE.png for the samples');
    const sampler = oneOf(values.sampler, 'sampler', SAMPLER_NAMES)!;
    const traceEvery = numberOption(values['trace-every'], 'trace-every', true);
    const end = await runJob(engine, 'diffusion.sample', {
      model: values.model as string,
      prompt: values.prompt as string,
      sampler,
      steps: numberOption(values.steps, 'steps', true)!,
      seed: numberOption(values.seed, 'seed', true)!,
      count: numberOption(values.count, 'count', true)!,
      stream: false,
      ...(values.eta !== undefined ? { eta: numberOption(values.eta, 'eta') } : {}),
      ...(values.guidance !== undefined ? { guidance: numberOption(values.guidance, 'guidance') } : {}),
      ...(values.spacing !== undefined ? { spacing: oneOf(values.spacing, 'spacing', SPACINGS) } : {}),
      ...(traceEvery !== undefined ? { traceEvery } : {}),
    });
    const result = end.result;
    if (!result) return 1;
    const scale = upscaleFor(result.width);
    const out = resolve(values.out);
    const images = splitImages(result.images, result.count);
    await writeFile(out, await gridPng(images, result.width, result.height, Math.min(result.count, 8), scale));
    let traceOut: string | null = null;
    if (result.trace.length > 0) {
      traceOut = out.replace(/\.png$/i, '') + '.trace.png';
      // Row-major grid: for each image, a row of x_t then a row of x̂₀, one column per traced step.
      const tiles: Uint8Array[] = [];
      for (let b = 0; b < result.count; b++) {
        for (const entry of result.trace) tiles.push(splitImages(entry.xt, result.count)[b]!);
        for (const entry of result.trace) tiles.push(splitImages(entry.x0, result.count)[b]!);
      }
      await writeFile(traceOut, await gridPng(tiles, result.width, result.height, result.trace.length, scale));
    }
    if (json) {
      const { images: _images, trace, ...rest } = result;
      print(toJson({ ...rest, out, traceOut, trace: trace.map(({ index, t }) => ({ index, t })) }));
      return 0;
    }
    const t = result.timing;
    print(
      [
        `${result.model} on ${result.provider}: ${result.count} image(s), ${result.sampler} ${result.steps} steps (${result.spacing}${result.sampler === 'ddim' ? `, η ${result.eta}` : ''}), guidance ${result.guidance}, seed ${result.seed}${result.prompt ? `, “${result.prompt}”` : ', unconditional'}`,
        `  ${t.sampleMs.toFixed(0)} ms sampling (${t.perStepMs.toFixed(2)} ms/step, first step after ${t.firstStepMs.toFixed(1)} ms), ${t.totalMs.toFixed(0)} ms in all`,
        `  wrote ${out}${traceOut ? ` and ${traceOut} (x_t and x̂₀ at steps ${result.trace.map((e) => e.index + 1).join(', ')})` : ''}`,
      ].join('\n'),
    );
    return 0;
  },
};
