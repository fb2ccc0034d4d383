/**
 * Reads and validates a CLIP model folder in the Hugging Face ONNX layout
 * (as published by Xenova/transformers.js, and as the built-in shapes-clip is
 * exported):
 *
 *   config.json, preprocessor_config.json, tokenizer.json, [tokenizer_config.json],
 *   onnx/text_model[_quantized].onnx, onnx/vision_model[_quantized].onnx
 *
 * Every problem becomes a LabError naming the file, so a broken download or a
 * half-copied USB stick says what is wrong instead of failing inside onnxruntime.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { LabError } from '../../common/errors.js';

/** `*_quantized.onnx` exists for many published models; the caller picks. */
export const CLIP_VARIANTS = ['fp32', 'quantized'] as const;
export type ClipVariant = (typeof CLIP_VARIANTS)[number];

const positiveInt = z.number().int().positive();
const finite = z.number().finite();

export const clipConfigSchema = z
  .object({
    /** The trained, already exp()'d temperature (the built-in model writes this). */
    logit_scale: finite.positive().optional(),
    /** log of the temperature at initialisation (Hugging Face configs; 2.6592 = ln 14.29 for OpenAI CLIP). */
    logit_scale_init_value: finite.optional(),
    projection_dim: positiveInt.optional(),
    text_config: z.object({ max_position_embeddings: positiveInt }),
  })
  .refine((c) => c.logit_scale !== undefined || c.logit_scale_init_value !== undefined, {
    message: 'needs logit_scale or logit_scale_init_value',
  });
export type ClipConfig = z.infer<typeof clipConfigSchema>;

/** `size`/`crop_size` as a number (older configs), `{shortest_edge}` or `{height, width}`. */
const sizeSchema = z.union([
  positiveInt.transform((n) => ({ shortest_edge: n })),
  z.object({ shortest_edge: positiveInt }),
  z.object({ height: positiveInt, width: positiveInt }),
]);
const cropSchema = z.union([positiveInt.transform((n) => ({ height: n, width: n })), z.object({ height: positiveInt, width: positiveInt })]);
const triple = z.tuple([finite, finite, finite]);

export const preprocessorConfigSchema = z.object({
  do_resize: z.boolean().default(true),
  size: sizeSchema.default({ shortest_edge: 224 }),
  /** PIL resampling codes: 0 nearest, 1 lanczos, 2 bilinear, 3 bicubic, 4 box, 5 hamming. */
  resample: z.number().int().min(0).max(5).default(3),
  do_center_crop: z.boolean().default(true),
  crop_size: cropSchema.default({ height: 224, width: 224 }),
  do_rescale: z.boolean().default(true),
  rescale_factor: finite.positive().default(1 / 255),
  do_normalize: z.boolean().default(true),
  image_mean: triple.default([0.48145466, 0.4578275, 0.40821073]),
  image_std: z.tuple([finite.positive(), finite.positive(), finite.positive()]).default([0.26862954, 0.26130258, 0.27577711]),
  do_convert_rgb: z.boolean().default(true),
});
export type PreprocessorConfig = z.infer<typeof preprocessorConfigSchema>;

/** The tokenizer_config.json fields the pipeline reads; special tokens are strings or AddedToken objects. */
const specialToken = z.union([z.string(), z.object({ content: z.string() })]).nullable();
export const tokenizerConfigSchema = z.looseObject({
  pad_token: specialToken.optional(),
  eos_token: specialToken.optional(),
  bos_token: specialToken.optional(),
  unk_token: specialToken.optional(),
  model_max_length: z.number().optional(),
});
export type TokenizerConfig = z.infer<typeof tokenizerConfigSchema>;

/** tokenizer.json is handed to @huggingface/tokenizers as is; only its outline is checked here. */
const tokenizerJsonSchema = z.looseObject({ model: z.looseObject({ type: z.string().optional() }) });

