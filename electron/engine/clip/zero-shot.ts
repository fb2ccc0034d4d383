/**
 * Zero-shot classification (Radford et al. 2021, §3.1): each label becomes one
 * or more prompts ("a photo of a {}."), the label's text embedding is the mean
 * of its prompts' normalised embeddings, renormalised (the prompt ensemble of
 * §3.1.4), and p(label | image) = softmax over labels of logit_scale · cos.
 */
import { LabError } from '../../common/errors.js';
import type { ClipImageInput } from './preprocess.js';
import { ensembleMeans, similarityMatrix, type EmbeddingMatrix } from './similarity.js';
import { checkPrompts } from './tokenize.js';

/** What zero-shot needs from a loaded model (ClipModel satisfies it). */
export interface ZeroShotEncoders {
  readonly logitScale: number;
  encodeTexts(texts: unknown): Promise<EmbeddingMatrix & { truncated: number[] }>;
  encodeImages(images: readonly ClipImageInput[]): Promise<EmbeddingMatrix>;
}

export interface ZeroShotOptions {
  /** Prompt templates with a `{}` (or `{label}`) placeholder; default `['{}']`, the label alone. */
  templates?: readonly string[];
}

export interface ZeroShotPrediction {
  index: number;
  label: string;
  prob: number;
}

export interface ZeroShotResult {
  labels: string[];
  images: number;
  /** p(label_j | image_i) at [i · labels + j]; rows sum to 1. */
  probs: Float32Array;
  /** cos(image_i, ensembled label_j). */
  cosine: Float32Array;
  logits: Float32Array;
  logitScale: number;
  /** The most probable label of each image. */
  best: ZeroShotPrediction[];
  /** Every prompt that was encoded, label-major: prompts[j · templates + t]. */
  prompts: string[];
  /** Indices into `prompts` of those cut to the context length. */
  truncated: number[];
}

const PLACEHOLDER = /\{(?:label)?\}/g;

/**
 * @example buildPrompts(['cat', 'dog'], ['a photo of a {}.', 'a drawing of a {}.']).prompts
 * // → ['a photo of a cat.', 'a drawing of a cat.', 'a photo of a dog.', 'a drawing of a dog.']
 */
export function buildPrompts(labels: unknown, templates: unknown = ['{}']): { labels: string[]; prompts: string[]; groups: number[][] } {
  const checkedLabels = checkPrompts(labels);
  const checkedTemplates = checkPrompts(templates);
  const bad = checkedTemplates.findIndex((t) => !t.match(PLACEHOLDER));
  if (bad >= 0) throw new LabError('validation', { messageKey: 'error.clip.templatePlaceholder', params: { template: checkedTemplates[bad]! } });
  const prompts: string[] = [];
  const groups = checkedLabels.map((label) => checkedTemplates.map((template) => prompts.push(template.replace(PLACEHOLDER, () => label)) - 1));
  return { labels: checkedLabels, prompts, groups };
}

/** The scoring step alone, for callers that already hold embeddings. */
export function zeroShotFromEmbeddings(
  images: EmbeddingMatrix,
  promptEmbeddings: EmbeddingMatrix,
  groups: readonly (readonly number[])[],
  labels: readonly string[],
  logitScale: number,
): Omit<ZeroShotResult, 'prompts' | 'truncated'> {
  const labelEmbeddings = ensembleMeans(promptEmbeddings, groups);
  const { cosine, logits, probs } = similarityMatrix(images, labelEmbeddings, logitScale);
  const L = labels.length;
  const best: ZeroShotPrediction[] = [];
  for (let i = 0; i < images.count; i++) {
    let index = 0;
    for (let j = 1; j < L; j++) if (probs[i * L + j]! > probs[i * L + index]!) index = j;
    best.push({ index, label: labels[index]!, prob: probs[i * L + index]! });
  }
  return { labels: [...labels], images: images.count, probs, cosine, logits, logitScale, best };
}

/**
 * @example await zeroShot(clip, ['cat.jpg'], ['cat', 'dog'], { templates: ['a photo of a {}.'] }).best[0] // → { index: 0, label: 'cat', prob: 0.99 }
 */
export async function zeroShot(
  model: ZeroShotEncoders,
  images: readonly ClipImageInput[],
  labels: unknown,
  options: ZeroShotOptions = {},
): Promise<ZeroShotResult> {
  const built = buildPrompts(labels, options.templates ?? ['{}']);
  const texts = await model.encodeTexts(built.prompts);
  const imageEmbeddings = await model.encodeImages(images);
  const scored = zeroShotFromEmbeddings(imageEmbeddings, texts, built.groups, built.labels, model.logitScale);
  return { ...scored, prompts: built.prompts, truncated: texts.truncated };
}
