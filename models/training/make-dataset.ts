/**
 * Writes the shapes-world dataset that the Python training scripts read (shapes_data.py).
 *
 * Usage: npm run train:data -- --out models/training/data
 *
 * Layout of the output folder (a fixed contract with the training scripts):
 *   tokenizer.json, tokenizer_config.json           the text tokenizer (build-tokenizer.ts)
 *   {split}.images32.u8, {split}.images64.u8        uint8 N×R×R×3, the same scenes at both resolutions
 *   {split}.tokens.i32                              int32 little-endian N×K×L: rows 0–3 English, 4–7 Chinese,
 *                                                   [BOS] … [EOS] padded with the EOS id to L = 24
 *   {split}.json                                    { count, resolutions, K, L, scenes: [{ shape, colour, … }] }
 *   classes.json                                    class names, zero-shot prompts and their token rows
 * Scene i of a split is sampleScene(createRng(sceneSeed(splitSeed, i))), followed by its caption picks
 * from the same rng, so any scene can be regenerated alone.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

import { Tokenizer } from '@huggingface/tokenizers';

import { createRng } from '../../electron/engine/random/rng';
import { LOCALES, pickCaption, zeroShotPrompts } from '../../electron/engine/shapes/captions';
import { renderScene } from '../../electron/engine/shapes/render';
import { type ComboSet, sampleScene, sceneSeed } from '../../electron/engine/shapes/scene';
import { WORLD, indexOf, isHeldout } from '../../electron/engine/shapes/world';
import { CONTEXT_LENGTH, buildTokenizer, writeTokenizer } from './build-tokenizer';

export const RESOLUTIONS = [32, 64] as const;
/** Captions per scene: CAPTIONS_PER_LOCALE English rows, then as many Chinese rows. */
export const CAPTIONS_PER_LOCALE = 4;
export const K = CAPTIONS_PER_LOCALE * LOCALES.length;
export const L = CONTEXT_LENGTH;

export interface SplitSpec {
  readonly name: string;
  readonly count: number;
  readonly seed: number;
  readonly combos: ComboSet;
}

export const SPLITS: readonly SplitSpec[] = [
  { name: 'train', count: 40_000, seed: 101, combos: 'seen' },
  { name: 'val', count: 1_000, seed: 202, combos: 'seen' },
  { name: 'test', count: 2_000, seed: 303, combos: 'seen' },
  { name: 'heldout', count: 1_000, seed: 404, combos: 'heldout' },
];

export interface MakeDatasetOptions {
  /** Overrides the number of scenes per split (tests write tiny splits). */
  readonly counts?: Readonly<Partial<Record<string, number>>>;
  readonly log?: (line: string) => void;
}

export interface DatasetSummary {
  readonly files: Readonly<Record<string, number>>;
  readonly vocabSize: number;
  readonly seconds: number;
}

/** Scenes are written in chunks so a split never needs all its pixels in memory at once. */
const CHUNK = 1000;

/** Turns captions into fixed-length id rows through the same library the app tokenises with. */
function rowEncoder(tokenizer: Tokenizer, eosId: number, unkId: number): (caption: string) => Int32Array {
  const cache = new Map<string, Int32Array>();
  return (caption) => {
    let row = cache.get(caption);
    if (row) return row;
    const { ids } = tokenizer.encode(caption);
    if (ids.length > L) throw new Error(`Caption "${caption}" has ${ids.length} tokens, more than the context length ${L}; shorten the template.`);
    if (ids.includes(unkId)) throw new Error(`Caption "${caption}" has a word outside the tokenizer's vocabulary; rebuild the tokenizer.`);
    row = new Int32Array(L).fill(eosId);
    row.set(ids);
    cache.set(caption, row);
    return row;
  };
}

function littleEndianBytes(rows: Int32Array): Uint8Array {
  const bytes = new Uint8Array(rows.length * 4);
  const view = new DataView(bytes.buffer);
  rows.forEach((v, i) => view.setInt32(4 * i, v, true));
  return bytes;
}

interface SceneRecord {
  shape: number;
  colour: number;
  size: number;
  position: number;
  count: number;
  background: number;
  heldout: boolean;
  captions: Record<string, string[]>;
}

