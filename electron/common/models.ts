/**
 * The model store on the wire: what `models.list`, `models.info`,
 * `models.remove` and `models.import` take and return, and the
 * `models.install` job's arguments, progress payload and result. The engine's
 * store (electron/engine/models/store.ts) produces these shapes; the renderer
 * imports only the types.
 *
 * Pausing an install is cancelling its job: the store keeps the `.part`
 * files, and the next `models.install` of the same id resumes them with an
 * HTTP Range request. Discarding a paused download is
 * `models.remove { id, partialOnly: true }`.
 */
import { z } from 'zod';

export const MODEL_KIND_NAMES = ['clip', 'diffusion', 'detector'] as const;
export type ModelKindName = (typeof MODEL_KIND_NAMES)[number];

export const MODEL_SOURCES = ['builtin', 'catalog', 'import'] as const;
export type ModelSourceName = (typeof MODEL_SOURCES)[number];

export const INSTALL_VARIANTS = ['fp32', 'quantized', 'all'] as const;

/** Model ids are folder names: no separators, so never a path (the same rule as the catalog's). */
export const modelIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, dots, dashes and underscores');

/** An absolute folder on the machine running the engine (a USB stick, a shared drive). */
const folderPathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((path) => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\'), 'an absolute folder path');

export const modelsMethodArgs = {
  'models.list': z.object({}).strict(),
  'models.info': z.object({ id: modelIdSchema }).strict(),
  /** `partialOnly` discards a paused download and leaves an installed copy alone. */
  'models.remove': z.object({ id: modelIdSchema, partialOnly: z.boolean().optional() }).strict(),
  'models.import': z
    .object({
      path: folderPathSchema,
      id: modelIdSchema.optional(),
      kind: z.enum(MODEL_KIND_NAMES).optional(),
      replace: z.boolean().optional(),
      /** For kind 'diffusion': the config the dialog filled, written as config.json when the folder lacks one (checked in the engine). */
      diffusionConfig: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
  /** Checks a diffusion model folder (config vs graph) without importing it: every mismatch, for the import dialog. */
  'models.checkDiffusion': z.object({ path: folderPathSchema, diffusionConfig: z.record(z.string(), z.unknown()).optional() }).strict(),
};

export const modelsInstallArgsSchema = z
  .object({
    id: modelIdSchema,
    /** Full-precision ONNX files, the quantised ones, or both; default 'fp32'. */
    variant: z.enum(INSTALL_VARIANTS).optional(),
  })
  .strict();
export type ModelsInstallArgs = z.infer<typeof modelsInstallArgsSchema>;

export interface ModelTensorWire {
  name: string;
  type: string | null;
  shape: (number | string | null)[] | null;
}

export interface ModelListEntry {
  id: string;
  kind: ModelKindName;
  source: ModelSourceName;
  installed: boolean;
  /** Built-ins cannot be removed or replaced. */
  readOnly: boolean;
  name: { en: string; 'zh-CN': string } | null;
  description: { en: string; 'zh-CN': string } | null;
  licence: string | null;
  sourceUrl: string | null;
  /** The folder when installed or built in. */
  path: string | null;
  /** Bytes on disk when installed, the catalog's total when known, else null. */
  size: number | null;
  /** Some sizes/hashes were computed on this computer's first download. */
  pinned: boolean;
  /** A paused or interrupted download can resume. */
  partial: boolean;
  /** The running `models.install` job of this model, if any (a reloaded page re-attaches to it). */
  installJobId: string | null;
}

export interface ModelsListResult {
  models: ModelListEntry[];
  /** The user's model folder, where downloads and imports go. */
  modelDir: string;
}

export interface ModelFileWire {
  path: string;
  size: number | null;
  sha256: string | null;
  url: string | null;
  inputs?: ModelTensorWire[];
  outputs?: ModelTensorWire[];
}

export interface ModelInfoResult extends ModelListEntry {
  files: ModelFileWire[];
}

/** Progress of `models.install`, every ~100 ms and at each file boundary. */
export interface ModelsInstallPayload {
  modelId: string;
  file: string;
  fileIndex: number;
  fileCount: number;
  /** Bytes of the whole model on disk so far (resumed bytes included). */
  bytes: number;
  /** Bytes of the whole model; null until every size is known. */
  total: number | null;
  bytesPerSecond: number;
  /** Seconds left at the current speed; null when unknown. */
  etaSeconds: number | null;
  /** Bytes that were already on disk from a paused download when this run started. */
  resumedBytes: number;
}

export interface ModelsInstallResult {
  model: ModelListEntry;
  alreadyInstalled: boolean;
  pinnedFiles: string[];
  noticeKey: string | null;
}
