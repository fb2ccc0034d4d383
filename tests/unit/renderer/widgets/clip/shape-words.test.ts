/**
 * The renderer repeats a few words of the shapes world (it may not import engine
 * files); these tests keep the copies equal to world.json and the engine's captions.
 */
import { describe, expect, it } from 'vitest';
import { shortCaption } from '../../../../../electron/engine/shapes/preview.js';
import { WORLD } from '../../../../../electron/engine/shapes/world.js';
import { colourWord, COLOURS, HELDOUT, SHAPE_IDS, SHAPES, shapeCaption, shapeWord } from '../../../../../renderer/src/widgets/clip/shape-words.js';

describe('the shapes world words in the renderer', () => {
  it('list the same shapes, colours and held-out pairs as world.json, in its order', () => {
    expect([...SHAPES]).toEqual(WORLD.shapes.map((s) => s.id));
    expect(SHAPE_IDS).toEqual(WORLD.shapes.map((s) => s.id));
    expect([...COLOURS]).toEqual(WORLD.colours.map((c) => c.id));
    expect(HELDOUT.map(([s, c]) => `${s}/${c}`)).toEqual(WORLD.heldout.map(([s, c]) => `${s}/${c}`));
  });

  it('use the canonical word of each entry in both languages', () => {
    for (const shape of WORLD.shapes) {
      expect(shapeWord(shape.id, 'en')).toBe(shape.en[0]);
      expect(shapeWord(shape.id, 'zh-CN')).toBe(shape['zh-CN'][0]);
    }
    for (const colour of WORLD.colours) {
      expect(colourWord(colour.id, 'en')).toBe(colour.en[0]);
      expect(colourWord(colour.id, 'zh-CN')).toBe(colour['zh-CN'][0]);
    }
  });

  it('caption one object exactly as the engine does', () => {
    for (const shape of WORLD.shapes) {
      for (const colour of WORLD.colours) {
        for (const locale of ['en', 'zh-CN'] as const) {
          expect(shapeCaption(shape.id, colour.id, locale)).toBe(shortCaption({ shape: shape.id, colour: colour.id, count: 1 }, locale));
        }
      }
    }
    expect(shapeCaption('square', 'orange', 'en')).toBe('an orange square');
  });
});
