import { describe, expect, it } from 'vitest';
import { ensembleMeans, l2NormalizeRows, similarityMatrix, softmaxRows } from '../../../../electron/engine/clip/similarity.js';
import { TextEmbeddingCache } from '../../../../electron/engine/clip/text-cache.js';

describe('similarity math, by hand', () => {
  it('normalises rows (3, 4) → (0.6, 0.8) and leaves a zero row alone', () => {
    expect([...l2NormalizeRows(Float32Array.of(3, 4, 0, 0), 2)]).toEqual([0.6, 0.8, 0, 0].map((v) => expect.closeTo(v, 6)));
  });

  it('softmax of (0, ln 2, ln 3) is (1, 2, 3)/6, per row', () => {
    const p = softmaxRows(Float32Array.of(0, Math.log(2), Math.log(3), 5, 5, 5), 3);
    expect([...p]).toEqual([1 / 6, 2 / 6, 3 / 6, 1 / 3, 1 / 3, 1 / 3].map((v) => expect.closeTo(v, 6)));
  });

  it('cosine and logits are images × texts; probabilities sum to 1 per image', () => {
    const images = { data: Float32Array.of(1, 0, 0.6, 0.8), count: 2, dim: 2 };
    const texts = { data: Float32Array.of(1, 0, 0, 1, Math.SQRT1_2, Math.SQRT1_2), count: 3, dim: 2 };
    const r = similarityMatrix(images, texts, 10);
    expect([...r.cosine]).toEqual([1, 0, Math.SQRT1_2, 0.6, 0.8, 1.4 * Math.SQRT1_2].map((v) => expect.closeTo(v, 6)));
    expect([...r.logits]).toEqual([...r.cosine].map((c) => expect.closeTo(10 * c, 5)));
    expect(r.probs[0]! + r.probs[1]! + r.probs[2]!).toBeCloseTo(1, 6);
    expect(r.probs[3]! + r.probs[4]! + r.probs[5]!).toBeCloseTo(1, 6);
  });

  it('ensembles prompts: mean of (1,0) and (0,1) is (1,1)/√2', () => {
    const e = ensembleMeans({ data: Float32Array.of(1, 0, 0, 1, 0, 1), count: 3, dim: 2 }, [[0, 1], [2]]);
    expect([...e.data]).toEqual([Math.SQRT1_2, Math.SQRT1_2, 0, 1].map((v) => expect.closeTo(v, 6)));
  });
});

describe('TextEmbeddingCache', () => {
  it('keys by (model id, text), counts hits and misses, and evicts the least recently used', () => {
    const cache = new TextEmbeddingCache(2);
    const entry = { embedding: Float32Array.of(1), truncated: false };
    cache.set('a', 'x', entry);
    cache.set('a', 'y', entry);
    expect(cache.get('a', 'x')).toBe(entry); // x is now most recent
    expect(cache.get('b', 'x')).toBeUndefined(); // another model
    cache.set('a', 'z', entry); // evicts y
    expect(cache.get('a', 'y')).toBeUndefined();
    expect(cache.stats()).toEqual({ hits: 1, misses: 2, size: 2 });
  });
});
