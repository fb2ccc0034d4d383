/**
 * The CLIP lab's data on the wire: which model, which images, which prompts
 * in; images × texts matrices out. Shared by the engine (electron/engine/clip,
 * the `clip.*` job kinds) and, as types, the renderer. Matrices travel as
 * row-major Float32Arrays ([i · texts + j]), never as JSON number lists.
 */
import { z } from 'zod';
import type { ProviderName } from './api.js';

/** At most this many images per call: a classroom laptop encodes 64 images in a few seconds with a small CLIP. */
export const MAX_CLIP_IMAGES = 64;
/** The same bound as the engine's tokenizer (electron/engine/clip/tokenize.ts MAX_PROMPTS). */
export const MAX_CLIP_PROMPTS = 1000;
export const MAX_CLIP_PROMPT_CHARS = 1000;
export const MAX_CLIP_TEMPLATES = 32;
/** Encoded image bytes, as for nms.detect. */
export const MAX_CLIP_IMAGE_BYTES = 50 * 1024 * 1024;
/** Side of a generated shapes scene, in pixels. */
export const MIN_SCENE_RESOLUTION = 8;
export const MAX_SCENE_RESOLUTION = 1024;
/** The shapes-clip model sees 64×64 scenes. */
export const DEFAULT_SCENE_RESOLUTION = 64;

/** The lab's own CLIP, trained on the shapes world and shipped in models/builtin/. */
export const BUILTIN_CLIP_ID = 'shapes-clip';

/** Model ids as the model store writes them (folder names): no separators, so never a path. */
export const clipModelIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, dots, dashes and underscores');

export const CLIP_MODEL_VARIANTS = ['fp32', 'quantized'] as const;
export type ClipModelVariant = (typeof CLIP_MODEL_VARIANTS)[number];

/**
 * One image: a file on the machine running the engine (the CLI and the owner's
 * window; never a classroom guest), encoded bytes (PNG/JPEG/WebP/…), or a
 * generated scene of the shapes world (engine/shapes, `combos: 'seen'`).
 */
export const clipImageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), path: z.string().min(1).max(4096) }).strict(),
  z
    .object({
      kind: z.literal('bytes'),
      data: z
        .instanceof(Uint8Array)
        .refine(
          (bytes) => bytes.length > 0 && bytes.length <= MAX_CLIP_IMAGE_BYTES,
          `image must be 1 byte to ${MAX_CLIP_IMAGE_BYTES / 1024 / 1024} MB`,
        ),
    })
    .strict(),
  z
    .object({
      kind: z.literal('scene'),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1),
      resolution: z.number().int().min(MIN_SCENE_RESOLUTION).max(MAX_SCENE_RESOLUTION).optional(),
    })
    .strict(),
]);
export type ClipImageSpec = z.infer<typeof clipImageSchema>;

const promptSchema = z.string().max(MAX_CLIP_PROMPT_CHARS);
const promptsSchema = z.array(promptSchema).min(1).max(MAX_CLIP_PROMPTS);
/** Templates hold a `{}` (or `{label}`) where the text goes, e.g. "a photo of a {}.". */
const templatesSchema = z
  .array(promptSchema.regex(/\{(?:label)?\}/, 'a template needs {} where the text goes'))
  .min(1)
  .max(MAX_CLIP_TEMPLATES);

const common = {
  /** Default 'shapes-clip'. */
  model: clipModelIdSchema.optional(),
  variant: z.enum(CLIP_MODEL_VARIANTS).optional(),
  images: z.array(clipImageSchema).min(1).max(MAX_CLIP_IMAGES),
};

export const clipSimilarityArgsSchema = z
  .object({
    ...common,
    prompts: promptsSchema,
    /** With templates, each prompt's embedding is the mean over its templates (the prompt ensemble, Radford et al. 2021 §3.1.4). */
    templates: templatesSchema.optional(),
    /** Also return the L2-normalised embeddings (the embedding-space lesson projects them to 2D). */
    returnEmbeddings: z.boolean().optional(),
  })
  .strict()
  .refine((args) => args.prompts.length * (args.templates?.length ?? 1) <= MAX_CLIP_PROMPTS, {
    message: `prompts × templates must be at most ${MAX_CLIP_PROMPTS}`,
    path: ['templates'],
  });

