import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabError } from '../../../../electron/common/errors.js';
import { loadClip, TextEmbeddingCache, type ClipModel } from '../../../../electron/engine/clip/index.js';
import { Runtime } from '../../../../electron/engine/runtime/ort.js';
import { imageWithCropTopRight, TINY_LOGIT_SCALE, writeTinyClip, type TinyClipFolder } from './tiny-clip.js';

// Independent reference: plain-array math on the hand-derived embeddings of tiny-clip.ts.
const norm = (v: number[]): number[] => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};
const dot = (a: number[], b: number[]): number => a.reduce((s, x, k) => s + x * b[k]!, 0);
const softmax = (v: number[]): number[] => {
  const e = v.map((x) => Math.exp(x - Math.max(...v)));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
};
/** Text "w₁ … wₙ": max of one-hot word vectors, times diag(1, 2, 3), normalised. */
const TEXT = {
  red: norm([1, 0, 0]),
  green: norm([0, 2, 0]),
  blue: norm([0, 0, 3]),
  'red green': norm([1, 2, 0]),
  'red blue': norm([1, 0, 3]),
  'green blue': norm([0, 2, 3]),
};
/** Image: the crop's top-right pixel / 255, normalised. */
const imageEmbedding = (rgb: number[]): number[] => norm(rgb.map((v) => v / 255));

const runtime = new Runtime('cpu');
let tiny: TinyClipFolder;
let clip: ClipModel;

beforeAll(async () => {
  tiny = await writeTinyClip();
  clip = await loadClip(tiny.folder, runtime);
});

afterAll(async () => {
  await runtime.releaseAll();
  await tiny?.remove();
});

function rows(data: Float32Array, dim: number): number[][] {
  return Array.from({ length: data.length / dim }, (_, i) => [...data.slice(i * dim, (i + 1) * dim)]);
}

function closeRows(actual: number[][], expected: number[][]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((row, i) => expect(row).toEqual(expected[i]!.map((v) => expect.closeTo(v, 5))));
}

