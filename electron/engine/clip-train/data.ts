/**
 * Training pairs for the tiny CLIP: generated shapes scenes (the world the
 * built-in model learned from), each with its canonical full caption. A batch
 * never holds two scenes with the same caption, so every off-diagonal entry of
 * the N×N matrix really is a wrong pair (InfoNCE's negatives).
 */
import { createRng, type Rng } from '../random/rng.js';
import { captionsFor } from '../shapes/captions.js';
import { renderScene } from '../shapes/render.js';
import { sampleScene } from '../shapes/scene.js';
import type { Vocabulary } from './vocabulary.js';

/** The tiny image encoder sees 12×12 RGB: enough for colour, size, position and a rough outline. */
export const TINY_RESOLUTION = 12;
export const PIXELS = TINY_RESOLUTION * TINY_RESOLUTION * 3;

export type CaptionLanguage = 'en' | 'zh-CN' | 'both';

export interface PairBatch {
  n: number;
  /** n × PIXELS, centred to [-0.5, 0.5]. */
  pixels: Float64Array;
  tokens: number[][];
  captions: string[];
  seeds: number[];
}

/**
 * Draws `n` scenes with distinct captions; scene i uses seed `rng`-drawn so it can be re-rendered.
 * @example sampleBatch(createRng(1), 8, 'en', vocab).captions.length // → 8
 */
export function sampleBatch(rng: Rng, n: number, language: CaptionLanguage, vocab: Vocabulary): PairBatch {
  const pixels = new Float64Array(n * PIXELS);
  const tokens: number[][] = [];
  const captions: string[] = [];
  const seeds: number[] = [];
  const seen = new Set<string>();
  for (let tries = 0; captions.length < n && tries < n * 50; tries++) {
    const seed = Math.floor(rng.uniform() * 2 ** 31);
    const scene = sampleScene(createRng(seed), { combos: 'seen' });
    const key = [scene.shape, scene.colour, scene.size, scene.position, scene.count].join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    const locale = language === 'both' ? (rng.uniform() < 0.5 ? 'en' : 'zh-CN') : language;
    const caption = captionsFor(scene, locale)[0]!;
    const rgb = renderScene(scene, TINY_RESOLUTION);
    const row = captions.length * PIXELS;
    for (let p = 0; p < PIXELS; p++) pixels[row + p] = rgb[p]! / 255 - 0.5;
    tokens.push(vocab.encode(caption));
    captions.push(caption);
    seeds.push(seed);
  }
  if (captions.length < n) throw new Error(`could not draw ${n} distinct scenes`);
  return { n, pixels, tokens, captions, seeds };
}
