/**
 * The model store's entry point: the shipped catalog, built-ins and the user's
 * model folder behind one ModelStore (see store.ts for the folder layout).
 */
import { join } from 'node:path';
import { loadCatalog } from './catalog.js';
import { ModelStore, type StatFs } from './store.js';

export { MODEL_KINDS, FILE_VARIANTS, catalogSchema, filesFor, loadCatalog, parseCatalog } from './catalog.js';
export type { Catalog, CatalogFile, CatalogModel, FileVariant, ModelKind, VariantChoice } from './catalog.js';
export { checkModelFolder, detectKind } from './layout.js';
export { readOnnxIo, type OnnxIo, type OnnxTensorInfo } from './onnx-io.js';
export { formatBytes } from './download.js';
export { ModelStore, PAUSE, verifyInstalled } from './store.js';
export type {
  ImportOptions,
  InstallOptions,
  InstallProgress,
  InstallResult,
  ModelEntry,
  ModelFileDetail,
  ModelInfo,
  ModelSource,
  StatFs,
} from './store.js';

/** The user's model folder when the settings leave it unset: `<dataDir>/models` (as system.info reports). */
export function defaultModelDir(dataDir: string): string {
  return join(dataDir, 'models');
}

/**
 * A store over the app's catalog (models/catalog.json under `root`, or `catalogPath`) and built-ins.
 *
 * @example const store = await openModelStore({ root: '/opt/aigc-lab', modelDir: '/home/ana/.config/AIGC Lab/models' }); await store.list()
 */
export async function openModelStore(options: {
  root: string;
  modelDir: string;
  catalogPath?: string;
  builtinDir?: string | null;
  fetch?: typeof fetch;
  statfs?: StatFs;
}): Promise<ModelStore> {
  const catalog = await loadCatalog(options.catalogPath ?? join(options.root, 'models', 'catalog.json'));
  return new ModelStore({
    modelDir: options.modelDir,
    builtinDir: options.builtinDir === undefined ? join(options.root, 'models', 'builtin') : options.builtinDir,
    catalog,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.statfs ? { statfs: options.statfs } : {}),
  });
}
