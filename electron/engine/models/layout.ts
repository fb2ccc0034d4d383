/**
 * What a model folder of each kind must hold, and the check that a folder does:
 * the files are there, the JSON files parse, and every ONNX file is a complete
 * model whose graph has the tensor names the lab's pipelines feed and read.
 * Run on every import (a USB stick can hold anything) and on inspect.
 *
 *   clip:      config.json, preprocessor_config.json, tokenizer.json,
 *              onnx/text_model[_quantized].onnx   input_ids    → text_embeds
 *              onnx/vision_model[_quantized].onnx pixel_values → image_embeds
 *   diffusion: config.json, onnx/model.onnx       the inputs and output config.json names
 *              (checked by diffusion/import.ts; the dialog may supply the config instead)
 *   detector:  one .onnx file (YOLO v5/v8/11)     images → …
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DiffusionImportReport } from '../../common/diffusion.js';
import { LabError } from '../../common/errors.js';
import { checkDiffusionConfig, checkDiffusionGraph, importError } from '../diffusion/import.js';
import type { ModelKind } from './catalog.js';
import { OnnxFormatError } from '../onnx-format/wire-reader.js';
import { readOnnxIo, type OnnxIo } from './onnx-io.js';

interface TensorRule {
  inputs: string[];
  outputs: string[];
}

const CLIP_TEXT: TensorRule = { inputs: ['input_ids'], outputs: ['text_embeds'] };
const CLIP_VISION: TensorRule = { inputs: ['pixel_values'], outputs: ['image_embeds'] };

/** ONNX files each kind may hold, with the tensor names each must have. */
const ONNX_RULES: Record<Exclude<ModelKind, 'detector'>, Record<string, TensorRule>> = {
  clip: {
    'onnx/text_model.onnx': CLIP_TEXT,
    'onnx/vision_model.onnx': CLIP_VISION,
    'onnx/text_model_quantized.onnx': CLIP_TEXT,
    'onnx/vision_model_quantized.onnx': CLIP_VISION,
  },
  // A diffusion graph's tensor names come from its config (any UNet export), so the rule is empty
  // here and checkDiffusionFolder compares the graph with the config.
  diffusion: { 'onnx/model.onnx': { inputs: [], outputs: [] } },
};
const DETECTOR_RULE: TensorRule = { inputs: ['images'], outputs: [] };

/** JSON files each kind needs. */
const REQUIRED_JSON: Record<ModelKind, string[]> = {
  clip: ['config.json', 'preprocessor_config.json', 'tokenizer.json'],
  diffusion: ['config.json'],
  detector: [],
};

/** For CLIP, one complete pair of encoders (full precision or quantized) is enough. */
const CLIP_PAIRS = [
  ['onnx/text_model.onnx', 'onnx/vision_model.onnx'],
  ['onnx/text_model_quantized.onnx', 'onnx/vision_model_quantized.onnx'],
] as const;

export interface ModelFileInfo {
  /** Relative path with forward slashes. */
  path: string;
  size: number;
}

export interface FolderCheck {
  kind: ModelKind;
  files: ModelFileInfo[];
  /** Inputs and outputs of every ONNX file, by relative path. */
  onnx: Record<string, OnnxIo>;
  /** For a diffusion folder: the config (the folder's, or the one the import dialog filled) and what disagrees. */
  diffusion?: DiffusionImportReport;
}

export interface FolderCheckOptions {
  /** A diffusion config the import dialog filled in, used when the folder has no config.json. */
  diffusionConfig?: unknown;
}

/**
 * A diffusion folder's config (its config.json, else `supplied`) against its graph, every
 * mismatch listed (message keys error.diffusion.import.<code>). Expects onnx/model.onnx to exist.
 *
 * @example await checkDiffusionFolder('/media/usb/ddpm', ['config.json', 'onnx/model.onnx']) // → { ok: true, config: {…}, issues: [] }
 */
export async function checkDiffusionFolder(dir: string, paths: readonly string[], supplied?: unknown): Promise<DiffusionImportReport> {
  let raw: unknown = supplied;
  if (paths.includes('config.json')) raw = await readFile(join(dir, 'config.json'), 'utf8');
  const { config, issues } = checkDiffusionConfig(raw);
  if (config) issues.push(...checkDiffusionGraph(config, await onnxIoOf(dir, 'onnx/model.onnx')));
  return { ok: issues.length === 0, config, issues };
}

/** Every regular file under `dir` (relative, forward slashes), skipping dot-files such as .model.json. */
export async function listFiles(dir: string, prefix = ''): Promise<ModelFileInfo[]> {
  const out: ModelFileInfo[] = [];
  const entries = await readdir(join(dir, prefix), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, path)));
    else if (entry.isFile()) out.push({ path, size: (await stat(join(dir, path))).size });
  }
  return out;
}

