import { describe, expect, it } from 'vitest';

import { createRng } from '../../../../electron/engine/random/rng';
import { captionsFor, pickCaption, zeroShotPrompts } from '../../../../electron/engine/shapes/captions';
import { WORLD } from '../../../../electron/engine/shapes/world';

const one = { shape: 'circle', colour: 'red', size: 'small', position: 'left', count: 1 };

describe('captionsFor', () => {
  it('gives full and partial English paraphrases', () => {
    const en = captionsFor(one, 'en');
    for (const c of [
      'a small red circle on the left',
      'a red circle',
      'a picture of a red circle',
      'a circle',
      'a small circle',
      'a photo of a circle',
      'a red shape',
      'something red',
      'a red object',
    ])
      expect(en).toContain(c);
    expect(captionsFor({ ...one, position: 'centre' }, 'en')).toContain('there is a red circle in the centre');
    expect(captionsFor({ ...one, colour: 'orange' }, 'en')).toContain('an orange circle');
  });

  it('gives full and partial Chinese paraphrases', () => {
    const zh = captionsFor(one, 'zh-CN');
    for (const c of ['一个红色的圆', '左边有一个小的红色圆形', '一个红色圆形', '图中有一个红色的圆', '一个圆形', '一个红色的形状', '红色的东西'])
      expect(zh).toContain(c);
    expect(captionsFor({ shape: 'square', colour: 'blue', size: 'small', position: 'none', count: 2 }, 'zh-CN')).toContain('两个蓝色正方形');
  });

  it('gets plurals and count words right for several objects and never names a position', () => {
    const facts = { shape: 'cross', colour: 'blue', size: 'small', position: 'none', count: 3 };
    const en = captionsFor(facts, 'en');
    expect(en).toContain('three small blue crosses');
    expect(en).toContain('there are three small blue crosses');
    expect(en).toContain('three blue shapes');
    for (const c of en) expect(c.replace(/^a (picture|photo) of /, '')).not.toMatch(/\b(a|an|is|cross|shape|object)\b|left|right|top|bottom|centre/);
    for (const c of captionsFor(facts, 'zh-CN')) expect(c).not.toMatch(/一个|左边|右边|上|下|中间/);
  });

  it('picks deterministically from the paraphrases', () => {
    const a = Array.from({ length: 20 }, (_, i) => pickCaption(one, 'en', createRng(i)));
    const b = Array.from({ length: 20 }, (_, i) => pickCaption(one, 'en', createRng(i)));
    expect(a).toEqual(b);
    for (const c of a) expect(captionsFor(one, 'en')).toContain(c);
  });
});

describe('zeroShotPrompts', () => {
  it('has one prompt per class, each a caption of a single object of that class', () => {
    const prompts = zeroShotPrompts();
    for (const locale of ['en', 'zh-CN'] as const) {
      expect(prompts.shape[locale]).toHaveLength(WORLD.shapes.length);
      expect(prompts.colour[locale]).toHaveLength(WORLD.colours.length);
      WORLD.shapes.forEach((s, i) => expect(captionsFor({ ...one, shape: s.id }, locale)).toContain(prompts.shape[locale][i]));
      WORLD.colours.forEach((c, i) => expect(captionsFor({ ...one, colour: c.id }, locale)).toContain(prompts.colour[locale][i]));
    }
    expect(prompts.shape.en[0]).toBe('a photo of a circle');
    expect(prompts.colour['zh-CN'][0]).toBe('一个红色的形状');
  });
});