function writeSplit(out: string, split: SplitSpec, encode: (caption: string) => Int32Array): Record<string, number> {
  const imageFiles = RESOLUTIONS.map((r) => openSync(join(out, `${split.name}.images${r}.u8`), 'w'));
  const tokenFile = openSync(join(out, `${split.name}.tokens.i32`), 'w');
  const scenes: SceneRecord[] = [];
  try {
    for (let start = 0; start < split.count; start += CHUNK) {
      const n = Math.min(CHUNK, split.count - start);
      const images = RESOLUTIONS.map((r) => new Uint8Array(n * r * r * 3));
      const tokens = new Int32Array(n * K * L);
      for (let j = 0; j < n; j++) {
        const rng = createRng(sceneSeed(split.seed, start + j));
        const scene = sampleScene(rng, { combos: split.combos });
        RESOLUTIONS.forEach((r, k) => images[k]!.set(renderScene(scene, r), j * r * r * 3));
        const captions: Record<string, string[]> = {};
        LOCALES.forEach((locale, l) => {
          captions[locale] = [];
          for (let c = 0; c < CAPTIONS_PER_LOCALE; c++) {
            const caption = pickCaption(scene, locale, rng);
            captions[locale]!.push(caption);
            tokens.set(encode(caption), (j * K + l * CAPTIONS_PER_LOCALE + c) * L);
          }
        });
        scenes.push({
          shape: indexOf(WORLD.shapes, scene.shape),
          colour: indexOf(WORLD.colours, scene.colour),
          size: indexOf(WORLD.sizes, scene.size),
          position: scene.position === 'none' ? -1 : indexOf(WORLD.positions, scene.position),
          count: scene.count,
          background: indexOf(WORLD.backgrounds, scene.background),
          heldout: isHeldout(scene.shape, scene.colour),
          captions,
        });
      }
      images.forEach((bytes, k) => writeSync(imageFiles[k]!, bytes));
      writeSync(tokenFile, littleEndianBytes(tokens));
    }
  } finally {
    imageFiles.forEach((fd) => closeSync(fd));
    closeSync(tokenFile);
  }
  const meta = { count: split.count, resolutions: [...RESOLUTIONS], K, L, scenes };
  writeFileSync(join(out, `${split.name}.json`), JSON.stringify(meta));
  const files: Record<string, number> = {};
  for (const r of RESOLUTIONS) files[`${split.name}.images${r}.u8`] = split.count * r * r * 3;
  files[`${split.name}.tokens.i32`] = split.count * K * L * 4;
  return files;
}

function className(entry: { id: string; en: readonly string[]; 'zh-CN': readonly string[] }) {
  return { id: entry.id, en: entry.en[0]!, 'zh-CN': entry['zh-CN'][0]! };
}

/**
 * Writes every split, the tokenizer and classes.json into `out`.
 * @example await makeDataset('/tmp/shapes', { counts: { train: 10, val: 2, test: 2, heldout: 2 } })
 */
export async function makeDataset(out: string, options: MakeDatasetOptions = {}): Promise<DatasetSummary> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  mkdirSync(out, { recursive: true });
  const files = buildTokenizer();
  writeTokenizer(out, files);
  const tokenizer = new Tokenizer(files.tokenizer, files.config);
  const encode = rowEncoder(tokenizer, files.eosId, files.vocab.get('[UNK]')!);

  const prompts = zeroShotPrompts();
  const promptTokens = Object.fromEntries(
    (['shape', 'colour'] as const).map((kind) => [
      kind,
      Object.fromEntries(LOCALES.map((locale) => [locale, prompts[kind][locale].map((p) => [...encode(p)])])),
    ]),
  );
  const classes = {
    shapes: WORLD.shapes.map(className),
    colours: WORLD.colours.map(className),
    prompts,
    promptTokens,
    vocab_size: files.vocab.size,
    eos_id: files.eosId,
    bos_id: files.bosId,
    context_length: L,
  };
  writeFileSync(join(out, 'classes.json'), `${JSON.stringify(classes, null, 2)}\n`);

  const sizes: Record<string, number> = {};
  for (const split of SPLITS) {
    const count = options.counts?.[split.name] ?? split.count;
    const t = performance.now();
    Object.assign(sizes, writeSplit(out, { ...split, count }, encode));
    log(`${split.name}: ${count} scenes (${split.combos}) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const seconds = (performance.now() - started) / 1000;
  return { files: sizes, vocabSize: files.vocab.size, seconds };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const out = at >= 0 ? args[at + 1] : 'models/training/data';
  if (!out) throw new Error('usage: npm run train:data [-- --out FOLDER]   (default models/training/data)');
  const summary = await makeDataset(out, { log: (line) => console.log(line) });
  for (const [name, bytes] of Object.entries(summary.files)) console.log(`${name.padEnd(26)} ${(bytes / 2 ** 20).toFixed(1).padStart(7)} MiB`);
  console.log(`vocab size ${summary.vocabSize}; wrote ${out} in ${summary.seconds.toFixed(1)} s`);
}

// Run as a script only when bundled by scripts/run-ts.mjs (an .mjs file), not when a test imports the .ts module.
if (import.meta.url.endsWith('/make-dataset.mjs')) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