/** The kind a folder's layout says it is, or null when it looks like none. */
export function detectKind(paths: readonly string[]): ModelKind | null {
  const has = new Set(paths);
  if (Object.keys(ONNX_RULES.clip).some((p) => has.has(p))) return 'clip';
  if (has.has('onnx/model.onnx') && has.has('config.json')) return 'diffusion';
  if (paths.some((p) => p.endsWith('.onnx'))) return 'detector';
  return null;
}

function layoutError(kind: ModelKind, file: string, detail: string): LabError {
  return new LabError('modelInvalid', { messageKey: 'error.models.layoutMissing', params: { kind, file }, detail });
}

function checkNames(file: string, io: OnnxIo, rule: TensorRule): void {
  const inputs = io.inputs.map((t) => t.name);
  const outputs = io.outputs.map((t) => t.name);
  const missing = [...rule.inputs.filter((n) => !inputs.includes(n)), ...rule.outputs.filter((n) => !outputs.includes(n))];
  if (missing.length === 0) return;
  throw new LabError('modelInvalid', {
    messageKey: 'error.models.tensorNames',
    params: {
      file,
      expected: `${rule.inputs.join(', ')} → ${rule.outputs.join(', ') || '…'}`,
      actual: `${inputs.join(', ')} → ${outputs.join(', ')}`,
    },
    detail: `${file} lacks ${missing.join(', ')}`,
  });
}

/** Reads an ONNX file's inputs/outputs; a file that is not a model is a typed error naming it. */
export async function onnxIoOf(dir: string, file: string): Promise<OnnxIo> {
  try {
    return await readOnnxIo(join(dir, file));
  } catch (error) {
    if (error instanceof OnnxFormatError) {
      throw new LabError('modelInvalid', { messageKey: 'error.models.corruptOnnx', params: { file }, detail: `${file}: ${error.message}` });
    }
    throw new LabError('fileAccess', { params: { path: join(dir, file) }, detail: (error as Error).message });
  }
}

/**
 * Checks that `dir` is a complete model folder of `kind` (detected from the
 * layout when not given). Throws a LabError naming the first problem.
 *
 * @example await checkModelFolder('/media/usb/clip-vit-base-patch32') // → { kind: 'clip', files: [...], onnx: { 'onnx/text_model.onnx': { inputs: [...], outputs: [...] }, … } }
 */
export async function checkModelFolder(dir: string, kind?: ModelKind, options: FolderCheckOptions = {}): Promise<FolderCheck> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new LabError('notFound', { messageKey: 'error.models.notAFolder', params: { path: dir } });
  const files = await listFiles(dir);
  const paths = files.map((f) => f.path);
  const detected = detectKind(paths);
  const chosen = kind ?? detected;
  if (!chosen)
    throw new LabError('modelInvalid', { messageKey: 'error.models.unknownLayout', params: { path: dir }, detail: `files: ${paths.join(', ')}` });

  for (const file of REQUIRED_JSON[chosen]) {
    const supplied = chosen === 'diffusion' && file === 'config.json' && options.diffusionConfig !== undefined;
    if (!paths.includes(file) && supplied) continue;
    if (!paths.includes(file)) throw layoutError(chosen, file, `${dir} has no ${file}`);
    try {
      JSON.parse(await readFile(join(dir, file), 'utf8'));
    } catch (error) {
      throw new LabError('modelInvalid', { messageKey: 'error.models.jsonInvalid', params: { file }, detail: (error as Error).message });
    }
  }

  const onnx: Record<string, OnnxIo> = {};
  if (chosen === 'detector') {
    const models = paths.filter((p) => p.endsWith('.onnx'));
    if (models.length !== 1)
      throw layoutError(chosen, models.length === 0 ? 'model.onnx' : models.join(', '), 'a detector folder holds exactly one .onnx file');
    const file = models[0]!;
    onnx[file] = await onnxIoOf(dir, file);
    checkNames(file, onnx[file], DETECTOR_RULE);
  } else {
    if (chosen === 'clip' && !CLIP_PAIRS.some((pair) => pair.every((p) => paths.includes(p)))) {
      const missing = CLIP_PAIRS[0].find((p) => !paths.includes(p)) ?? CLIP_PAIRS[1].find((p) => !paths.includes(p))!;
      throw layoutError(chosen, missing, 'CLIP needs onnx/text_model.onnx and onnx/vision_model.onnx (or both _quantized variants)');
    }
    const rules = ONNX_RULES[chosen];
    for (const required of chosen === 'diffusion' ? Object.keys(rules) : []) {
      if (!paths.includes(required)) throw layoutError(chosen, required, `${dir} has no ${required}`);
    }
    for (const [file, rule] of Object.entries(rules)) {
      if (!paths.includes(file)) continue;
      onnx[file] = await onnxIoOf(dir, file);
      checkNames(file, onnx[file], rule);
    }
  }
  if (chosen === 'diffusion') {
    const diffusion = await checkDiffusionFolder(dir, paths, options.diffusionConfig);
    if (!diffusion.ok) throw importError(diffusion.issues);
    return { kind: chosen, files, onnx, diffusion };
  }
  return { kind: chosen, files, onnx };
}
