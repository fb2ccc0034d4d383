import type { ClipSimilarityArgs, ClipSimilarityResult, ClipZeroShotResult } from '../../../common/clip.js';
import { BUILTIN_CLIP_ID } from '../../../common/clip.js';
import type { JobKind } from '../../../common/api.js';
import { LabError } from '../../../common/errors.js';
import { loadClip } from '../../clip/clip-model.js';
import { toClipImageInput } from '../../clip/image-specs.js';
import { resolveClipFolder } from '../../clip/resolve-model.js';
import { ensembleMeans, type EmbeddingMatrix } from '../../clip/similarity.js';
import { TextEmbeddingCache } from '../../clip/text-cache.js';
import { buildPrompts, zeroShotFromEmbeddings } from '../../clip/zero-shot.js';
import type { JobContext, JobFunction } from '../context.js';

/** Images per vision-tower run; progress and a cancel get in between chunks. */
const IMAGE_CHUNK = 8;

/**
 * One text-embedding cache for the worker's lifetime, shared by every model
 * (keys include the model id): a lesson re-scoring the same prompts against
 * new images encodes each prompt once.
 */
const textCache = new TextEmbeddingCache();

type ClipJobArgs = Pick<ClipSimilarityArgs, 'model' | 'variant' | 'images' | 'templates' | 'returnEmbeddings'> & { texts: string[] };

/**
 * The shared body of `clip.similarity` and `clip.zeroShot`: resolve the model
 * by id, encode the texts (× templates, ensembled per text, Radford et al. 2021
 * §3.1.4) and the images, and score them (similarity.ts). Without templates a
 * text's ensemble is its own embedding, so both jobs are the same computation.
 */
export async function runClipJob<K extends Extract<JobKind, `clip.${string}`>>(
  args: ClipJobArgs,
  context: JobContext<K>,
): Promise<ClipZeroShotResult> {
  const start = performance.now();
  const modelId = args.model ?? BUILTIN_CLIP_ID;
  if (!context.modelDirs) throw new LabError('internal', { detail: 'the clip jobs need the model folders; start them through the engine' });
  context.progress(0, 'job.clip.loading', undefined, { model: modelId });
  const folder = await resolveClipFolder(modelId, context.modelDirs);
  const variant = args.variant ?? 'fp32';
  const clip = await loadClip(folder, context.runtime, {
    variant,
    id: variant === 'fp32' ? modelId : `${modelId}:${variant}`,
    cache: textCache,
  });
  const loaded = performance.now();
  await context.checkpoint();

  context.progress(0.1, 'job.clip.encodingTexts', undefined, { count: args.texts.length });
  const built = buildPrompts(args.texts, args.templates ?? ['{}']);
  const texts = await clip.encodeTexts(built.prompts);
  const textDone = performance.now();
  await context.checkpoint();

  const total = args.images.length;
  const parts: EmbeddingMatrix[] = [];
  for (let done = 0; done < total; done += IMAGE_CHUNK) {
    context.progress(0.2 + (0.8 * done) / total, 'job.clip.encodingImages', undefined, { done, total });
    const chunk = args.images.slice(done, done + IMAGE_CHUNK).map(toClipImageInput);
    parts.push(await clip.encodeImages(chunk));
    await context.checkpoint();
  }
  const dim = parts[0]!.dim;
  const images: EmbeddingMatrix = { data: new Float32Array(total * dim), count: total, dim };
  parts.forEach((part, p) => images.data.set(part.data, p * IMAGE_CHUNK * dim));
  const imageDone = performance.now();

  const scored = zeroShotFromEmbeddings(images, texts, built.groups, built.labels, clip.logitScale);
  context.progress(1, 'job.clip.encodingImages', undefined, { done: total, total });
  return {
    model: modelId,
    images: total,
    texts: built.labels.length,
    similarity: scored.cosine,
    logits: scored.logits,
    probs: scored.probs,
    logitScale: clip.logitScale,
    prompts: built.prompts,
    truncated: texts.truncated,
    cache: texts.cache,
    timing: { loadMs: loaded - start, textMs: textDone - loaded, imageMs: imageDone - textDone, totalMs: performance.now() - start },
    provider: context.runtime.report().chosen,
    labels: scored.labels,
    best: scored.best,
    // The ensemble again (cheap: labels × templates × dim adds), only when asked: most calls need just the matrices.
    ...(args.returnEmbeddings ? { embeddings: { dim, images: images.data, texts: ensembleMeans(texts, built.groups).data } } : {}),
  };
}

/**
 * images × texts on a CLIP model resolved by id ('shapes-clip' → models/builtin/shapes-clip).
 *
 * @example jobs.start { kind: 'clip.similarity', args: { images: [{ kind: 'scene', seed: 7 }], prompts: ['a red circle', '一个红色的圆形', 'a blue square'] } }
 * // → { model: 'shapes-clip', images: 1, texts: 3, similarity: Float32Array(3), probs: Float32Array(3) (a row summing to 1), logitScale, cache: { hits: 0, misses: 3 }, timing, provider: 'cpu', … }
 */
export const clipSimilarity: JobFunction<'clip.similarity'> = async ({ prompts, ...rest }, context): Promise<ClipSimilarityResult> => {
  const { labels: _labels, best: _best, ...result } = await runClipJob({ ...rest, texts: prompts }, context);
  return result;
};
