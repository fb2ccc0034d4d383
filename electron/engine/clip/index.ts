/**
 * CLIP in the engine: plain Node, never imports `electron`.
 *
 * One pipeline runs both real CLIP checkpoints in the Hugging Face ONNX layout
 * (Xenova/transformers.js exports of openai/clip-vit-base-patch32 and friends,
 * fp32 or `*_quantized`) and the lab's own built-in `models/builtin/shapes-clip`,
 * which is exported in exactly that layout.
 *
 *   model-files.ts  read + validate config.json, preprocessor_config.json, tokenizer(.json|_config.json) (zod)
 *   tokenize.ts     @huggingface/tokenizers → int64 input_ids/attention_mask, pad to longest, truncate keeping EOS; prompt limits
 *   preprocess.ts   sharp: EXIF orientation, alpha → white, pixel limit; resize → centre crop → rescale → normalise (CHW float32)
 *   encoders.ts     runs text_model/vision_model through runtime/ort.ts, L2-normalises text_embeds/image_embeds
 *   similarity.ts   cosine matrix, logit_scale, softmax per image; prompt-ensemble means
 *   text-cache.ts   text embeddings keyed by (model id, text), LRU, hit/miss counts
 *   zero-shot.ts    labels × templates → ensembled label embeddings → p(label | image)
 *   clip-model.ts   loadClip(folder, runtime) tying it together
 *
 * @example
 *   const clip = await loadClip('/models/clip-vit-base-patch32', runtime, { variant: 'quantized' });
 *   const { best } = await clip.zeroShot(['cat.jpg'], ['cat', 'dog'], { templates: ['a photo of a {}.'] });
 *   best[0] // → { index: 0, label: 'cat', prob: 0.99… }
 *
 * Errors are LabErrors with `error.clip.*` message keys (renderer/src/i18n/<locale>/clip.json).
 */
export { loadClip, type ClipModel, type LoadClipOptions, type TextEmbeddings } from './clip-model.js';
export { checkTower, encodePixelBatch, encodeTokenBatch, fixedSequenceLength } from './encoders.js';
export {
  CLIP_VARIANTS,
  logitScaleOf,
  parseClipFiles,
  readClipModelFiles,
  type ClipConfig,
  type ClipModelFiles,
  type ClipVariant,
  type PreprocessorConfig,
  type TokenizerConfig,
} from './model-files.js';
export { cropAndNormalize, preprocessImage, resizeTarget, type ClipImageInput, type PixelValues, type RawRgbImage } from './preprocess.js';
export { ensembleMeans, l2NormalizeRows, similarityMatrix, softmaxRows, type EmbeddingMatrix, type SimilarityResult } from './similarity.js';
export { TextEmbeddingCache, type CacheStats, type CachedText } from './text-cache.js';
export { checkPrompts, createClipTokenizer, MAX_PROMPTS, type ClipTokenizer, type TokenBatch } from './tokenize.js';
export { buildPrompts, zeroShot, zeroShotFromEmbeddings, type ZeroShotOptions, type ZeroShotResult } from './zero-shot.js';
