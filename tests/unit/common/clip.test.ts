/**
 * The clip.* job payloads at the API boundary: `dispatch` (the one validation
 * point every host goes through) accepts well-formed calls and answers every
 * malformed one with a typed validation error before any handler runs.
 */
import { describe, expect, it } from 'vitest';
import { MAX_CLIP_IMAGE_BYTES, MAX_CLIP_IMAGES, MAX_CLIP_PROMPT_CHARS, MAX_CLIP_PROMPTS } from '../../../electron/common/clip.js';
import { isLabErrorData } from '../../../electron/common/errors.js';
import { dispatch, type HandlerTable } from '../../../electron/engine/handlers.js';

function table(): { table: HandlerTable; started: unknown[] } {
  const started: unknown[] = [];
  const handlers = {
    'jobs.start': async (args: unknown) => {
      started.push(args);
      return { jobId: 'job-1' };
    },
  } as unknown as HandlerTable;
  return { table: handlers, started };
}

const scene = { kind: 'scene', seed: 1 } as const;
const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47);

describe('clip.similarity and clip.zeroShot at the boundary', () => {
  it.each([
    ['the defaults (built-in model, one scene, one prompt)', 'clip.similarity', { images: [scene], prompts: ['a red circle'] }],
    [
      'every image kind, a model id, a variant and templates',
      'clip.similarity',
      {
        model: 'clip-vit-base-patch32',
        variant: 'quantized',
        images: [
          { kind: 'file', path: '/tmp/cat.jpg' },
          { kind: 'bytes', data: png },
          { kind: 'scene', seed: 2 ** 31 - 1, resolution: 64 },
        ],
        prompts: ['a photo of a cat', '一个红色的圆形'],
        templates: ['a photo of a {}.', 'a {label}'],
      },
    ],
    ['zero-shot labels', 'clip.zeroShot', { images: [scene], labels: ['cat', 'dog'], templates: ['a photo of a {}.'] }],
    [
      'the limits exactly',
      'clip.similarity',
      { images: Array(MAX_CLIP_IMAGES).fill(scene), prompts: Array(MAX_CLIP_PROMPTS).fill('x'.repeat(MAX_CLIP_PROMPT_CHARS)) },
    ],
  ])('accepts %s', async (_label, kind, args) => {
    const { table: t, started } = table();
    expect(await dispatch(t, 'jobs.start', { kind, args })).toEqual({ ok: true, value: { jobId: 'job-1' } });
    expect(started).toHaveLength(1);
  });

  const tooBig = new Uint8Array(MAX_CLIP_IMAGE_BYTES + 1);
  it.each([
    ['no images', 'clip.similarity', { images: [], prompts: ['a'] }, 'images'],
    ['65 images', 'clip.similarity', { images: Array(MAX_CLIP_IMAGES + 1).fill(scene), prompts: ['a'] }, 'images'],
    ['no prompts', 'clip.similarity', { images: [scene], prompts: [] }, 'prompts'],
    ['1001 prompts', 'clip.similarity', { images: [scene], prompts: Array(MAX_CLIP_PROMPTS + 1).fill('a') }, 'prompts'],
    ['a 1001-character prompt', 'clip.similarity', { images: [scene], prompts: ['x'.repeat(MAX_CLIP_PROMPT_CHARS + 1)] }, 'prompts.0'],
    ['a prompt that is not text', 'clip.similarity', { images: [scene], prompts: [42] }, 'prompts.0'],
    ['prompts as one string', 'clip.similarity', { images: [scene], prompts: 'a cat' }, 'prompts'],
    ['image bytes over 50 MB', 'clip.similarity', { images: [{ kind: 'bytes', data: tooBig }], prompts: ['a'] }, 'images.0.data'],
    ['empty image bytes', 'clip.similarity', { images: [{ kind: 'bytes', data: new Uint8Array(0) }], prompts: ['a'] }, 'images.0.data'],
    ['bytes as a number list', 'clip.similarity', { images: [{ kind: 'bytes', data: [1, 2, 3] }], prompts: ['a'] }, 'images.0.data'],
    ['an unknown image kind', 'clip.similarity', { images: [{ kind: 'url', url: 'http://x' }], prompts: ['a'] }, 'images.0.kind'],
    ['an image with an extra field', 'clip.similarity', { images: [{ ...scene, combos: 'heldout' }], prompts: ['a'] }, 'images.0'],
    ['a negative scene seed', 'clip.similarity', { images: [{ kind: 'scene', seed: -1 }], prompts: ['a'] }, 'images.0.seed'],
    ['a fractional scene seed', 'clip.similarity', { images: [{ kind: 'scene', seed: 1.5 }], prompts: ['a'] }, 'images.0.seed'],
    ['a huge scene', 'clip.similarity', { images: [{ kind: 'scene', seed: 1, resolution: 4096 }], prompts: ['a'] }, 'images.0.resolution'],
    ['an empty file path', 'clip.similarity', { images: [{ kind: 'file', path: '' }], prompts: ['a'] }, 'images.0.path'],
    ['a model id that is a path', 'clip.similarity', { model: '../secrets', images: [scene], prompts: ['a'] }, 'model'],
    ['a model id with a slash', 'clip.similarity', { model: 'a/b', images: [scene], prompts: ['a'] }, 'model'],
    ['an unknown variant', 'clip.similarity', { variant: 'int4', images: [scene], prompts: ['a'] }, 'variant'],
    ['a template without {}', 'clip.similarity', { images: [scene], prompts: ['a'], templates: ['a photo'] }, 'templates.0'],
    ['prompts × templates over 1000', 'clip.similarity', { images: [scene], prompts: Array(501).fill('a'), templates: ['{}', 'a {}'] }, 'templates'],
    ['an unknown field', 'clip.similarity', { images: [scene], prompts: ['a'], extra: true }, ''],
    ['zero-shot without labels', 'clip.zeroShot', { images: [scene], prompts: ['a'] }, ''],
    ['no args at all', 'clip.zeroShot', undefined, ''],
  ])('refuses %s with a validation error', async (_label, kind, args, path) => {
    const { table: t, started } = table();
    const outcome = await dispatch(t, 'jobs.start', { kind, args });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(isLabErrorData(outcome.error)).toBe(true);
    expect(outcome.error).toMatchObject({ code: 'validation', messageKey: 'error.validation', params: { method: 'jobs.start' } });
    expect(outcome.error.detail).toContain(path === '' ? '' : `args.${path}`);
    expect(started).toEqual([]);
  });
});
