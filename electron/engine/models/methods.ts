/**
 * The model store's API methods (`models.list`, `models.info`,
 * `models.remove`, `models.import`), run in the engine's process (they are
 * quick: directory listings, ONNX headers, one copy). Downloads are the
 * `models.install` job (jobs/kinds/models-install.ts) in the job worker.
 *
 * Classroom guests may look but not touch: removing, importing (a folder on
 * the teacher's machine) and installing change the teacher's model folder.
 */
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DiffusionImportReport } from '../../common/diffusion.js';
import type { ModelInfoResult, ModelsListResult } from '../../common/models.js';
import { LabError } from '../../common/errors.js';
import type { Caller } from '../callers.js';
import type { ParsedArgs } from '../handlers.js';
import { loadCatalog, type Catalog } from './catalog.js';
import { checkDiffusionFolder, listFiles } from './layout.js';
import { ModelStore } from './store.js';
import { toFileWire, toListEntry } from './wire.js';

export interface ModelMethodDeps {
  /** models/builtin of the app; the catalog is models/catalog.json beside it. */
  builtinDir: string;
  /** The owner's model folder as the settings say now. */
  modelDir(): Promise<string>;
  /** The running models.install job of a model id, if any. */
  installJob(id: string): string | null;
}

/** Refuses a guest with error.models.guestReadOnly (a classroom browser must not change the teacher's models). */
export function refuseGuest(caller: Caller, action: string): void {
  if (caller.kind === 'guest') throw new LabError('unauthorized', { messageKey: 'error.models.guestReadOnly', params: { action } });
}

export function createModelMethods(deps: ModelMethodDeps) {
  const catalogPath = join(dirname(deps.builtinDir), 'catalog.json');
  const open = async (): Promise<{ store: ModelStore; catalog: Catalog }> => {
    const catalog = await loadCatalog(catalogPath);
    return { store: new ModelStore({ modelDir: await deps.modelDir(), builtinDir: deps.builtinDir, catalog }), catalog };
  };
  const refuseWhileInstalling = (id: string): void => {
    if (deps.installJob(id)) throw new LabError('busy', { messageKey: 'error.models.busy', params: { id } });
  };

  return {
    /** The import dialog's check of a diffusion folder: every mismatch at once, nothing copied. */
    'models.checkDiffusion': async (
      { path, diffusionConfig }: ParsedArgs<'models.checkDiffusion'>,
      caller: Caller,
    ): Promise<DiffusionImportReport> => {
      refuseGuest(caller, 'import');
      const info = await stat(path).catch(() => null);
      if (!info?.isDirectory()) throw new LabError('notFound', { messageKey: 'error.models.notAFolder', params: { path } });
      const paths = (await listFiles(path)).map((file) => file.path);
      if (!paths.includes('onnx/model.onnx'))
        throw new LabError('modelInvalid', { messageKey: 'error.models.layoutMissing', params: { kind: 'diffusion', file: 'onnx/model.onnx' } });
      if (!paths.includes('config.json') && diffusionConfig === undefined)
        throw new LabError('modelInvalid', { messageKey: 'error.models.layoutMissing', params: { kind: 'diffusion', file: 'config.json' } });
      return checkDiffusionFolder(path, paths, diffusionConfig);
    },
    'models.list': async (): Promise<ModelsListResult> => {
      const { store, catalog } = await open();
      const entries = await store.list();
      const models = entries.map((entry) =>
        toListEntry(
          entry,
          catalog.models.find((m) => m.id === entry.id),
          deps.installJob(entry.id),
        ),
      );
      return { models, modelDir: store.modelDir };
    },
    'models.info': async ({ id }: ParsedArgs<'models.info'>): Promise<ModelInfoResult> => {
      const { store, catalog } = await open();
      const info = await store.info(id);
      return {
        ...toListEntry(
          info,
          catalog.models.find((m) => m.id === id),
          deps.installJob(id),
        ),
        files: info.files.map(toFileWire),
      };
    },
    'models.remove': async ({ id, partialOnly }: ParsedArgs<'models.remove'>, caller: Caller): Promise<{ removed: boolean }> => {
      refuseGuest(caller, 'remove');
      refuseWhileInstalling(id);
      const { store } = await open();
      if (partialOnly) return { removed: await store.discardPartial(id) };
      await store.remove(id);
      return { removed: true };
    },
    'models.import': async ({ path, id, kind, replace, diffusionConfig }: ParsedArgs<'models.import'>, caller: Caller): Promise<ModelInfoResult> => {
      refuseGuest(caller, 'import');
      if (id) refuseWhileInstalling(id);
      const { store, catalog } = await open();
      const info = await store.importFolder(path, {
        ...(id ? { id } : {}),
        ...(kind ? { kind } : {}),
        ...(replace ? { replace } : {}),
        ...(diffusionConfig ? { diffusionConfig } : {}),
      });
      return {
        ...toListEntry(
          info,
          catalog.models.find((m) => m.id === info.id),
          null,
        ),
        files: info.files.map(toFileWire),
      };
    },
  };
}
