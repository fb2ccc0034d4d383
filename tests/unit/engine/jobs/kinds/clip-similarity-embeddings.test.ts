/**
 * clip.similarity's optional `returnEmbeddings`: the unit-length image and
 * text rows the embedding-space lesson projects, checked on the hand-weighted
 * tiny CLIP (tests/unit/engine/clip/tiny-clip.ts) against hand-computed vectors.
 */
import { dirname } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipSimilarityArgsSchema } from '../../../../../electron/common/clip.js';
import type { ModelDirs } from '../../../../../electron/engine/jobs/context.js';
import { clipSimilarity } from '../../../../../electron/engine/jobs/kinds/clip-similarity.js';
import { Runtime } from '../../../../../electron/engine/runtime/ort.js';
import { writeTinyClip, type TinyClipFolder } from '../../clip/tiny-clip.js';
import { fakeContext } from './fake-context.js';

const runtime = new Runtime('cpu');
let tiny: TinyClipFolder;
let dirs: ModelDirs;

const norm = (v: number[]): number[] => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};

/** A 4×2 PNG whose 2×2 centre crop has `rgb` at its top-right, which is all the tiny vision tower reads. */
async function png(rgb: [number, number, number]): Promise<Uint8Array<ArrayBuffer>> {
  const data = Buffer.alloc(4 * 2 * 3, 7);
  data.set(rgb, 2 * 3);
  return new Uint8Array(
    await sharp(data, { raw: { width: 4, height: 2, channels: 3 } })
      .png()
      .toBuffer(),
  );
}

beforeAll(async () => {
  tiny = await writeTinyClip('tiny-clip-embeddings');
  dirs = { builtin: dirname(tiny.folder), user: dirname(tiny.folder) };
});

afterAll(async () => {
  await runtime.releaseAll();
  await tiny?.remove();
});

describe('clip.similarity with returnEmbeddings', () => {
  it('is accepted by the wire schema and is optional', () => {
    const base = { images: [{ kind: 'scene', seed: 1 }], prompts: ['a'] };
    expect(clipSimilarityArgsSchema.safeParse({ ...base, returnEmbeddings: true }).success).toBe(true);
    expect(clipSimilarityArgsSchema.safeParse(base).success).toBe(true);
    expect(clipSimilarityArgsSchema.safeParse({ ...base, returnEmbeddings: 'yes' }).success).toBe(false);
  });

  it('returns the normalised image and text rows, whose dot products are the similarity matrix', async () => {
    const result = await clipSimilarity(
      {
        model: 'tiny-clip-embeddings',
        images: [
          { kind: 'bytes', data: await png([255, 0, 0]) },
          { kind: 'bytes', data: await png([0, 100, 200]) },
        ],
        prompts: ['red', 'green blue'],
        returnEmbeddings: true,
      },
      fakeContext<'clip.similarity'>(runtime, { modelDirs: dirs }),
    );
    const embeddings = result.embeddings!;
    expect(embeddings.dim).toBe(3);
    // Images: crop top-right pixel / 255, normalised; texts: max of one-hot words × diag(1, 2, 3), normalised.
    const images = [norm([1, 0, 0]), norm([0, 100 / 255, 200 / 255])];
    const texts = [norm([1, 0, 0]), norm([0, 2, 3])];
    expect([...embeddings.images]).toEqual(images.flat().map((v) => expect.closeTo(v, 5)));
    expect([...embeddings.texts]).toEqual(texts.flat().map((v) => expect.closeTo(v, 5)));
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        let dot = 0;
        for (let k = 0; k < 3; k++) dot += embeddings.images[i * 3 + k]! * embeddings.texts[j * 3 + k]!;
        expect(dot).toBeCloseTo(result.similarity[i * 2 + j]!, 5);
      }
    }
  });

  it('gives one text row per prompt, the ensemble of its templates', async () => {
    const result = await clipSimilarity(
      {
        model: 'tiny-clip-embeddings',
        images: [{ kind: 'bytes', data: await png([255, 0, 0]) }],
        prompts: ['red', 'blue'],
        templates: ['{}', '{} green'],
        returnEmbeddings: true,
      },
      fakeContext<'clip.similarity'>(runtime, { modelDirs: dirs }),
    );
    const ensemble = (a: number[], b: number[]): number[] => norm(a.map((x, k) => (x + b[k]!) / 2));
    const expected = [ensemble(norm([1, 0, 0]), norm([1, 2, 0])), ensemble(norm([0, 0, 3]), norm([0, 2, 3]))];
    expect(result.embeddings!.texts).toHaveLength(2 * 3);
    expect([...result.embeddings!.texts]).toEqual(expected.flat().map((v) => expect.closeTo(v, 5)));
  });

  it('leaves the embeddings out unless asked', async () => {
    const result = await clipSimilarity(
      { model: 'tiny-clip-embeddings', images: [{ kind: 'bytes', data: await png([255, 0, 0]) }], prompts: ['red'] },
      fakeContext<'clip.similarity'>(runtime, { modelDirs: dirs }),
    );
    expect(result).not.toHaveProperty('embeddings');
  });
});
