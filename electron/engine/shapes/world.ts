/**
 * The shapes world's vocabulary, loaded from world.json: the shapes, colours, sizes, positions,
 * counts and backgrounds a scene can have, each with its English and Chinese words, and the
 * (shape, colour) combinations held out of training to test compositional generalisation.
 */
import worldJson from './world.json' with { type: 'json' };

export type Locale = 'en' | 'zh-CN';
export type Rgb = readonly [number, number, number];

/** A vocabulary entry: an id plus its words per locale (the first word is the canonical one). */
export interface Entry {
  readonly id: string;
  /** English: [singular, plural] for shapes, one phrase otherwise. */
  readonly en: readonly string[];
  /** Simplified Chinese: interchangeable words (圆形 / 圆). */
  readonly 'zh-CN': readonly string[];
}

export interface World {
  readonly shapes: readonly Entry[];
  readonly colours: readonly (Entry & { readonly rgb: Rgb })[];
  /** Per-channel uniform jitter of an object's colour, ± this many levels. */
  readonly colourJitter: number;
  /** radius: [min, max] as a fraction of the image side. */
  readonly sizes: readonly (Entry & { readonly radius: readonly [number, number] })[];
  /** direction: unit step from the image centre towards the region (y grows downwards). */
  readonly positions: readonly (Entry & { readonly direction: readonly [number, number] })[];
  readonly counts: readonly { readonly n: number; readonly weight: number; readonly en: readonly string[]; readonly 'zh-CN': readonly string[] }[];
  readonly backgrounds: readonly (Entry & { readonly rgb: Rgb })[];
  /** [shape id, colour id] pairs that 'seen' sampling never draws. */
  readonly heldout: readonly (readonly [string, string])[];
}

export const WORLD = worldJson as unknown as World;

/** @example indexOf(WORLD.shapes, 'star') // → 3 */
export function indexOf(list: readonly { readonly id: string }[], id: string): number {
  const index = list.findIndex((entry) => entry.id === id);
  if (index < 0) throw new Error(`"${id}" is not in the shapes world (known: ${list.map((e) => e.id).join(', ')}).`);
  return index;
}

/** @example isHeldout('star', 'purple') // → true */
export function isHeldout(shape: string, colour: string): boolean {
  return WORLD.heldout.some(([s, c]) => s === shape && c === colour);
}