export const clipZeroShotArgsSchema = z
  .object({
    ...common,
    labels: promptsSchema,
    templates: templatesSchema.optional(),
  })
  .strict()
  .refine((args) => args.labels.length * (args.templates?.length ?? 1) <= MAX_CLIP_PROMPTS, {
    message: `labels × templates must be at most ${MAX_CLIP_PROMPTS}`,
    path: ['templates'],
  });

export type ClipSimilarityArgs = z.infer<typeof clipSimilarityArgsSchema>;
export type ClipZeroShotArgs = z.infer<typeof clipZeroShotArgsSchema>;

/** Wall time of each stage of one call, in milliseconds. */
export interface ClipTiming {
  /** Reading the model folder and opening (or reusing) both sessions. */
  loadMs: number;
  /** Tokenising and the text tower (cache hits cost nothing). */
  textMs: number;
  /** Rendering scenes, decoding, preprocessing and the vision tower. */
  imageMs: number;
  totalMs: number;
}

export interface ClipSimilarityResult {
  /** The model id the call resolved. */
  model: string;
  images: number;
  texts: number;
  /** cos(image_i, text_j) at [i · texts + j]. */
  similarity: Float32Array;
  /** logitScale · similarity. */
  logits: Float32Array;
  /** softmax over the texts of each image's logits; every row sums to 1. */
  probs: Float32Array;
  logitScale: number;
  /** Every prompt that was encoded (texts × templates, text-major); equal to the texts without templates. */
  prompts: string[];
  /** Indices into `prompts` cut to the model's context length. */
  truncated: number[];
  /** Text-embedding cache lookups of this call (the cache lives as long as the job worker). */
  cache: { hits: number; misses: number };
  timing: ClipTiming;
  provider: ProviderName;
  /** Only with `returnEmbeddings: true`. */
  embeddings?: ClipEmbeddings;
}

/** Unit-length embeddings, row-major [count, dim]; a text's row is its template ensemble when templates were given. */
export interface ClipEmbeddings {
  dim: number;
  /** [images, dim] */
  images: Float32Array;
  /** [texts, dim] */
  texts: Float32Array;
}

export interface ClipZeroShotResult extends ClipSimilarityResult {
  labels: string[];
  /** The most probable label of each image. */
  best: { index: number; label: string; prob: number }[];
}

/** How far `shapes.scene` looks past its seed for a scene that matches (one scene costs ~0.1 ms to sample). */
export const MAX_SCENE_SEARCH = 20_000;
/** Largest scene `shapes.scene` renders for display (the model itself sees DEFAULT_SCENE_RESOLUTION). */
export const MAX_PREVIEW_RESOLUTION = 512;

/**
 * A generated scene to show next to the model's answer: the first seed at or after `seed`
 * whose scene matches `match` (all given facts equal), rendered at `resolution`.
 */
export const shapesSceneArgsSchema = z
  .object({
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
    resolution: z.number().int().min(MIN_SCENE_RESOLUTION).max(MAX_PREVIEW_RESOLUTION).optional(),
    match: z
      .object({
        shape: z.string().min(1).max(40).optional(),
        colour: z.string().min(1).max(40).optional(),
        count: z.number().int().min(1).max(3).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type ShapesSceneArgs = z.infer<typeof shapesSceneArgsSchema>;

export interface ShapesScenePreview {
  /** The seed of the scene shown: pass it as `{ kind: 'scene', seed }` to a clip job to score this very scene. */
  seed: number;
  width: number;
  height: number;
  /** RGB, 3 bytes a pixel, row-major. */
  rgb: Uint8Array;
  shape: string;
  colour: string;
  count: number;
  size: string;
  position: string;
  background: string;
  /** The short caption ("a red circle", "一个红色的圆形"); with a count above one, "two red circles". */
  caption: { en: string; 'zh-CN': string };
}
