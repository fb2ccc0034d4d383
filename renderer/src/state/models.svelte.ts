/**
 * The model list as the renderer knows it (models.list), shared by the
 * Models page and every ModelPicker, refreshed after installs, imports and
 * removals. Installs run as `models.install` jobs; their live progress is
 * kept here so it survives leaving and re-entering the page.
 */
import type { ModelListEntry, ModelsInstallPayload } from '../../../electron/common/models';
import type { LabErrorData } from '../../../electron/common/errors';
import { host } from '../host';
import { cancelJob, startJob } from './jobs.svelte';
import { errorDataOf } from './notices.svelte';

export interface InstallState {
  jobId: string | null;
  phase: 'starting' | 'running' | 'pausing' | 'cancelling';
  progress: ModelsInstallPayload | null;
}

const state = $state<{
  list: ModelListEntry[];
  modelDir: string;
  loaded: boolean;
  error: LabErrorData | null;
  installs: Record<string, InstallState>;
  /** The last install error per model, shown on its row. */
  installErrors: Record<string, LabErrorData>;
}>({ list: [], modelDir: '', loaded: false, error: null, installs: {}, installErrors: {} });

export const models = {
  get list(): readonly ModelListEntry[] {
    return state.list;
  },
  get modelDir(): string {
    return state.modelDir;
  },
  get loaded(): boolean {
    return state.loaded;
  },
  get error(): LabErrorData | null {
    return state.error;
  },
  install(id: string): InstallState | undefined {
    return state.installs[id];
  },
  installError(id: string): LabErrorData | undefined {
    return state.installErrors[id];
  },
  /** Installed CLIP models, built-ins first. */
  get clipModels(): ModelListEntry[] {
    return state.list
      .filter((m) => m.kind === 'clip' && m.installed)
      .sort((a, b) => Number(b.source === 'builtin') - Number(a.source === 'builtin') || a.id.localeCompare(b.id));
  },
};

export async function refreshModels(): Promise<void> {
  try {
    const result = await host.call('models.list', {});
    state.list = result.models;
    state.modelDir = result.modelDir;
    state.error = null;
  } catch (error) {
    state.error = errorDataOf(error);
  } finally {
    state.loaded = true;
  }
}

/** Starts (or resumes: the engine continues a paused download with an HTTP Range request) a download. */
export async function installModel(id: string): Promise<void> {
  if (state.installs[id]) return;
  delete state.installErrors[id];
  state.installs[id] = { jobId: null, phase: 'starting', progress: null };
  try {
    const started = await startJob(
      'models.install',
      { id },
      {
        onProgress: (event) => {
          const install = state.installs[id];
          if (install && event.payload) install.progress = event.payload;
        },
      },
    );
    const install = state.installs[id];
    if (install) {
      install.jobId = started.jobId;
      if (install.phase === 'starting') install.phase = 'running';
    }
    const end = await started.done;
    const wanted = state.installs[id]?.phase;
    delete state.installs[id];
    if (end.status === 'failed' && end.error) state.installErrors[id] = end.error;
    // "Cancel" = pause, then throw the partial file away.
    if (end.status === 'cancelled' && wanted === 'cancelling') await host.call('models.remove', { id, partialOnly: true }).catch(() => undefined);
  } catch (error) {
    delete state.installs[id];
    state.installErrors[id] = errorDataOf(error);
  }
  await refreshModels();
}

/** Pause keeps the downloaded part; cancel discards it. */
export async function stopInstall(id: string, how: 'pause' | 'cancel'): Promise<void> {
  const install = state.installs[id];
  const jobId = install?.jobId ?? state.list.find((m) => m.id === id)?.installJobId ?? null;
  if (install) install.phase = how === 'pause' ? 'pausing' : 'cancelling';
  if (jobId) await cancelJob(jobId).catch(() => false);
  if (!install) {
    // A download started before this page was loaded: no watcher here, so clean up directly.
    if (how === 'cancel') await host.call('models.remove', { id, partialOnly: true }).catch(() => undefined);
    await refreshModels();
  }
}

/** Discards a paused download's partial files. */
export async function discardPartial(id: string): Promise<void> {
  await host.call('models.remove', { id, partialOnly: true });
  await refreshModels();
}
