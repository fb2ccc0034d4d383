/**
 * The committed built-in CLIP, measured through the app's own pipeline (tokenizer, preprocessing,
 * onnxruntime-node on the CPU): the quality bar of its card on a fixed sample of the test split.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadClip, type ClipModel } from '../../../electron/engine/clip/index';
import { Runtime, float32Tensor } from '../../../electron/engine/runtime/ort';
import { captionsFor } from '../../../electron/engine/shapes/captions';
import { renderScene } from '../../../electron/engine/shapes/render';
import { buildTokenizer } from '../../../models/training/build-tokenizer';
import { splitScenes, zeroShotAccuracy } from '../../../models/training/clip-eval';

const FOLDER = join(import.meta.dirname, '../../../models/builtin/shapes-clip');
const runtime = new Runtime('cpu');
let clip: ClipModel;

beforeAll(async () => {
  clip = await loadClip(FOLDER, runtime, { imageBatchSize: 100 });
});
afterAll(() => runtime.releaseAll());

function folderBytes(files: readonly string[]): number {
  return files.reduce((sum, f) => sum + statSync(join(FOLDER, f)).size, 0);
}

describe('built-in CLIP (models/builtin/shapes-clip)', () => {
  it('has the Hugging Face CLIP layout, within 10 MB', () => {
    const files = [
      'onnx/vision_model.onnx',
      'onnx/text_model.onnx',
      'tokenizer.json',
      'tokenizer_config.json',
      'preprocessor_config.json',
      'config.json',
      'card.md',
    ];
    expect(folderBytes(files)).toBeLessThanOrEqual(10 * 1024 * 1024);
    const config = JSON.parse(readFileSync(join(FOLDER, 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      model_type: 'clip',
      text_config: { max_position_embeddings: 24 },
      vision_config: { image_size: 64, patch_size: 8 },
    });
    expect(clip.logitScale).toBeCloseTo(config.logit_scale, 5);
  });

  it('ships the tokenizer that the caption grammar builds today', () => {
    expect(JSON.parse(readFileSync(join(FOLDER, 'tokenizer.json'), 'utf8'))).toEqual(buildTokenizer().tokenizer);
  });

  it('zero-shot on 300 test-split scenes: ≥ 90% shape and ≥ 90% colour, in English and in Chinese', { timeout: 120_000 }, async () => {
    const table = await zeroShotAccuracy(clip, 'test', 300, 64);
    console.log('built-in CLIP, test split (seen combinations), 300 scenes:', JSON.stringify(table.accuracy));
    for (const attribute of ['shape', 'colour'] as const) {
      for (const locale of ['en', 'zh-CN'] as const) expect(table.accuracy[attribute][locale], `${attribute} ${locale}`).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('held-out shape–colour combinations (200 scenes): colour still ≥ 90%; shape is reported, not assumed', { timeout: 120_000 }, async () => {
    const table = await zeroShotAccuracy(clip, 'heldout', 200, 64);
    console.log('built-in CLIP, held-out combinations, 200 scenes:', JSON.stringify(table.accuracy));
    // Measured: shape ≈ 25% here (chance 20%): this small model ties shape to colour and does not
    // compose unseen pairs; the card says so. Colour alone still transfers.
    for (const locale of ['en', 'zh-CN'] as const) expect(table.accuracy.colour[locale], `colour ${locale}`).toBeGreaterThanOrEqual(0.9);
  });

  it("matches each scene with a caption of its own shape and colour among 40 scenes' captions, in both languages", { timeout: 60_000 }, async () => {
    const scenes = splitScenes('test', 40);
    const images = scenes.map((s) => ({ data: renderScene(s, 64), width: 64, height: 64 }));
    for (const locale of ['en', 'zh-CN'] as const) {
      // The fullest paraphrase of each scene (the grammar lists shape-and-colour captions first).
      const captions = scenes.map((s) => captionsFor(s, locale)[0]!);
      const { probs } = await clip.similarity(images, captions);
      let right = 0;
      for (let i = 0; i < scenes.length; i++) {
        const row = Array.from(probs.subarray(i * scenes.length, (i + 1) * scenes.length));
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
        const best = scenes[row.indexOf(Math.max(...row))]!;
        if (best.shape === scenes[i]!.shape && best.colour === scenes[i]!.colour) right++;
      }
      expect(right / scenes.length, locale).toBeGreaterThanOrEqual(0.8);
    }
  });

  it("returns every vision block's attention weights, each row a distribution over the tokens", async () => {
    const path = join(FOLDER, 'onnx/vision_model.onnx');
    const opened = await runtime.open({ key: path, model: path });
    const pixels = new Float32Array(2 * 3 * 64 * 64).map((_, i) => Math.sin(i) * 0.5);
    const out = await runtime.run(opened, { pixel_values: float32Tensor(pixels, [2, 3, 64, 64]) });
    const attentions = out['attentions']!;
    expect(attentions.dims).toEqual([2, 4, 4, 65, 65]);
    const data = attentions.data as Float32Array;
    for (let row = 0; row < data.length / 65; row += 97) {
      let sum = 0;
      for (let j = 0; j < 65; j++) sum += data[row * 65 + j]!;
      expect(sum).toBeCloseTo(1, 4);
    }
  });
});
