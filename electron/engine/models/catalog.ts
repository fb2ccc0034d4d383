/**
 * The model catalog (models/catalog.json): every downloadable model with its
 * files, each file's URL, byte size, sha256, licence and source page. The JSON
 * is data, never code; this module is its one schema.
 *
 * A size or hash may be `null` where nobody has confirmed it yet: the store
 * then computes both on the first download and pins them in the model's folder
 * (`.pinned.json`), telling the user it did so.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { LabError } from '../../common/errors.js';

export const MODEL_KINDS = ['clip', 'diffusion', 'detector'] as const;
export const modelKindSchema = z.enum(MODEL_KINDS);
export type ModelKind = z.infer<typeof modelKindSchema>;

/** `*_quantized.onnx` files are an alternative to the full-precision ones; files without a variant are always needed. */
export const FILE_VARIANTS = ['fp32', 'quantized'] as const;
export type FileVariant = (typeof FILE_VARIANTS)[number];
export type VariantChoice = FileVariant | 'all';

const modelIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, dots, dashes and underscores');

/** A relative path inside the model folder: forward slashes, no `..`, no leading slash, no hidden files. */
export const relativeFilePathSchema = z
  .string()
  .min(1)
  .max(300)
  .regex(/^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/, 'a relative path such as onnx/text_model.onnx');

export const catalogFileSchema = z.object({
  path: relativeFilePathSchema,
  url: z.url({ protocol: /^https?$/ }),
  /** Bytes; null until confirmed (then pinned on first download). */
  size: z.number().int().nonnegative().nullable(),
  /** Lower-case hex; null until confirmed (then pinned on first download). */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits')
    .nullable(),
  variant: z.enum(FILE_VARIANTS).optional(),
});
export type CatalogFile = z.infer<typeof catalogFileSchema>;

const localizedSchema = z.object({ en: z.string().min(1), 'zh-CN': z.string().min(1) });

export const catalogModelSchema = z.object({
  id: modelIdSchema,
  kind: modelKindSchema,
  name: localizedSchema,
  description: localizedSchema,
  licence: z.string().min(1),
  /** The page a person reads about the weights (model card). */
  sourceUrl: z.url({ protocol: /^https$/ }),
  /** Where the weights were trained, when the files are a conversion (e.g. OpenAI's CLIP behind Xenova's ONNX export). */
  upstreamUrl: z.url({ protocol: /^https$/ }).optional(),
  files: z.array(catalogFileSchema).min(1),
});
export type CatalogModel = z.infer<typeof catalogModelSchema>;

export const catalogSchema = z
  .object({
    version: z.literal(1),
    models: z.array(catalogModelSchema),
  })
  .superRefine((catalog, context) => {
    const ids = new Set<string>();
    catalog.models.forEach((model, m) => {
      if (ids.has(model.id)) context.addIssue({ code: 'custom', path: ['models', m, 'id'], message: `duplicate model id ${model.id}` });
      ids.add(model.id);
      const paths = new Set<string>();
      model.files.forEach((file, f) => {
        if (paths.has(file.path))
          context.addIssue({ code: 'custom', path: ['models', m, 'files', f, 'path'], message: `duplicate file ${file.path}` });
        paths.add(file.path);
      });
    });
  });
export type Catalog = z.infer<typeof catalogSchema>;

/**
 * Parses catalog JSON; a catalog that does not match the schema is a typed error naming the problem.
 *
 * @example parseCatalog({ version: 1, models: [] }) // → { version: 1, models: [] }
 */
export function parseCatalog(value: unknown, source = 'catalog.json'): Catalog {
  const result = catalogSchema.safeParse(value);
  if (!result.success) {
    throw new LabError('modelInvalid', {
      messageKey: 'error.models.catalogInvalid',
      params: { file: source },
      detail: z.prettifyError(result.error),
    });
  }
  return result.data;
}

/** Reads and validates a catalog file (models/catalog.json, or a school mirror's copy). */
export async function loadCatalog(path: string): Promise<Catalog> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new LabError('fileAccess', { params: { path }, detail: `cannot read ${path}: ${(error as Error).message}` });
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new LabError('modelInvalid', { messageKey: 'error.models.catalogInvalid', params: { file: path }, detail: (error as Error).message });
  }
  return parseCatalog(value, path);
}

/** The files one install needs: the shared ones plus those of the chosen variant (or every file for 'all'). */
export function filesFor(model: CatalogModel, variant: VariantChoice): CatalogFile[] {
  return model.files.filter((file) => file.variant === undefined || variant === 'all' || file.variant === variant);
}
