import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';

import { createRng } from '../../../electron/engine/random/rng';
import { LOCALES, captionsFor, zeroShotPrompts } from '../../../electron/engine/shapes/captions';
import { sampleScene, sceneSeed } from '../../../electron/engine/shapes/scene';
import { BOS, CONTEXT_LENGTH, EOS, UNK, allCaptions, buildTokenizer } from '../../../models/training/build-tokenizer';

const files = buildTokenizer();
const tokenizer = new Tokenizer(files.tokenizer, files.config);
const eosId = files.eosId;

describe('shapes-world tokenizer', () => {
  it('puts [UNK] at 0, [BOS] at 1 and [EOS] at the largest id', () => {
    expect(tokenizer.token_to_id(UNK)).toBe(0);
    expect(tokenizer.token_to_id(BOS)).toBe(1);
    expect(tokenizer.token_to_id(EOS)).toBe(eosId);
    expect(eosId).toBe(Math.max(...files.vocab.values()));
    expect(eosId).toBe(files.vocab.size - 1);
  });

  it('tokenises every paraphrase of a few hundred scenes with no [UNK], [BOS] first, [EOS] last, within the context', () => {
    for (let i = 0; i < 300; i++) {
      const scene = sampleScene(createRng(sceneSeed(11, i)), { combos: i % 5 === 0 ? 'heldout' : 'seen' });
      for (const locale of LOCALES) {
        for (const caption of captionsFor(scene, locale)) {
          const { ids } = tokenizer.encode(caption);
          expect(ids).not.toContain(0);
          expect(ids[0]).toBe(1);
          expect(ids[ids.length - 1]).toBe(eosId);
          expect(ids.length).toBeLessThanOrEqual(CONTEXT_LENGTH);
          // EOS is the largest id and appears once, so argmax pooling lands on it.
          expect(ids.indexOf(Math.max(...ids))).toBe(ids.length - 1);
        }
      }
    }
  });

  it('covers everything the grammar can say, prompts included', () => {
    for (const caption of allCaptions()) expect(tokenizer.encode(caption).ids).not.toContain(0);
    const prompts = zeroShotPrompts();
    for (const locale of LOCALES)
      for (const p of [...prompts.shape[locale], ...prompts.colour[locale]]) expect(tokenizer.encode(p).ids).not.toContain(0);
  });

  it('splits Chinese into one token per character and English into words', () => {
    expect(tokenizer.encode('左边有一个小的红色圆形').tokens).toEqual([BOS, ...'左边有一个小的红色圆形', EOS]);
    expect(tokenizer.encode('an orange circle').tokens).toEqual([BOS, 'an', 'orange', 'circle', EOS]);
  });

  it('maps unknown words to [UNK]', () => {
    expect(tokenizer.encode('a purple dog').ids).toContain(0);
  });
});
