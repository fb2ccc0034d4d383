/**
 * Captions of a scene from the grammar in captions.json: every paraphrase per locale, full
 * ("a small red circle on the left") and partial, naming only the shape ("a circle") or only
 * the colour ("a red shape"), so zero-shot prompts are in-distribution for the models.
 */
import type { Rng } from '../random/rng';
import captionsJson from './captions.json' with { type: 'json' };
import type { ShapeScene } from './scene';
import { WORLD, type Entry, type Locale } from './world';

interface Grammar {
  /** English "a" → "an" before a vowel. */
  readonly article?: { readonly before: string; readonly from: string; readonly to: string };
  /** Slots whose word follows the count: [singular, plural]. */
  readonly agree: Readonly<Record<string, readonly [string, string]>>;
  readonly templates: Readonly<Record<'full' | 'shape' | 'colour', readonly string[]>>;
  readonly prompts: Readonly<Record<'shape' | 'colour', string>>;
}

const GRAMMAR = captionsJson as unknown as Readonly<Record<Locale, Grammar>>;
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];

/** What the captions depend on: no geometry, no colour jitter. */
export type CaptionFacts = Pick<ShapeScene, 'shape' | 'colour' | 'size' | 'position' | 'count'>;

function entry(list: readonly Entry[], id: string): Entry {
  const found = list.find((e) => e.id === id);
  if (!found) throw new Error(`"${id}" is not in the shapes world (known: ${list.map((e) => e.id).join(', ')}).`);
  return found;
}

/** The interchangeable words for each slot of a template, for these facts. A missing slot means the template does not apply. */
function slotWords(facts: CaptionFacts, locale: Locale): Map<string, readonly string[]> {
  const plural = facts.count > 1 ? 1 : 0;
  const count = WORLD.counts.find((c) => c.n === facts.count);
  if (!count) throw new Error(`The shapes world has no count ${facts.count}.`);
  const shape = entry(WORLD.shapes, facts.shape);
  const slots = new Map<string, readonly string[]>([
    ['n', count[locale]],
    // English shapes list [singular, plural]; Chinese lists synonyms and has no plural.
    ['shape', locale === 'en' ? [shape.en[plural]!] : shape[locale]],
    ['colour', entry(WORLD.colours, facts.colour)[locale]],
    ['size', entry(WORLD.sizes, facts.size)[locale]],
  ]);
  if (facts.position !== 'none') slots.set('where', entry(WORLD.positions, facts.position)[locale]);
  for (const [slot, forms] of Object.entries(GRAMMAR[locale].agree)) slots.set(slot, [forms[plural]]);
  return slots;
}

/** Every filling of one template, or [] when a slot is unavailable (a position for several objects). */
function expand(template: string, slots: Map<string, readonly string[]>, grammar: Grammar): string[] {
  let texts = [''];
  for (const part of template.split(/(\{[a-z]+\})/)) {
    const name = /^\{([a-z]+)\}$/.exec(part)?.[1];
    if (name === undefined) {
      texts = texts.map((t) => t + part);
      continue;
    }
    const words = slots.get(name);
    if (!words) return [];
    texts = texts.flatMap((t) => words.map((w) => t + w));
  }
  const article = grammar.article;
  if (!article) return texts;
  const pattern = new RegExp(`\\b${article.from} (?=[${article.before}])`, 'g');
  return texts.map((t) => t.replace(pattern, `${article.to} `));
}

/** Paraphrase groups per (locale, facts): the world is finite, so this stays small (a few hundred keys). */
const groupCache = new Map<string, readonly (readonly string[])[]>();

/** The paraphrases grouped by template, so picking can be uniform over templates first. */
function paraphraseGroups(facts: CaptionFacts, locale: Locale): readonly (readonly string[])[] {
  const key = [locale, facts.shape, facts.colour, facts.size, facts.position, facts.count].join('|');
  let groups = groupCache.get(key);
  if (!groups) {
    groups = buildGroups(facts, locale);
    groupCache.set(key, groups);
  }
  return groups;
}

function buildGroups(facts: CaptionFacts, locale: Locale): string[][] {
  const grammar = GRAMMAR[locale];
  const slots = slotWords(facts, locale);
  const groups: string[][] = [];
  for (const kind of ['full', 'shape', 'colour'] as const) {
    for (const template of grammar.templates[kind]) {
      const texts = expand(template, slots, grammar);
      if (texts.length > 0) groups.push(texts);
    }
  }
  return groups;
}

/**
 * Every paraphrase of a scene in one locale, without duplicates, in grammar order.
 * @example captionsFor({ shape: 'circle', colour: 'red', size: 'small', position: 'left', count: 1 }, 'en')[0]
 * // → 'a small red circle on the left'
 */
export function captionsFor(facts: CaptionFacts, locale: Locale): string[] {
  return [...new Set(paraphraseGroups(facts, locale).flat())];
}

/**
 * One paraphrase: a template uniformly, then each synonym uniformly (two uniforms from `rng`).
 * @example pickCaption(scene, 'zh-CN', createRng(1)) // → e.g. '左边有一个小的红色圆形'
 */
export function pickCaption(facts: CaptionFacts, locale: Locale, rng: Rng): string {
  const groups = paraphraseGroups(facts, locale);
  const group = groups[Math.floor(rng.uniform() * groups.length)]!;
  return group[Math.floor(rng.uniform() * group.length)]!;
}

export interface ZeroShotPrompts {
  /** One prompt per shape of world.json, in its order. */
  readonly shape: Readonly<Record<Locale, readonly string[]>>;
  /** One prompt per colour of world.json, in its order. */
  readonly colour: Readonly<Record<Locale, readonly string[]>>;
}

function fillPrompt(template: string, locale: Locale, slots: Map<string, readonly string[]>): string {
  const canonical = new Map([...slots].map(([k, v]) => [k, v.slice(0, 1)]));
  return expand(template, canonical, GRAMMAR[locale])[0]!;
}

/**
 * The prompts that classify a picture's shape or colour zero-shot; each is a caption the grammar
 * produces for a single object of that shape (or colour).
 * @example zeroShotPrompts().shape.en[0] // → 'a photo of a circle'
 * @example zeroShotPrompts().colour['zh-CN'][0] // → '一个红色的形状'
 */
export function zeroShotPrompts(): ZeroShotPrompts {
  const result = { shape: {}, colour: {} } as Record<'shape' | 'colour', Record<Locale, string[]>>;
  for (const locale of LOCALES) {
    const base = { shape: WORLD.shapes[0]!.id, colour: WORLD.colours[0]!.id, size: WORLD.sizes[0]!.id, position: 'none', count: 1 };
    result.shape[locale] = WORLD.shapes.map((s) => fillPrompt(GRAMMAR[locale].prompts.shape, locale, slotWords({ ...base, shape: s.id }, locale)));
    result.colour[locale] = WORLD.colours.map((c) =>
      fillPrompt(GRAMMAR[locale].prompts.colour, locale, slotWords({ ...base, colour: c.id }, locale)),
    );
  }
  return result;
}