describe('loadClip on a hand-weighted tiny CLIP (onnxruntime, CPU)', () => {
  it('reads id, context length and logit_scale from the folder', () => {
    expect(clip.id).toBe('tiny-clip');
    expect(clip.logitScale).toBe(TINY_LOGIT_SCALE);
    expect(clip.tokenizer.contextLength).toBe(4);
    expect(clip.tokenizer.eosId).toBe(5);
    expect(clip.tokenizer.padId).toBe(5);
  });

  it('encodes texts to the hand-computed normalised embeddings, padding a mixed-length batch', async () => {
    const texts = ['red', 'red green', 'blue', 'green blue'] as const;
    const out = await clip.encodeTexts([...texts]);
    expect(out.dim).toBe(3);
    expect(out.count).toBe(4);
    closeRows(
      rows(out.data, 3),
      texts.map((t) => TEXT[t]),
    );
    expect(out.truncated).toEqual([]);
  });

  it('truncates a prompt longer than the context length, keeps EOS last, and reports it', async () => {
    // <sot> red green blue <eot> = 5 tokens > 4 → <sot> red green <eot>: blue is cut.
    const out = await clip.encodeTexts(['blue', 'red green blue']);
    expect(out.truncated).toEqual([1]);
    closeRows(rows(out.data, 3), [TEXT.blue, TEXT['red green']]);
  });

  it('gives the same embeddings whatever the batch size', async () => {
    const texts = ['red', 'green', 'blue', 'red green', 'green blue'];
    const small = await loadClip(tiny.folder, runtime, { textBatchSize: 2, imageBatchSize: 1 });
    const a = await small.encodeTexts(texts);
    const b = await clip.encodeTexts(texts);
    closeRows(rows(a.data, 3), rows(b.data, 3));
    const images = [imageWithCropTopRight([255, 0, 0]), imageWithCropTopRight([0, 51, 102]), imageWithCropTopRight([10, 20, 30])];
    const c = await small.encodeImages(images);
    closeRows(rows(c.data, 3), [imageEmbedding([255, 0, 0]), imageEmbedding([0, 51, 102]), imageEmbedding([10, 20, 30])]);
  });

  it('encodes raw RGB and encoded PNG images through the same preprocessing', async () => {
    const sharp = (await import('sharp')).default;
    const raw = imageWithCropTopRight([0, 51, 102]);
    const png = await sharp(raw.data, { raw: { width: 4, height: 2, channels: 3 } })
      .png()
      .toBuffer();
    const out = await clip.encodeImages([raw, new Uint8Array(png)]);
    closeRows(rows(out.data, 3), [imageEmbedding([0, 51, 102]), imageEmbedding([0, 51, 102])]);
  });

  it('scores images × texts: cosine, logit_scale · cosine, softmax per image', async () => {
    const texts = ['red', 'red green', 'blue'];
    const colours = [
      [255, 255, 0],
      [0, 0, 255],
    ];
    const result = await clip.similarity(
      colours.map((c) => imageWithCropTopRight(c as [number, number, number])),
      texts,
    );
    expect(result.images).toBe(2);
    expect(result.texts).toBe(3);
    const expectedCos = colours.map((c) => texts.map((t) => dot(imageEmbedding(c), TEXT[t as keyof typeof TEXT])));
    // By hand for the first image: (1,1,0)/√2 against (1,0,0), (1,2,0)/√5, (0,0,1).
    expect(expectedCos[0]).toEqual([Math.SQRT1_2, 3 / Math.sqrt(10), 0].map((v) => expect.closeTo(v, 12)));
    closeRows(rows(result.cosine, 3), expectedCos);
    closeRows(
      rows(result.logits, 3),
      expectedCos.map((r) => r.map((c) => c * TINY_LOGIT_SCALE)),
    );
    closeRows(
      rows(result.probs, 3),
      expectedCos.map((r) => softmax(r.map((c) => c * TINY_LOGIT_SCALE))),
    );
  });

  it('classifies zero-shot with a prompt ensemble (mean of normalised embeddings, renormalised)', async () => {
    const labels = ['red', 'green'];
    const templates = ['{}', '{} blue'];
    const rgb = [200, 40, 120];
    const result = await clip.zeroShot([imageWithCropTopRight(rgb as [number, number, number])], labels, { templates });
    expect(result.prompts).toEqual(['red', 'red blue', 'green', 'green blue']);
    const ensemble = (a: number[], b: number[]): number[] => norm(a.map((x, k) => (x + b[k]!) / 2));
    const labelEmbeddings = [ensemble(TEXT.red, TEXT['red blue']), ensemble(TEXT.green, TEXT['green blue'])];
    const cos = labelEmbeddings.map((e) => dot(imageEmbedding(rgb), e));
    const p = softmax(cos.map((c) => c * TINY_LOGIT_SCALE));
    expect([...result.cosine]).toEqual(cos.map((c) => expect.closeTo(c, 5)));
    expect([...result.probs]).toEqual(p.map((v) => expect.closeTo(v, 5)));
    expect(result.best[0]).toEqual({ index: 0, label: 'red', prob: expect.closeTo(p[0]!, 5) });
  });

  it('caches text embeddings per (model id, text) and reports hits and misses', async () => {
    const cache = new TextEmbeddingCache();
    const model = await loadClip(tiny.folder, runtime, { cache });
    const first = await model.encodeTexts(['red', 'green', 'red']);
    expect(first.cache).toEqual({ hits: 0, misses: 2 });
    const second = await model.encodeTexts(['green', 'red']);
    expect(second.cache).toEqual({ hits: 2, misses: 0 });
    closeRows(rows(second.data, 3), [TEXT.green, TEXT.red]);
    const third = await model.encodeTexts(['blue', 'red']);
    expect(third.cache).toEqual({ hits: 1, misses: 1 });
    expect(model.cacheStats()).toEqual({ hits: 3, misses: 3, size: 3 });
    // The truncation flag is cached with the embedding.
    await model.encodeTexts(['red green blue']);
    expect((await model.encodeTexts(['red green blue'])).truncated).toEqual([0]);
    // Another variant of the same folder is another model id: no false hits.
    const quantized = await loadClip(tiny.folder, runtime, { cache, variant: 'quantized' });
    expect(quantized.id).toBe('tiny-clip:quantized');
    expect((await quantized.encodeTexts(['red'])).cache).toEqual({ hits: 0, misses: 1 });
  });

  it('feeds attention_mask when the text export takes one (the `_quantized` twin does)', async () => {
    const quantized = await loadClip(tiny.folder, runtime, { variant: 'quantized' });
    const out = await quantized.encodeTexts(['red green', 'blue']);
    closeRows(rows(out.data, 3), [TEXT['red green'], TEXT.blue]);
  });
});

describe('loadClip refuses bad input with typed errors', () => {
  async function labError(promise: Promise<unknown>): Promise<LabError> {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LabError);
    return error as LabError;
  }

  it('an empty prompt list', async () => {
    expect((await labError(clip.encodeTexts([]))).messageKey).toBe('error.clip.noPrompts');
  });

  it('more than 1000 prompts', async () => {
    const error = await labError(clip.encodeTexts(Array.from({ length: 1001 }, () => 'red')));
    expect(error.messageKey).toBe('error.clip.tooManyPrompts');
    expect(error.params).toEqual({ count: 1001, max: 1000 });
  });

  it('a prompt that is not a string', async () => {
    const error = await labError(clip.encodeTexts(['red', 42]));
    expect(error.messageKey).toBe('error.clip.promptNotText');
    expect(error.params).toEqual({ index: 1 });
  });

  it('not an array at all', async () => {
    expect((await labError(clip.encodeTexts('red'))).messageKey).toBe('error.clip.noPrompts');
  });

  it('no images, or something that is not an image', async () => {
    expect((await labError(clip.encodeImages([]))).messageKey).toBe('error.clip.noImages');
    expect((await labError(clip.encodeImages([42 as unknown as string]))).messageKey).toBe('error.clip.imageInput');
  });

  it('a zero-shot template without a placeholder', async () => {
    const error = await labError(clip.zeroShot([imageWithCropTopRight([1, 2, 3])], ['red'], { templates: ['a photo'] }));
    expect(error.messageKey).toBe('error.clip.templatePlaceholder');
  });

  it('a folder without the model files', async () => {
    const error = await labError(loadClip('/nonexistent/clip-folder', runtime));
    expect(error.code).toBe('modelInvalid');
    expect(error.messageKey).toBe('error.clip.fileMissing');
  });
});
