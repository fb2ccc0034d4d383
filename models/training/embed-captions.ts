/**
 * Embeds every caption of the shapes dataset with the committed built-in CLIP's text model,
 * through the app's runtime, for the diffusion model's training. Writes, per split,
 * `<split>.text_embeds.f32` (float32 little-endian, N×K×D) and `<split>.text_embeds.json`.
 *
 * Usage: node scripts/run-ts.mjs models/training/embed-captions.ts [DATA_FOLDER] [CLIP_FOLDER]
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { Runtime, int64Tensor } from '../../electron/engine/runtime/ort';

interface SplitMeta {
  count: number;
  K: number;
  L: number;
}

const SPLITS = ['train', 'val', 'test', 'heldout'] as const;
const BATCH = 2048;

function writeAtomically(path: string, data: string | Uint8Array): void {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

async function main(): Promise<void> {
  const [data = 'models/training/data', clip = 'models/builtin/shapes-clip'] = process.argv.slice(2);
  const config = JSON.parse(readFileSync(join(clip, 'config.json'), 'utf8')) as { text_config: { eos_token_id: number }; projection_dim: number };
  const eos = config.text_config.eos_token_id;
  const runtime = new Runtime('cpu');
  const session = await runtime.open({ key: 'text', model: join(clip, 'onnx', 'text_model.onnx') });
  for (const split of SPLITS) {
    const started = performance.now();
    const meta = JSON.parse(readFileSync(join(data, `${split}.json`), 'utf8')) as SplitMeta;
    const bytes = readFileSync(join(data, `${split}.tokens.i32`));
    const tokens = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const rows = meta.count * meta.K;
    const dim = config.projection_dim;
    const out = new Float32Array(rows * dim);
    for (let start = 0; start < rows; start += BATCH) {
      const n = Math.min(BATCH, rows - start);
      // Only the columns up to the longest caption's EOS: the encoder is causal, so this is exact.
      let length = 1;
      for (let r = 0; r < n; r++) {
        const base = (start + r) * meta.L;
        let end = 0;
        while (end < meta.L - 1 && tokens[base + end] !== eos) end++;
        length = Math.max(length, end + 1);
      }
      const ids = new BigInt64Array(n * length);
      for (let r = 0; r < n; r++) for (let c = 0; c < length; c++) ids[r * length + c] = BigInt(tokens[(start + r) * meta.L + c]!);
      const result = await runtime.run(session, { input_ids: int64Tensor(ids, [n, length]) });
      out.set(result['text_embeds']!.data as Float32Array, start * dim);
    }
    writeAtomically(join(data, `${split}.text_embeds.f32`), new Uint8Array(out.buffer));
    writeAtomically(join(data, `${split}.text_embeds.json`), JSON.stringify({ dims: [meta.count, meta.K, dim], clip }) + '\n');
    console.log(`${split}: ${rows} captions embedded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  await runtime.releaseAll();
}

await main();
