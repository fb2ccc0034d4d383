/**
 * A loaded CLIP: model files + tokenizer + the two towers' sessions + the
 * text-embedding cache, behind four calls (encodeTexts, encodeImages,
 * similarity, zeroShot). Long lists are cut into batches so memory stays
 * bounded on a classroom laptop.
 */
import { LabError } from '../../common/errors.js';
import type { OpenedSession, Runtime } from '../runtime/ort.js';
import { checkTower, encodePixelBatch, encodeTokenBatch, fixedSequenceLength } from './encoders.js';
import { readClipModelFiles, type ClipModelFiles, type ClipVariant } from './model-files.js';
import { preprocessImage, type ClipImageInput, type PixelValues } from './preprocess.js';
import { similarityMatrix, type EmbeddingMatrix, type SimilarityResult } from './similarity.js';
import { TextEmbeddingCache, type CacheStats } from './text-cache.js';
import { checkPrompts, createClipTokenizer, type ClipTokenizer } from './tokenize.js';
import { zeroShot, type ZeroShotOptions, type ZeroShotResult } from './zero-shot.js';

export interface LoadClipOptions {
  /** 'fp32' (default) or 'quantized' (`onnx/*_quantized.onnx`). */
  variant?: ClipVariant;
  /** Overrides the id used as session and text-cache key (default: folder name, plus `:quantized`). */
  id?: string;
  /** Prompts per text-model run (default 64). */
  textBatchSize?: number;
  /** Images per vision-model run (default 8). */
  imageBatchSize?: number;
  /** Share one cache between models (keys include the model id); default: a fresh cache per model. */
  cache?: TextEmbeddingCache;
  /** Decompression-bomb guard for encoded images (default 40 Mpx). */
  maxInputPixels?: number;
}

export interface TextEmbeddings extends EmbeddingMatrix {
  /** Indices of the prompts cut to the context length. */
  truncated: number[];
  /** Cache lookups of this call (one per distinct prompt). */
  cache: { hits: number; misses: number };
}

export interface ClipModel {
  readonly id: string;
  readonly files: ClipModelFiles;
  readonly tokenizer: ClipTokenizer;
  readonly logitScale: number;
  /** Normalised text embeddings [texts, D], cached per (model id, text). */
  encodeTexts(texts: unknown): Promise<TextEmbeddings>;
  /** Normalised image embeddings [images, D]. */
  encodeImages(images: readonly ClipImageInput[]): Promise<EmbeddingMatrix>;
  /** images × texts cosine, logits and per-image softmax over the texts. */
  similarity(images: readonly ClipImageInput[], texts: unknown): Promise<SimilarityResult & { truncated: number[] }>;
  zeroShot(images: readonly ClipImageInput[], labels: unknown, options?: ZeroShotOptions): Promise<ZeroShotResult>;
  cacheStats(): CacheStats;
}

function batchSize(value: number | undefined, fallback: number): number {
  const size = value ?? fallback;
  if (!Number.isInteger(size) || size < 1) throw new LabError('validation', { detail: `batch size must be a positive integer, got ${size}` });
  return size;
}

function checkImages(images: unknown): ClipImageInput[] {
  if (!Array.isArray(images) || images.length === 0) throw new LabError('validation', { messageKey: 'error.clip.noImages' });
  images.forEach((image: unknown, index) => {
    const ok =
      typeof image === 'string' ||
      image instanceof Uint8Array ||
      (typeof image === 'object' && image !== null && (image as { data?: unknown }).data instanceof Uint8Array);
    if (!ok) throw new LabError('validation', { messageKey: 'error.clip.imageInput', params: { index } });
  });
  return images as ClipImageInput[];
}

/**
 * Opens a CLIP folder (Hugging Face ONNX layout) on the runtime's provider.
 *
 * @example const clip = await loadClip('models/builtin/shapes-clip', runtime);
 *          (await clip.zeroShot([{ data, width: 64, height: 64 }], ['a red circle', 'a blue square'])).best[0].label // → 'a red circle'
 */
