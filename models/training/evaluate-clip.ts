/**
 * Measures the built-in CLIP through the app's engine on the whole test and held-out splits, at
 * the model's resolution and on 32-px renders (what the diffusion model draws), and writes
 * `metrics.json` next to the model for its card.
 *
 * Usage: node scripts/run-ts.mjs models/training/evaluate-clip.ts [CLIP_FOLDER]
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { loadClip } from '../../electron/engine/clip/index.js';
import { Runtime } from '../../electron/engine/runtime/ort.js';
import { zeroShotAccuracy, type AccuracyTable } from './clip-eval.js';
import { SPLITS } from './make-dataset.js';

const folder = process.argv[2] ?? 'models/builtin/shapes-clip';
const runtime = new Runtime('cpu');
const clip = await loadClip(folder, runtime, { imageBatchSize: 256 });
const tables: AccuracyTable[] = [];
for (const split of ['test', 'heldout']) {
  for (const resolution of [64, 32]) {
    const count = SPLITS.find((s) => s.name === split)!.count;
    const table = await zeroShotAccuracy(clip, split, count, resolution);
    tables.push(table);
    const a = table.accuracy;
    console.log(
      `${split.padEnd(8)} ${String(resolution).padStart(2)} px  n=${table.images}  shape en ${(a.shape.en * 100).toFixed(1)}%  zh ${(a.shape['zh-CN'] * 100).toFixed(1)}%  colour en ${(a.colour.en * 100).toFixed(1)}%  zh ${(a.colour['zh-CN'] * 100).toFixed(1)}%`,
    );
  }
}
await runtime.releaseAll();
const path = join(folder, 'metrics.json');
writeFileSync(
  `${path}.tmp`,
  JSON.stringify({ measured: new Date().toISOString().slice(0, 10), engine: 'onnxruntime-node, CPU', tables }, null, 2) + '\n',
);
renameSync(`${path}.tmp`, path);
