/**
 * The shapes world's words in both languages (electron/engine/shapes/world.json),
 * for default prompts. The renderer may not import engine files, so the few words
 * it needs are repeated here; tests/unit/renderer/widgets/clip/shape-words.test.ts
 * checks them against world.json and the engine's own captions.
 */
import type { Locale } from '../../../../electron/common/api';

const SHAPE_WORDS: Record<string, { en: [string, string]; 'zh-CN': string }> = {
  circle: { en: ['circle', 'circles'], 'zh-CN': '圆形' },
  square: { en: ['square', 'squares'], 'zh-CN': '正方形' },
  triangle: { en: ['triangle', 'triangles'], 'zh-CN': '三角形' },
  star: { en: ['star', 'stars'], 'zh-CN': '五角星' },
  cross: { en: ['cross', 'crosses'], 'zh-CN': '十字形' },
};

const COLOUR_WORDS: Record<string, Record<Locale, string>> = {
  red: { en: 'red', 'zh-CN': '红色' },
  orange: { en: 'orange', 'zh-CN': '橙色' },
  yellow: { en: 'yellow', 'zh-CN': '黄色' },
  green: { en: 'green', 'zh-CN': '绿色' },
  blue: { en: 'blue', 'zh-CN': '蓝色' },
  purple: { en: 'purple', 'zh-CN': '紫色' },
};

/** @example shapeWord('circle', 'zh-CN') // → '圆形' */
export function shapeWord(shape: string, locale: Locale): string {
  const words = SHAPE_WORDS[shape];
  if (!words) return shape;
  return locale === 'en' ? words.en[0] : words['zh-CN'];
}

/** @example colourWord('red', 'zh-CN') // → '红色' */
export function colourWord(colour: string, locale: Locale): string {
  return COLOUR_WORDS[colour]?.[locale] ?? colour;
}

/**
 * The caption the built-in model was trained on for one object.
 * @example shapeCaption('circle', 'red', 'en') // → 'a red circle'
 * @example shapeCaption('square', 'orange', 'en') // → 'an orange square'
 * @example shapeCaption('circle', 'red', 'zh-CN') // → '一个红色的圆形'
 */
export function shapeCaption(shape: string, colour: string, locale: Locale): string {
  if (locale === 'zh-CN') return `一个${colourWord(colour, locale)}的${shapeWord(shape, locale)}`;
  const c = colourWord(colour, locale);
  return `${/^[aeiou]/.test(c) ? 'an' : 'a'} ${c} ${shapeWord(shape, locale)}`;
}

/** Shape ids in world.json order. */
export const SHAPE_IDS = Object.keys(SHAPE_WORDS);

/** Shape and colour ids in world.json order, for the scene picker. */
export const SHAPES = ['circle', 'square', 'triangle', 'star', 'cross'] as const;
export const COLOURS = ['red', 'orange', 'yellow', 'green', 'blue', 'purple'] as const;
/** (shape, colour) pairs the built-in model never saw in training (world.json `heldout`). */
export const HELDOUT: readonly (readonly [string, string])[] = [
  ['star', 'purple'],
  ['triangle', 'yellow'],
  ['square', 'green'],
  ['circle', 'orange'],
  ['cross', 'blue'],
];
export const isHeldout = (shape: string, colour: string): boolean => HELDOUT.some(([s, c]) => s === shape && c === colour);
