/**
 * The clip.similarity and clip.zeroShot job functions on the hand-weighted
 * tiny CLIP (tests/unit/engine/clip/tiny-clip.ts), called with a fake context
 * as the worker would call them: models resolved by id from the built-in and
 * user folders, the three image kinds, templates, the worker-wide text cache,
 * progress and cancellation.
 */
import { mkdir, mkdtemp, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabError } from '../../../../../electron/common/errors.js';
import { sceneImage } from '../../../../../electron/engine/clip/image-specs.js';
import { resolveClipFolder } from '../../../../../electron/engine/clip/resolve-model.js';
import type { ModelDirs } from '../../../../../electron/engine/jobs/context.js';
import { clipSimilarity } from '../../../../../electron/engine/jobs/kinds/clip-similarity.js';
import { clipZeroShot } from '../../../../../electron/engine/jobs/kinds/clip-zero-shot.js';
import { Runtime } from '../../../../../electron/engine/runtime/ort.js';
import { TINY_LOGIT_SCALE, writeTinyClip, type TinyClipFolder } from '../../clip/tiny-clip.js';
import { fakeContext } from './fake-context.js';

const runtime = new Runtime('cpu');
let tiny: TinyClipFolder;
let userDir = '';
let dirs: ModelDirs;

// Independent reference (as in clip-model.test.ts): text "w₁ … wₙ" → max of one-hot words × diag(1, 2, 3); image → crop top-right pixel / 255.
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
const TEXT: Record<string, number[]> = { red: norm([1, 0, 0]), green: norm([0, 2, 0]), blue: norm([0, 0, 3]), 'green blue': norm([0, 2, 3]) };

/** A 4×2 PNG whose 2×2 centre crop has `rgb` at its top-right (source x = 2, y = 0); grey 7 elsewhere. */
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
  // The tiny model plays a built-in: <base>/tiny-clip, with <base> as the built-in folder.
  tiny = await writeTinyClip('tiny-clip');
  userDir = await mkdtemp(join(tmpdir(), 'aigc-clip-user-'));
  await cp(tiny.folder, join(userDir, 'my-clip'), { recursive: true });
  dirs = { builtin: dirname(tiny.folder), user: userDir };
});

afterAll(async () => {
  await runtime.releaseAll();
  await tiny?.remove();
  if (userDir) await rm(userDir, { recursive: true, force: true });
});

