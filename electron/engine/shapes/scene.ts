/**
 * A scene of the shapes world: one to three objects of one shape and colour on a plain
 * background, with the geometry the renderer draws. Sampling is a pure function of the rng.
 */
import type { Rng } from '../random/rng';
import { WORLD, indexOf, isHeldout, type Rgb } from './world';

/** Centre (x, y) in [0, 1] (y grows downwards) and radius as a fraction of the image side. */
export interface ShapeObject {
  readonly x: number;
  readonly y: number;
  readonly radius: number;
}

export interface ShapeScene {
  readonly shape: string;
  readonly colour: string;
  readonly size: string;
  /** A region of world.json for a single object; 'none' when count > 1. */
  readonly position: string;
  readonly count: number;
  readonly background: string;
  /** The object colour after jitter, integers in [0, 255]. */
  readonly rgb: Rgb;
  readonly backgroundRgb: Rgb;
  readonly objects: readonly ShapeObject[];
}

/** 'seen': never a held-out (shape, colour) combination; 'heldout': only those. */
export type ComboSet = 'seen' | 'heldout';

export interface SampleOptions {
  readonly combos: ComboSet;
}

/** Gap between objects of a multi-object scene and from the image border, as a fraction of the side. */
const GAP = 0.04;
/** No shape reaches farther than 1.3 radii from its centre (a triangle's corner: 1.28). */
const REACH = 1.3;
const MARGIN = 0.02;

function pick<T>(rng: Rng, list: readonly T[]): T {
  const item = list[Math.floor(rng.uniform() * list.length)];
  if (item === undefined) throw new Error('pick() from an empty list');
  return item;
}

function between(rng: Rng, [lo, hi]: readonly [number, number]): number {
  return lo + (hi - lo) * rng.uniform();
}

/**
 * The seed of scene `index` of a split, so any scene can be regenerated alone.
 * A murmur3-style finaliser over both words; pure 32-bit integer arithmetic.
 * @example sceneSeed(1, 0) === sceneSeed(1, 0) && sceneSeed(1, 0) !== sceneSeed(1, 1) // → true
 */
export function sceneSeed(splitSeed: number, index: number): number {
  let h = Math.imul(splitSeed >>> 0, 0x9e3779b1) ^ (index >>> 0);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function sampleCombo(rng: Rng, combos: ComboSet): [string, string] {
  if (combos === 'heldout') {
    const [shape, colour] = pick(rng, WORLD.heldout);
    return [shape, colour];
  }
  for (;;) {
    const shape = pick(rng, WORLD.shapes).id;
    const colour = pick(rng, WORLD.colours).id;
    if (!isHeldout(shape, colour)) return [shape, colour];
  }
}

function sampleCount(rng: Rng): number {
  let u = rng.uniform() * WORLD.counts.reduce((sum, c) => sum + c.weight, 0);
  for (const c of WORLD.counts) {
    u -= c.weight;
    if (u < 0) return c.n;
  }
  return WORLD.counts[WORLD.counts.length - 1]!.n;
}

/** One object in a named region: pushed from the centre towards it as far as the border allows, jittered. */
function placeSingle(rng: Rng, radius: number, direction: readonly [number, number]): ShapeObject {
  const reach = 0.5 - radius - MARGIN;
  const push = reach * (0.75 + 0.25 * rng.uniform());
  const jitter = (): number => (rng.uniform() * 2 - 1) * Math.min(0.05, reach);
  const [dx, dy] = direction;
  return {
    x: 0.5 + (dx === 0 ? jitter() : dx * push),
    y: 0.5 + (dy === 0 ? jitter() : dy * push),
    radius,
  };
}

/** count small objects anywhere, rejection-sampled so that no two overlap. */
function placeMany(rng: Rng, count: number, radiusRange: readonly [number, number]): ShapeObject[] {
  for (;;) {
    const objects: ShapeObject[] = [];
    for (let attempt = 0; attempt < 200 && objects.length < count; attempt++) {
      const radius = between(rng, radiusRange);
      const lo = radius + MARGIN;
      const x = lo + (1 - 2 * lo) * rng.uniform();
      const y = lo + (1 - 2 * lo) * rng.uniform();
      const clear = objects.every((o) => (o.x - x) ** 2 + (o.y - y) ** 2 >= (REACH * (o.radius + radius) + GAP) ** 2);
      if (clear) objects.push({ x, y, radius });
    }
    if (objects.length === count) return objects;
  }
}

/**
 * Draws one scene. Everything, including colour jitter and layout, comes from `rng`.
 * @example sampleScene(createRng(sceneSeed(1, 0)), { combos: 'seen' }).shape // → one of world.json's shapes
 */
export function sampleScene(rng: Rng, options: SampleOptions): ShapeScene {
  const [shape, colour] = sampleCombo(rng, options.combos);
  const count = sampleCount(rng);
  const size = count === 1 ? pick(rng, WORLD.sizes) : WORLD.sizes[indexOf(WORLD.sizes, 'small')]!;
  const position = count === 1 ? pick(rng, WORLD.positions) : undefined;
  const background = pick(rng, WORLD.backgrounds);
  const base = WORLD.colours.find((c) => c.id === colour)!.rgb;
  const j = WORLD.colourJitter;
  const rgb = base.map((v) => Math.min(255, Math.max(0, v + Math.floor(rng.uniform() * (2 * j + 1)) - j))) as unknown as Rgb;
  const objects = position ? [placeSingle(rng, between(rng, size.radius), position.direction)] : placeMany(rng, count, size.radius);
  return {
    shape,
    colour,
    size: size.id,
    position: position?.id ?? 'none',
    count,
    background: background.id,
    rgb,
    backgroundRgb: background.rgb,
    objects,
  };
}
