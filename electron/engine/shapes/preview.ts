/**
 * A scene of the shapes world for display beside a CLIP result (the `shapes.scene` method):
 * the pixels, the facts and a short caption in both languages. Searching forward from a seed
 * for a scene with given facts lets a lesson ask for "a red circle" and still score the very
 * scene it shows, since a clip job renders `{ kind: 'scene', seed }` the same way.
 */
import { DEFAULT_SCENE_RESOLUTION, MAX_SCENE_SEARCH, type ShapesSceneArgs, type ShapesScenePreview } from '../../common/clip.js';
import { LabError } from '../../common/errors.js';
import { createRng } from '../random/rng.js';
import { renderScene } from './render.js';
import { sampleScene, type ShapeScene } from './scene.js';
import { WORLD, isHeldout, type Locale } from './world.js';

function word(list: readonly { id: string; en: readonly string[]; 'zh-CN': readonly string[] }[], id: string, locale: Locale, index = 0): string {
  return list.find((entry) => entry.id === id)?.[locale][index] ?? id;
}

/**
 * The canonical short caption, the "{n} {colour} {shape}" pattern of captions.json.
 * @example shortCaption({ shape: 'circle', colour: 'red', count: 1 }, 'en') // → 'a red circle'
 * @example shortCaption({ shape: 'circle', colour: 'orange', count: 2 }, 'zh-CN') // → '两个橙色的圆形'
 */
export function shortCaption(facts: Pick<ShapeScene, 'shape' | 'colour' | 'count'>, locale: Locale): string {
  const count = WORLD.counts.find((c) => c.n === facts.count)?.[locale][0] ?? String(facts.count);
  const colour = word(WORLD.colours, facts.colour, locale);
  if (locale === 'zh-CN') return `${count}${colour}的${word(WORLD.shapes, facts.shape, locale)}`;
  const shape = word(WORLD.shapes, facts.shape, 'en', facts.count > 1 ? 1 : 0);
  // English article before a vowel, as the caption grammar does ("an orange square").
  const article = count === 'a' && /^[aeiou]/.test(colour) ? 'an' : count;
  return `${article} ${colour} ${shape}`;
}

function matches(scene: ShapeScene, match: ShapesSceneArgs['match']): boolean {
  if (!match) return true;
  return (
    (match.shape === undefined || scene.shape === match.shape) &&
    (match.colour === undefined || scene.colour === match.colour) &&
    (match.count === undefined || scene.count === match.count)
  );
}

function checkMatch(match: ShapesSceneArgs['match']): void {
  if (!match) return;
  if (match.shape !== undefined && !WORLD.shapes.some((s) => s.id === match.shape)) {
    throw new LabError('validation', {
      messageKey: 'error.shapes.unknownShape',
      params: { shape: match.shape, known: WORLD.shapes.map((s) => s.id).join(', ') },
    });
  }
  if (match.colour !== undefined && !WORLD.colours.some((c) => c.id === match.colour)) {
    throw new LabError('validation', {
      messageKey: 'error.shapes.unknownColour',
      params: { colour: match.colour, known: WORLD.colours.map((c) => c.id).join(', ') },
    });
  }
  // Held-out pairs are never drawn by 'seen' sampling (the jobs' scenes), so no search could end.
  if (match.shape !== undefined && match.colour !== undefined && isHeldout(match.shape, match.colour)) {
    throw new LabError('validation', { messageKey: 'error.shapes.heldout', params: { shape: match.shape, colour: match.colour } });
  }
}

/**
 * @example shapesScene({ seed: 0, match: { shape: 'circle', colour: 'red', count: 1 } }).caption.en // → 'a red circle'
 */
export function shapesScene(args: ShapesSceneArgs): ShapesScenePreview {
  checkMatch(args.match);
  const resolution = args.resolution ?? DEFAULT_SCENE_RESOLUTION;
  for (let seed = args.seed; seed < args.seed + MAX_SCENE_SEARCH && seed <= 2 ** 31 - 1; seed++) {
    // The same sampling as engine/clip/image-specs.ts sceneImage, so the seed scores this scene.
    const scene = sampleScene(createRng(seed), { combos: 'seen' });
    if (!matches(scene, args.match)) continue;
    return {
      seed,
      width: resolution,
      height: resolution,
      rgb: renderScene(scene, resolution),
      shape: scene.shape,
      colour: scene.colour,
      count: scene.count,
      size: scene.size,
      position: scene.position,
      background: scene.background,
      caption: { en: shortCaption(scene, 'en'), 'zh-CN': shortCaption(scene, 'zh-CN') },
    };
  }
  throw new LabError('notFound', { messageKey: 'error.shapes.noMatch', params: { seed: args.seed, tries: MAX_SCENE_SEARCH } });
}
