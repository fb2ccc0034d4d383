/**
 * The tiny CLIP's text side: captions → token ids. Words are split the way the
 * built-in shapes-clip tokenizer splits them (BertNormalizer + BertPreTokenizer
 * in models/training/build-tokenizer.ts: lower-case, every Chinese character
 * its own token, then whitespace), and the vocabulary is every word and
 * character the caption grammar can produce, so no caption ever meets an
 * unknown token.
 */
import { captionsFor, LOCALES } from '../shapes/captions.js';
import { WORLD } from '../shapes/world.js';

/** CJK Unified Ideographs, one token each (as handle_chinese_chars does). */
const CJK = /[\u4e00-\u9fff]/g;

/** @example captionWords('左边有一个小的红色圆形').length // → 11 */
export function captionWords(caption: string): string[] {
  return caption.toLowerCase().replace(CJK, ' $& ').trim().split(/\s+/).filter(Boolean);
}

export interface Vocabulary {
  readonly size: number;
  readonly words: readonly string[];
  /** Token ids of a caption; unknown words are dropped (never happens for grammar captions). */
  encode(caption: string): number[];
}

let cached: Vocabulary | null = null;

/** Every word of every full caption of the shapes world, both languages, in code-point order. */
export function shapesVocabulary(): Vocabulary {
  if (cached) return cached;
  const words = new Set<string>();
  for (const shape of WORLD.shapes)
    for (const colour of WORLD.colours)
      for (const size of WORLD.sizes)
        for (const { n: count } of WORLD.counts) {
          const positions = count === 1 ? WORLD.positions.map((p) => p.id) : ['none'];
          for (const position of positions)
            for (const locale of LOCALES)
              for (const caption of captionsFor({ shape: shape.id, colour: colour.id, size: size.id, position, count }, locale))
                for (const word of captionWords(caption)) words.add(word);
        }
  const sorted = [...words].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(sorted.map((w, i) => [w, i]));
  cached = {
    size: sorted.length,
    words: sorted,
    encode: (caption) => captionWords(caption).flatMap((w) => (index.has(w) ? [index.get(w)!] : [])),
  };
  return cached;
}