export async function loadClip(folder: string, runtime: Runtime, options: LoadClipOptions = {}): Promise<ClipModel> {
  const files = await readClipModelFiles(folder, { variant: options.variant, id: options.id });
  const tokenizer = createClipTokenizer(files.tokenizerJson, files.tokenizerConfig, files.contextLength);
  const textBatch = batchSize(options.textBatchSize, 64);
  const imageBatch = batchSize(options.imageBatchSize, 8);
  const cache = options.cache ?? new TextEmbeddingCache();
  const open = async (path: string, tower: 'text' | 'vision'): Promise<OpenedSession> => {
    let opened: OpenedSession;
    try {
      opened = await runtime.open({ key: path, model: path });
    } catch (error) {
      throw new LabError('modelInvalid', {
        messageKey: 'error.clip.modelLayout',
        params: { file: `onnx/${tower}_model.onnx` },
        detail: (error as Error).message,
      });
    }
    checkTower(opened, tower);
    return opened;
  };
  const [text, vision] = await Promise.all([open(files.textModelPath, 'text'), open(files.visionModelPath, 'vision')]);
  const fixedSeq = fixedSequenceLength(text);
  const { id, logitScale } = files;

  async function encodeTexts(input: unknown): Promise<TextEmbeddings> {
    const texts = checkPrompts(input);
    const before = cache.stats();
    const found = new Map<string, { embedding: Float32Array; truncated: boolean }>();
    const missing: string[] = [];
    for (const t of new Set(texts)) {
      const hit = cache.get(id, t);
      if (hit) found.set(t, hit);
      else missing.push(t);
    }
    for (let start = 0; start < missing.length; start += textBatch) {
      const chunk = missing.slice(start, start + textBatch);
      const tokens = tokenizer.encode(chunk, fixedSeq ?? 'longest');
      const embedded = await encodeTokenBatch(runtime, text, tokens);
      const truncatedRows = new Set(tokens.truncated);
      chunk.forEach((t, r) => {
        const entry = { embedding: embedded.data.slice(r * embedded.dim, (r + 1) * embedded.dim), truncated: truncatedRows.has(r) };
        cache.set(id, t, entry);
        found.set(t, entry);
      });
    }
    const dim = found.values().next().value!.embedding.length;
    const data = new Float32Array(texts.length * dim);
    const truncated: number[] = [];
    texts.forEach((t, i) => {
      const entry = found.get(t)!;
      data.set(entry.embedding, i * dim);
      if (entry.truncated) truncated.push(i);
    });
    const after = cache.stats();
    return { data, count: texts.length, dim, truncated, cache: { hits: after.hits - before.hits, misses: after.misses - before.misses } };
  }

  async function encodeImages(input: readonly ClipImageInput[]): Promise<EmbeddingMatrix> {
    const images = checkImages(input);
    const parts: EmbeddingMatrix[] = [];
    for (let start = 0; start < images.length; start += imageBatch) {
      const pixels: PixelValues[] = [];
      for (const image of images.slice(start, start + imageBatch)) {
        pixels.push(await preprocessImage(image, files.preprocessor, { maxInputPixels: options.maxInputPixels }));
      }
      parts.push(await encodePixelBatch(runtime, vision, pixels));
    }
    const dim = parts[0]!.dim;
    const data = new Float32Array(images.length * dim);
    let offset = 0;
    for (const part of parts) {
      data.set(part.data, offset);
      offset += part.data.length;
    }
    return { data, count: images.length, dim };
  }

  const model: ClipModel = {
    id,
    files,
    tokenizer,
    logitScale,
    encodeTexts,
    encodeImages,
    async similarity(images, texts) {
      const textEmbeddings = await encodeTexts(texts);
      const imageEmbeddings = await encodeImages(images);
      return { ...similarityMatrix(imageEmbeddings, textEmbeddings, logitScale), truncated: textEmbeddings.truncated };
    },
    zeroShot: (images, labels, zeroShotOptions) => zeroShot(model, images, labels, zeroShotOptions),
    cacheStats: () => cache.stats(),
  };
  return model;
}
