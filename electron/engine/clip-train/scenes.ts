/**
 * `shapes.scenes`: rendered shapes-world scenes with their facts and first
 * caption in both languages, so a lesson can show (and re-encode) exactly
 * what `clip.similarity`'s `{ kind: 'scene', seed }` images are.
 */
import { DEFAULT_SCENE_RESOLUTION } from '../../common/clip.js';
import type { ShapesScenesArgs, ShapesScenesResult } from '../../common/clip-more.js';
import { createRng } from '../random/rng.js';
import { captionsFor } from '../shapes/captions.js';
import { renderScene } from '../shapes/render.js';
import { sampleScene } from '../shapes/scene.js';

/** @example shapesScenes({ seeds: [7] }).scenes[0].caption.en // → e.g. 'a large blue star at the top' */
export function shapesScenes(args: ShapesScenesArgs): ShapesScenesResult {
  const resolution = args.resolution ?? DEFAULT_SCENE_RESOLUTION;
  return {
    scenes: args.seeds.map((seed) => {
      const scene = sampleScene(createRng(seed), { combos: args.combos ?? 'seen' });
      return {
        seed,
        rgb: renderScene(scene, resolution),
        width: resolution,
        height: resolution,
        shape: scene.shape,
        colour: scene.colour,
        size: scene.size,
        position: scene.position,
        count: scene.count,
        background: scene.background,
        caption: { en: captionsFor(scene, 'en')[0]!, 'zh-CN': captionsFor(scene, 'zh-CN')[0]! },
      };
    }),
  };
}
