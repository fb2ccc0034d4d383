/**
 * Builds the shapes-world tokenizer: a Hugging Face tokenizer.json (BertNormalizer, BertPreTokenizer,
 * WordPiece) whose vocabulary is exactly the words and Chinese characters the caption grammar can
 * produce, plus tokenizer_config.json. Loads with @huggingface/tokenizers and Python `tokenizers`.
 *
 * Ids: [UNK] = 0, [BOS] = 1, the words and characters from 2 in code-point order, and [EOS] last,
 * so EOS is the largest id: the text encoder pools at argmax(input_ids) (the legacy Hugging Face
 * CLIP convention) and padding uses the EOS id.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { LOCALES, captionsFor, zeroShotPrompts } from '../../electron/engine/shapes/captions';
import { WORLD } from '../../electron/engine/shapes/world';

/** Context length of the text encoder: every caption is [BOS] … [EOS] padded with EOS to this length. */
export const CONTEXT_LENGTH = 24;
export const UNK = '[UNK]';
export const BOS = '[BOS]';
export const EOS = '[EOS]';

/** CJK Unified Ideographs, which BertNormalizer(handle_chinese_chars) splits into one token each. */
const CJK = /[\u4e00-\u9fff]/g;

/** The words of a caption as BertNormalizer + BertPreTokenizer see them (the grammar has no punctuation). */
export function captionWords(caption: string): string[] {
  return caption.toLowerCase().replace(CJK, ' $& ').trim().split(/\s+/);
}

/** Every caption the grammar can produce: all facts (shape, colour, size, position, count) in both locales, and the prompts. */
export function allCaptions(): string[] {
  const captions = new Set<string>();
  for (const shape of WORLD.shapes) {
    for (const colour of WORLD.colours) {
      for (const size of WORLD.sizes) {
        for (const { n: count } of WORLD.counts) {
          const positions = count === 1 ? WORLD.positions.map((p) => p.id) : ['none'];
          for (const position of positions) {
            const facts = { shape: shape.id, colour: colour.id, size: size.id, position, count };
            for (const locale of LOCALES) for (const caption of captionsFor(facts, locale)) captions.add(caption);
          }
        }
      }
    }
  }
  const prompts = zeroShotPrompts();
  for (const kind of ['shape', 'colour'] as const) for (const locale of LOCALES) for (const p of prompts[kind][locale]) captions.add(p);
  return [...captions];
}

export interface TokenizerFiles {
  tokenizer: Record<string, unknown>;
  config: Record<string, unknown>;
  vocab: ReadonlyMap<string, number>;
  bosId: number;
  eosId: number;
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** @example buildTokenizer().vocab.get('[EOS]') === buildTokenizer().vocab.size - 1 // → true */
export function buildTokenizer(): TokenizerFiles {
  const words = new Set<string>();
  for (const caption of allCaptions()) for (const word of captionWords(caption)) words.add(word);
  const ordered = [UNK, BOS, ...[...words].sort(compareCodePoints), EOS];
  const vocab = new Map(ordered.map((token, id) => [token, id]));
  const bosId = 1;
  const eosId = ordered.length - 1;
  const special = (id: number, content: string) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(0, UNK), special(bosId, BOS), special(eosId, EOS)],
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: false, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: BOS, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: EOS, type_id: 0 } }],
      pair: [
        { SpecialToken: { id: BOS, type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: EOS, type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: EOS, type_id: 1 } },
      ],
      special_tokens: {
        [BOS]: { id: BOS, ids: [bosId], tokens: [BOS] },
        [EOS]: { id: EOS, ids: [eosId], tokens: [EOS] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: UNK,
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab),
    },
  };
  const config = {
    tokenizer_class: 'PreTrainedTokenizerFast',
    model_max_length: CONTEXT_LENGTH,
    bos_token: BOS,
    eos_token: EOS,
    pad_token: EOS,
    unk_token: UNK,
    clean_up_tokenization_spaces: true,
  };
  return { tokenizer, config, vocab, bosId, eosId };
}

/** Writes tokenizer.json and tokenizer_config.json into `folder`. */
export function writeTokenizer(folder: string, files: TokenizerFiles = buildTokenizer()): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'tokenizer.json'), `${JSON.stringify(files.tokenizer, null, 2)}\n`);
  writeFileSync(join(folder, 'tokenizer_config.json'), `${JSON.stringify(files.config, null, 2)}\n`);
}