export interface ClipModelFiles {
  /** Cache key for sessions and text embeddings: folder name, plus the variant when not fp32. */
  id: string;
  folder: string;
  variant: ClipVariant;
  config: ClipConfig;
  preprocessor: PreprocessorConfig;
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: TokenizerConfig | null;
  textModelPath: string;
  visionModelPath: string;
  /** `text_config.max_position_embeddings` (77 for OpenAI CLIP, 24 for shapes-clip). */
  contextLength: number;
  /** The multiplier of cosine similarities: logit_scale if present, else exp(logit_scale_init_value). */
  logitScale: number;
}

function modelInvalid(messageKey: string, file: string, detail: string): LabError {
  return new LabError('modelInvalid', { messageKey, params: { file }, detail });
}

async function readJson(folder: string, file: string, optional = false): Promise<unknown> {
  const path = join(folder, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw modelInvalid('error.clip.fileMissing', file, `${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw modelInvalid('error.clip.fileInvalid', file, `${path}: ${(error as Error).message}`);
  }
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, file: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw modelInvalid('error.clip.fileInvalid', file, z.prettifyError(result.error));
  return result.data;
}

/** logit_scale if present (already exp()'d), else exp(logit_scale_init_value) — CLIP's learned temperature τ⁻¹. */
export function logitScaleOf(config: ClipConfig): number {
  return config.logit_scale ?? Math.exp(config.logit_scale_init_value ?? 0);
}

export function onnxFileName(kind: 'text' | 'vision', variant: ClipVariant): string {
  return `onnx/${kind}_model${variant === 'quantized' ? '_quantized' : ''}.onnx`;
}

/** Validates the parsed JSON files of a folder (exported for tests and for imports that already hold the files). */
export function parseClipFiles(files: {
  config: unknown;
  preprocessor: unknown;
  tokenizerJson: unknown;
  tokenizerConfig?: unknown;
}): Pick<ClipModelFiles, 'config' | 'preprocessor' | 'tokenizerJson' | 'tokenizerConfig' | 'contextLength' | 'logitScale'> {
  const config = parseWith(clipConfigSchema, files.config, 'config.json');
  const preprocessor = parseWith(preprocessorConfigSchema, files.preprocessor, 'preprocessor_config.json');
  const tokenizerJson = parseWith(tokenizerJsonSchema, files.tokenizerJson, 'tokenizer.json');
  const tokenizerConfig =
    files.tokenizerConfig === undefined ? null : parseWith(tokenizerConfigSchema, files.tokenizerConfig, 'tokenizer_config.json');
  return {
    config,
    preprocessor,
    tokenizerJson,
    tokenizerConfig,
    contextLength: config.text_config.max_position_embeddings,
    logitScale: logitScaleOf(config),
  };
}

/**
 * @example await readClipModelFiles('models/builtin/shapes-clip') // → { id: 'shapes-clip', contextLength: 24, logitScale: 30, … }
 */
export async function readClipModelFiles(folder: string, options: { variant?: ClipVariant; id?: string } = {}): Promise<ClipModelFiles> {
  const root = resolve(folder);
  const variant = options.variant ?? 'fp32';
  const [config, preprocessor, tokenizerJson, tokenizerConfig] = await Promise.all([
    readJson(root, 'config.json'),
    readJson(root, 'preprocessor_config.json'),
    readJson(root, 'tokenizer.json'),
    readJson(root, 'tokenizer_config.json', true),
  ]);
  const parsed = parseClipFiles({ config, preprocessor, tokenizerJson, tokenizerConfig });
  const textFile = onnxFileName('text', variant);
  const visionFile = onnxFileName('vision', variant);
  for (const file of [textFile, visionFile]) {
    if (!existsSync(join(root, file))) throw modelInvalid('error.clip.fileMissing', file, `${join(root, file)} does not exist`);
  }
  const id = options.id ?? `${basename(root)}${variant === 'fp32' ? '' : `:${variant}`}`;
  return { id, folder: root, variant, ...parsed, textModelPath: join(root, textFile), visionModelPath: join(root, visionFile) };
}
