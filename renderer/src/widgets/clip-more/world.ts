/**
 * The shapes world's words (electron/engine/shapes/world.json) for prompts
 * the limits widget builds: "a purple star", "两个红色的圆形". The same
 * pattern as the engine's short captions (shapes/preview.ts), which the
 * built-in model was trained on.
 */
import type { Locale } from '../../../../electron/common/api';

export const SHAPES = ['circle', 'square', 'triangle', 'star', 'cross'] as const;
export const COLOURS = ['red', 'orange', 'yellow', 'green', 'blue', 'purple'] as const;

const WORDS: Record<Locale, Record<string, string>> = {
  en: {},
  'zh-CN': {
    circle: '圆形',
    square: '正方形',
    triangle: '三角形',
    star: '五角星',
    cross: '十字形',
    red: '红色',
    orange: '橙色',
    yellow: '黄色',
    green: '绿色',
    blue: '蓝色',
    purple: '紫色',
  },
};

const PLURAL: Record<string, string> = { cross: 'crosses' };
const COUNT_WORDS: Record<Locale, string[]> = { en: ['a', 'two', 'three'], 'zh-CN': ['一个', '两个', '三个'] };

/** @example caption('circle', 'orange', 1, 'en') // → 'an orange circle'; caption('star', 'red', 2, 'zh-CN') // → '两个红色的五角星' */
export function caption(shape: string, colour: string, count: number, locale: Locale): string {
  const n = COUNT_WORDS[locale][count - 1] ?? String(count);
  if (locale === 'zh-CN') return `${n}${WORDS['zh-CN'][colour] ?? colour}的${WORDS['zh-CN'][shape] ?? shape}`;
  const noun = count > 1 ? (PLURAL[shape] ?? `${shape}s`) : shape;
  const article = n === 'a' && /^[aeiou]/.test(colour) ? 'an' : n;
  return `${article} ${colour} ${noun}`;
}

export function colourWord(colour: string, locale: Locale): string {
  return locale === 'zh-CN' ? (WORDS['zh-CN'][colour] ?? colour) : colour;
}
