/**
 * Zero-shot accuracy of a CLIP on the shapes world, measured through the app's own CLIP pipeline
 * (tokenizer, preprocessing, onnxruntime) — the numbers in the built-in model's card and tests.
 * Scenes are regenerated from the dataset's split seeds, so "test" here is exactly the test split.
 */
import type { ClipImageInput, ClipModel } from '../../electron/engine/clip/index.js';
import { similarityMatrix } from '../../electron/engine/clip/index.js';
import { createRng } from '../../electron/engine/random/rng.js';
import { zeroShotPrompts } from '../../electron/engine/shapes/captions.js';
import { renderScene } from '../../electron/engine/shapes/render.js';
import { sampleScene, sceneSeed, type ShapeScene } from '../../electron/engine/shapes/scene.js';
import { WORLD, indexOf, type Locale } from '../../electron/engine/shapes/world.js';
import { SPLITS } from './make-dataset.js';

export type Attribute = 'shape' | 'colour';

export interface AccuracyTable {
  split: string;
  images: number;
  resolution: number;
  /** accuracy[attribute][locale] in [0, 1]. */
  accuracy: Record<Attribute, Record<Locale, number>>;
}

export function splitScenes(split: string, count: number): ShapeScene[] {
  const spec = SPLITS.find((s) => s.name === split);
  if (!spec) throw new RangeError(`unknown split ${split}`);
  return Array.from({ length: Math.min(count, spec.count) }, (_, i) => sampleScene(createRng(sceneSeed(spec.seed, i)), { combos: spec.combos }));
}

/** Index of the best-scoring text for each image. */
export async function classify(clip: ClipModel, images: readonly ClipImageInput[], prompts: readonly string[]): Promise<number[]> {
  const imageEmbeds = await clip.encodeImages(images);
  const textEmbeds = await clip.encodeTexts([...prompts]);
  const { cosine, texts } = similarityMatrix(imageEmbeds, textEmbeds, clip.logitScale);
  return Array.from({ length: imageEmbeds.count }, (_, i) => {
    let best = 0;
    for (let j = 1; j < texts; j++) if (cosine[i * texts + j]! > cosine[i * texts + best]!) best = j;
    return best;
  });
}

export async function labelledAccuracy(
  clip: ClipModel,
  images: readonly ClipImageInput[],
  truth: Record<Attribute, readonly number[]>,
): Promise<Record<Attribute, Record<Locale, number>>> {
  const prompts = zeroShotPrompts();
  const accuracy = { shape: {}, colour: {} } as Record<Attribute, Record<Locale, number>>;
  for (const attribute of ['shape', 'colour'] as const) {
    for (const locale of ['en', 'zh-CN'] as const) {
      const predicted = await classify(clip, images, prompts[attribute][locale]);
      accuracy[attribute][locale] = predicted.filter((p, i) => p === truth[attribute][i]).length / predicted.length;
    }
  }
  return accuracy;
}

export async function zeroShotAccuracy(clip: ClipModel, split: string, count: number, resolution: number): Promise<AccuracyTable> {
  const scenes = splitScenes(split, count);
  const images = scenes.map((scene) => ({ data: renderScene(scene, resolution), width: resolution, height: resolution }));
  const truth = {
    shape: scenes.map((s) => indexOf(WORLD.shapes, s.shape)),
    colour: scenes.map((s) => indexOf(WORLD.colours, s.colour)),
  };
  return { split, images: scenes.length, resolution, accuracy: await labelledAccuracy(clip, images, truth) };
}
