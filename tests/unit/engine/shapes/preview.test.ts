import { describe, expect, it } from 'vitest';
import { shapesSceneArgsSchema } from '../../../../electron/common/clip.js';
import { sceneImage } from '../../../../electron/engine/clip/image-specs.js';
import { shapesScene, shortCaption } from '../../../../electron/engine/shapes/preview.js';

describe('shortCaption', () => {
  it.each([
    [{ shape: 'circle', colour: 'red', count: 1 }, 'en', 'a red circle'],
    [{ shape: 'square', colour: 'orange', count: 1 }, 'en', 'an orange square'],
    [{ shape: 'cross', colour: 'blue', count: 3 }, 'en', 'three blue crosses'],
    [{ shape: 'circle', colour: 'red', count: 1 }, 'zh-CN', '一个红色的圆形'],
    [{ shape: 'star', colour: 'green', count: 2 }, 'zh-CN', '两个绿色的五角星'],
  ] as const)('%o in %s → %s', (facts, locale, caption) => {
    expect(shortCaption(facts, locale)).toBe(caption);
  });
});

describe('shapesScene', () => {
  it('finds the first matching seed and renders exactly the scene a clip job scores for that seed', () => {
    const preview = shapesScene({ seed: 0, match: { shape: 'circle', colour: 'red', count: 1 } });
    expect(preview).toMatchObject({ shape: 'circle', colour: 'red', count: 1, width: 64, height: 64 });
    expect(preview.caption).toEqual({ en: 'a red circle', 'zh-CN': '一个红色的圆形' });
    expect(preview.seed).toBeGreaterThanOrEqual(0);
    expect(Buffer.from(preview.rgb).equals(Buffer.from(sceneImage(preview.seed, 64).data))).toBe(true);
    // Searching again from the found seed stops there; from one past it, later.
    expect(shapesScene({ seed: preview.seed, match: { shape: 'circle', colour: 'red', count: 1 } }).seed).toBe(preview.seed);
    expect(shapesScene({ seed: preview.seed + 1, match: { shape: 'circle', colour: 'red', count: 1 } }).seed).toBeGreaterThan(preview.seed);
  });

  it('without a match returns the seed itself, at the asked resolution', () => {
    const preview = shapesScene({ seed: 42, resolution: 16 });
    expect(preview.seed).toBe(42);
    expect(preview.rgb).toHaveLength(16 * 16 * 3);
  });

  it('refuses unknown words and held-out pairs with typed errors', () => {
    expect(() => shapesScene({ seed: 0, match: { shape: 'hexagon' } })).toThrow(expect.objectContaining({ messageKey: 'error.shapes.unknownShape' }));
    expect(() => shapesScene({ seed: 0, match: { colour: 'pink' } })).toThrow(expect.objectContaining({ messageKey: 'error.shapes.unknownColour' }));
    expect(() => shapesScene({ seed: 0, match: { shape: 'star', colour: 'purple' } })).toThrow(
      expect.objectContaining({ code: 'validation', messageKey: 'error.shapes.heldout' }),
    );
  });

  it('has a strict wire schema', () => {
    expect(shapesSceneArgsSchema.safeParse({ seed: 1, resolution: 4 }).success).toBe(false);
    expect(shapesSceneArgsSchema.safeParse({ seed: 1, match: { size: 'small' } }).success).toBe(false);
    expect(shapesSceneArgsSchema.safeParse({ seed: 1, match: { count: 2 } }).success).toBe(true);
  });
});
