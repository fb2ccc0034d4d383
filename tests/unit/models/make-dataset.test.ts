import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Tokenizer } from '@huggingface/tokenizers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createRng } from '../../../electron/engine/random/rng';
import { pickCaption } from '../../../electron/engine/shapes/captions';
import { renderScene } from '../../../electron/engine/shapes/render';
import { sampleScene, sceneSeed } from '../../../electron/engine/shapes/scene';
import { K, L, SPLITS, makeDataset } from '../../../models/training/make-dataset';

const counts = { train: 7, val: 3, test: 2, heldout: 4 };
let out = '';

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'shapes-data-'));
  await makeDataset(out, { counts });
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

function json(name: string) {
  return JSON.parse(readFileSync(join(out, name), 'utf8'));
}

describe('makeDataset', () => {
  it('writes files of exactly the contract sizes', () => {
    expect(K).toBe(8);
    expect(L).toBe(24);
    for (const [split, n] of Object.entries(counts)) {
      expect(statSync(join(out, `${split}.images32.u8`)).size).toBe(n * 32 * 32 * 3);
      expect(statSync(join(out, `${split}.images64.u8`)).size).toBe(n * 64 * 64 * 3);
      expect(statSync(join(out, `${split}.tokens.i32`)).size).toBe(n * 8 * 24 * 4);
      const meta = json(`${split}.json`);
      expect(meta).toMatchObject({ count: n, resolutions: [32, 64], K: 8, L: 24 });
      expect(meta.scenes).toHaveLength(n);
      for (const s of meta.scenes) {
        expect(s.captions.en).toHaveLength(4);
        expect(s.captions['zh-CN']).toHaveLength(4);
        expect(s.heldout).toBe(split === 'heldout');
        expect(s.position === -1).toBe(s.count > 1);
      }
    }
  });

  it('stores each scene as it regenerates alone, with tokens matching its captions', () => {
    const meta = json('val.json');
    const tokenizer = new Tokenizer(json('tokenizer.json'), json('tokenizer_config.json'));
    const classes = json('classes.json');
    const images = readFileSync(join(out, 'val.images64.u8'));
    const tokens = readFileSync(join(out, 'val.tokens.i32'));
    const spec = SPLITS.find((s) => s.name === 'val')!;
    const i = 2;
    const rng = createRng(sceneSeed(spec.seed, i));
    const scene = sampleScene(rng, { combos: spec.combos });
    expect(Buffer.from(renderScene(scene, 64)).equals(images.subarray(i * 64 * 64 * 3, (i + 1) * 64 * 64 * 3))).toBe(true);
    const captions = [
      ...Array.from({ length: 4 }, () => pickCaption(scene, 'en', rng)),
      ...Array.from({ length: 4 }, () => pickCaption(scene, 'zh-CN', rng)),
    ];
    expect([...meta.scenes[i].captions.en, ...meta.scenes[i].captions['zh-CN']]).toEqual(captions);
    captions.forEach((caption, k) => {
      const row = Array.from({ length: L }, (_, t) => tokens.readInt32LE(((i * K + k) * L + t) * 4));
      const ids = tokenizer.encode(caption).ids;
      expect(row).toEqual([...ids, ...Array<number>(L - ids.length).fill(classes.eos_id)]);
    });
  });

  it('writes classes, prompts and prompt tokens', () => {
    const classes = json('classes.json');
    expect(classes.shapes.map((s: { id: string }) => s.id)).toEqual(['circle', 'square', 'triangle', 'star', 'cross']);
    expect(classes.colours).toHaveLength(6);
    expect(classes.context_length).toBe(24);
    expect(classes.bos_id).toBe(1);
    expect(classes.eos_id).toBe(classes.vocab_size - 1);
    for (const kind of ['shape', 'colour'])
      for (const locale of ['en', 'zh-CN']) {
        expect(classes.promptTokens[kind][locale]).toHaveLength(classes.prompts[kind][locale].length);
        for (const row of classes.promptTokens[kind][locale]) expect(row).toHaveLength(24);
      }
    const config = json('tokenizer_config.json');
    expect(config).toMatchObject({
      tokenizer_class: 'PreTrainedTokenizerFast',
      model_max_length: 24,
      bos_token: '[BOS]',
      eos_token: '[EOS]',
      pad_token: '[EOS]',
      unk_token: '[UNK]',
    });
  });
});