describe('the clip.similarity job on the tiny CLIP', () => {
  it('scores file, bytes and scene images against the prompts, with the hand-computed numbers', async () => {
    const file = join(userDir, 'green.png');
    await writeFile(file, await png([0, 200, 0]));
    const scene = sceneImage(3, 8);
    // 8×8 scene, 2×2 centre crop at (3, 3): its top-right pixel is (x 4, y 3).
    const scenePixel = [...scene.data.subarray((3 * 8 + 4) * 3, (3 * 8 + 4) * 3 + 3)];
    const context = fakeContext<'clip.similarity'>(runtime, { modelDirs: dirs });
    const prompts = ['red', 'green', 'green blue'];
    const result = await clipSimilarity(
      {
        model: 'tiny-clip',
        images: [
          { kind: 'bytes', data: await png([255, 0, 0]) },
          { kind: 'file', path: file },
          { kind: 'scene', seed: 3, resolution: 8 },
        ],
        prompts,
      },
      context,
    );
    expect(result).toMatchObject({ model: 'tiny-clip', images: 3, texts: 3, logitScale: TINY_LOGIT_SCALE, prompts, truncated: [], provider: 'cpu' });
    const imageEmbeddings = [norm([1, 0, 0]), norm([0, 200 / 255, 0]), norm(scenePixel.map((v) => v / 255))];
    const cos = imageEmbeddings.map((image) => prompts.map((p) => dot(image, TEXT[p]!)));
    expect([...result.similarity]).toEqual(cos.flat().map((v) => expect.closeTo(v, 5)));
    expect([...result.logits]).toEqual(cos.flat().map((v) => expect.closeTo(TINY_LOGIT_SCALE * v, 4)));
    expect([...result.probs]).toEqual(cos.flatMap((row) => softmax(row.map((v) => TINY_LOGIT_SCALE * v))).map((v) => expect.closeTo(v, 5)));
    expect(Object.keys(result).sort()).toEqual(
      ['cache', 'images', 'logitScale', 'logits', 'model', 'probs', 'prompts', 'provider', 'similarity', 'texts', 'timing', 'truncated'].sort(),
    );
    for (const ms of Object.values(result.timing)) expect(ms).toBeGreaterThanOrEqual(0);
    expect(context.records.map((r) => r.messageKey)).toEqual([
      'job.clip.loading',
      'job.clip.encodingTexts',
      'job.clip.encodingImages',
      'job.clip.encodingImages',
    ]);
    expect(context.records.at(-1)).toMatchObject({ fraction: 1, params: { done: 3, total: 3 } });
  });

  it('averages each prompt over the templates (the prompt ensemble) and keeps the prompts text-major', async () => {
    const result = await clipSimilarity(
      { model: 'tiny-clip', images: [{ kind: 'bytes', data: await png([255, 0, 0]) }], prompts: ['red', 'blue'], templates: ['{}', '{} green'] },
      fakeContext<'clip.similarity'>(runtime, { modelDirs: dirs }),
    );
    expect(result.prompts).toEqual(['red', 'red green', 'blue', 'blue green']);
    expect(result.texts).toBe(2);
    const ensemble = (a: number[], b: number[]): number[] => norm(a.map((x, k) => (x + b[k]!) / 2));
    const red = ensemble(TEXT.red!, norm([1, 2, 0]));
    const blue = ensemble(TEXT.blue!, norm([0, 2, 3]));
    expect([...result.similarity]).toEqual([dot(norm([1, 0, 0]), red), dot(norm([1, 0, 0]), blue)].map((v) => expect.closeTo(v, 5)));
  });

  it('encodes a prompt once per worker: the second job hits the text cache', async () => {
    const args = { model: 'tiny-clip', images: [{ kind: 'scene' as const, seed: 1, resolution: 8 }], prompts: ['blue red', 'red blue', 'blue red'] };
    const first = await clipSimilarity(args, fakeContext<'clip.similarity'>(runtime, { modelDirs: dirs }));
    expect(first.cache).toEqual({ hits: 0, misses: 2 });
    const second = await clipSimilarity(args, fakeContext<'clip.similarity'>(runtime, { modelDirs: dirs }));
    expect(second.cache).toEqual({ hits: 2, misses: 0 });
    expect([...second.similarity]).toEqual([...first.similarity]);
  });

  it('defaults to the built-in shapes-clip and says so when it is not there', async () => {
    const error = await clipSimilarity(
      { images: [{ kind: 'scene', seed: 1 }], prompts: ['a red circle'] },
      fakeContext<'clip.similarity'>(runtime, { modelDirs: { builtin: join(userDir, 'none'), user: userDir } }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabError);
    expect(error).toMatchObject({ code: 'notFound', messageKey: 'error.clip.modelNotFound', params: { id: 'shapes-clip' } });
  });

  it('stops at a checkpoint when cancelled', async () => {
    const context = fakeContext<'clip.similarity'>(runtime, { modelDirs: dirs, cancelAtCheckpoint: 1 });
    await expect(
      clipSimilarity({ model: 'tiny-clip', images: [{ kind: 'scene', seed: 1, resolution: 8 }], prompts: ['red'] }, context),
    ).rejects.toMatchObject({
      code: 'jobCancelled',
    });
  });

  it('refuses to run without the model folders (a job started around the engine)', async () => {
    await expect(
      clipSimilarity({ model: 'tiny-clip', images: [{ kind: 'scene', seed: 1 }], prompts: ['red'] }, fakeContext<'clip.similarity'>(runtime)),
    ).rejects.toMatchObject({ code: 'internal' });
  });

  it('passes the pipeline’s typed errors through: an unreadable image, a missing file', async () => {
    const context = (): ReturnType<typeof fakeContext<'clip.similarity'>> => fakeContext<'clip.similarity'>(runtime, { modelDirs: dirs });
    await expect(
      clipSimilarity({ model: 'tiny-clip', images: [{ kind: 'bytes', data: Uint8Array.of(1, 2, 3) }], prompts: ['red'] }, context()),
    ).rejects.toMatchObject({ messageKey: expect.stringMatching(/^error\.clip\.image(Format|Unreadable)$/) });
    await expect(
      clipSimilarity({ model: 'tiny-clip', images: [{ kind: 'file', path: join(userDir, 'missing.png') }], prompts: ['red'] }, context()),
    ).rejects.toMatchObject({ code: 'fileAccess' });
  });
});

describe('the clip.zeroShot job', () => {
  it('picks the best label per image and reports the labels', async () => {
    const result = await clipZeroShot(
      {
        model: 'my-clip',
        images: [
          { kind: 'bytes', data: await png([0, 0, 255]) },
          { kind: 'bytes', data: await png([255, 0, 0]) },
        ],
        labels: ['red', 'green', 'blue'],
        templates: ['a {}', 'a {label} thing'],
      },
      fakeContext<'clip.zeroShot'>(runtime, { modelDirs: dirs }),
    );
    expect(result.model).toBe('my-clip');
    expect(result.labels).toEqual(['red', 'green', 'blue']);
    expect(result.best.map((b) => b.label)).toEqual(['blue', 'red']);
    expect(result.prompts).toEqual(['a red', 'a red thing', 'a green', 'a green thing', 'a blue', 'a blue thing']);
    for (let i = 0; i < 2; i++) expect(result.probs.subarray(3 * i, 3 * i + 3).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });
});

describe('resolveClipFolder', () => {
  it('finds built-ins first, then the user’s folder', async () => {
    await mkdir(join(userDir, 'tiny-clip'), { recursive: true });
    expect(await resolveClipFolder('tiny-clip', dirs)).toBe(tiny.folder);
    expect(await resolveClipFolder('my-clip', dirs)).toBe(join(userDir, 'my-clip'));
    await expect(resolveClipFolder('nope', dirs)).rejects.toMatchObject({ code: 'notFound', params: { id: 'nope' } });
  });

  it('never leaves the two folders, whatever a direct caller passes', async () => {
    for (const id of ['..', '../etc', 'a/b', '/abs', 'A', '']) {
      await expect(resolveClipFolder(id, dirs)).rejects.toMatchObject({ code: 'validation', messageKey: 'error.clip.modelNotFound' });
    }
  });
});
