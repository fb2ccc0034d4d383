/**
 * Samples the built-in diffusion model with the engine's DDIM sampler (50 steps, guidance 3) for
 * every shape–colour combination, seen and held out, prompts alternating English and Chinese;
 * judges each sample with the built-in CLIP through the engine; writes `metrics.json` and the
 * sample grid `samples.png` (one row per colour, one column per shape, ×4 upscaled) for the card.
 *
 * Usage: node scripts/run-ts.mjs models/training/evaluate-diffusion.ts [PER_COMBINATION]
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import sharp from 'sharp';

import { loadClip } from '../../electron/engine/clip/index.js';
import { loadDiffusionModel, sample, toRgbBytes } from '../../electron/engine/diffusion/model.js';
import { createRng } from '../../electron/engine/random/rng.js';
import { Runtime } from '../../electron/engine/runtime/ort.js';
import { captionsFor } from '../../electron/engine/shapes/captions.js';
import { WORLD, isHeldout, type Locale } from '../../electron/engine/shapes/world.js';
import { labelledAccuracy, type Attribute } from './clip-eval.js';

interface Prompt {
  caption: string;
  locale: Locale;
  shape: number;
  colour: number;
  heldout: boolean;
}

const perCombination = Number(process.argv[2] ?? '4');
const folder = 'models/builtin/shapes-diffusion';
const runtime = new Runtime('cpu');
const clip = await loadClip('models/builtin/shapes-clip', runtime, { imageBatchSize: 256 });
const model = await loadDiffusionModel(folder);
const size = model.config.sample_size;

const prompts: Prompt[] = [];
WORLD.colours.forEach((colour, c) =>
  WORLD.shapes.forEach((shape, s) => {
    for (let k = 0; k < perCombination; k++) {
      const locale: Locale = k % 2 === 0 ? 'en' : 'zh-CN';
      const facts = { shape: shape.id, colour: colour.id, size: k < 2 ? 'large' : 'small', position: 'centre', count: 1 };
      prompts.push({ caption: captionsFor(facts, locale)[k < 2 ? 1 : 2]!, locale, shape: s, colour: c, heldout: isHeldout(shape.id, colour.id) });
    }
  }),
);

const started = performance.now();
const embeds = await clip.encodeTexts(prompts.map((p) => p.caption));
const rng = createRng(7);
const images: Uint8Array[] = [];
for (let start = 0; start < prompts.length; start += 60) {
  const chunk = prompts.slice(start, start + 60);
  const conditions = chunk.map((_, i) => embeds.data.slice((start + i) * embeds.dim, (start + i + 1) * embeds.dim));
  const result = await sample(runtime, model, { conditions, rng, steps: 50, guidance: 3 });
  images.push(...toRgbBytes(result.images, result.dims));
  console.log(`sampled ${Math.min(prompts.length, start + 60)}/${prompts.length}`);
}
const seconds = (performance.now() - started) / 1000;

const tables: Record<string, Record<Attribute, Record<Locale, number>> & { samples: number }> = {};
for (const [name, keep] of [
  ['seen', (p: Prompt) => !p.heldout],
  ['heldout', (p: Prompt) => p.heldout],
] as const) {
  const chosen = prompts.map((p, i) => ({ p, image: images[i]! })).filter(({ p }) => keep(p));
  const accuracy = await labelledAccuracy(
    clip,
    chosen.map(({ image }) => ({ data: image, width: size, height: size })),
    { shape: chosen.map(({ p }) => p.shape), colour: chosen.map(({ p }) => p.colour) },
  );
  tables[name] = { ...accuracy, samples: chosen.length };
  console.log(`${name}: ${chosen.length} samples  shape ${JSON.stringify(accuracy.shape)}  colour ${JSON.stringify(accuracy.colour)}`);
}

// The grid: the first sample of each combination (an English "large" prompt), colours × shapes.
const scale = 4;
const cell = size * scale + 4;
const grid = Buffer.alloc(cell * WORLD.shapes.length * cell * WORLD.colours.length * 3, 255);
const gridWidth = cell * WORLD.shapes.length;
prompts.forEach((p, i) => {
  if (i % perCombination !== 0) return;
  const image = images[i]!;
  for (let y = 0; y < size * scale; y++) {
    for (let x = 0; x < size * scale; x++) {
      const source = (Math.floor(y / scale) * size + Math.floor(x / scale)) * 3;
      const target = ((p.colour * cell + 2 + y) * gridWidth + p.shape * cell + 2 + x) * 3;
      grid[target] = image[source]!;
      grid[target + 1] = image[source + 1]!;
      grid[target + 2] = image[source + 2]!;
    }
  }
});
await sharp(grid, { raw: { width: gridWidth, height: cell * WORLD.colours.length, channels: 3 } })
  .png()
  .toFile(join(folder, 'samples.png'));

const path = join(folder, 'metrics.json');
const report = {
  measured: new Date().toISOString().slice(0, 10),
  sampler: 'engine DDIM, 50 steps, guidance 3, seed 7',
  judge: 'built-in CLIP through the engine, zero-shot prompts in English and Chinese',
  sampling_seconds: Math.round(seconds),
  prompts: prompts.map(({ caption, locale, heldout }) => ({ caption, locale, heldout })),
  tables,
};
writeFileSync(`${path}.tmp`, JSON.stringify(report, null, 2) + '\n');
renameSync(`${path}.tmp`, path);
await runtime.releaseAll();
