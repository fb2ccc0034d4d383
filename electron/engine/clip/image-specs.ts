/**
 * The wire's image descriptions (common/clip.ts) → what the CLIP pipeline
 * reads: a file path, encoded bytes, or raw RGB pixels of a generated scene
 * of the shapes world (the world shapes-clip was trained on).
 */
import type { ClipImageSpec } from '../../common/clip.js';
import { DEFAULT_SCENE_RESOLUTION } from '../../common/clip.js';
import { createRng } from '../random/rng.js';
import { renderScene } from '../shapes/render.js';
import { sampleScene } from '../shapes/scene.js';
import type { ClipImageInput, RawRgbImage } from './preprocess.js';

/**
 * The scene `sampleScene(createRng(seed), { combos: 'seen' })` draws, rendered at `resolution` pixels a side.
 * @example sceneImage(7, 64).data.length // → 12288
 */
export function sceneImage(seed: number, resolution: number = DEFAULT_SCENE_RESOLUTION): RawRgbImage {
  const scene = sampleScene(createRng(seed), { combos: 'seen' });
  return { data: renderScene(scene, resolution), width: resolution, height: resolution };
}

export function toClipImageInput(spec: ClipImageSpec): ClipImageInput {
  switch (spec.kind) {
    case 'file':
      return spec.path;
    case 'bytes':
      return spec.data;
    case 'scene':
      return sceneImage(spec.seed, spec.resolution);
  }
}
