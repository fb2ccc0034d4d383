import { dirname, join } from 'node:path';
import type { ModelsInstallPayload, ModelsInstallResult } from '../../../common/models.js';
import { LabError } from '../../../common/errors.js';
import { openModelStore, PAUSE } from '../../models/index.js';
import { toListEntry } from '../../models/wire.js';
import type { JobFunction } from '../context.js';

/**
 * Downloads a catalog model into the user's model folder (engine/models/store.ts):
 * progress with bytes, total, speed and ETA; sha256-verified; installed atomically.
 * A cancel is a pause: the `.part` files stay, and the next install of the same
 * id resumes them with an HTTP Range request (`models.remove { partialOnly }` discards them).
 *
 * @example jobs.start { kind: 'models.install', args: { id: 'clip-vit-base-patch32' } }
 * // → progress payloads { bytes, total, bytesPerSecond, etaSeconds, … }, then { model: { installed: true, … }, alreadyInstalled: false, … }
 */
export const modelsInstall: JobFunction<'models.install'> = async (args, context): Promise<ModelsInstallResult> => {
  if (!context.modelDirs) throw new LabError('internal', { detail: 'models.install needs the model folders; start it through the engine' });
  // models/catalog.json sits beside models/builtin/ (ARCHITECTURE.md, "Layout").
  const store = await openModelStore({
    root: dirname(dirname(context.modelDirs.builtin)),
    catalogPath: join(dirname(context.modelDirs.builtin), 'catalog.json'),
    builtinDir: context.modelDirs.builtin,
    modelDir: context.modelDirs.user,
  });
  // The job's signal aborts without a reason; the store keeps partial files only for PAUSE.
  const pause = new AbortController();
  const onAbort = (): void => pause.abort(PAUSE);
  if (context.signal.aborted) onAbort();
  context.signal.addEventListener('abort', onAbort, { once: true });
  let resumedBytes: number | null = null;
  try {
    context.progress(0, 'job.models.starting', undefined, { id: args.id });
    const result = await store.install(args.id, {
      variant: args.variant ?? 'fp32',
      signal: pause.signal,
      onProgress: (p) => {
        resumedBytes ??= p.bytes;
        const payload: ModelsInstallPayload = { ...p, resumedBytes };
        // At bytes = total the fraction is 1, which the worker's progress throttle always lets through.
        const fraction = p.total ? Math.min(1, p.bytes / p.total) : 0;
        context.progress(fraction, 'job.models.downloading', payload, { file: p.file, index: p.fileIndex + 1, count: p.fileCount });
      },
    });
    return {
      model: toListEntry(result.model, null, null),
      alreadyInstalled: result.alreadyInstalled,
      pinnedFiles: result.pinnedFiles,
      noticeKey: result.noticeKey,
    };
  } finally {
    context.signal.removeEventListener('abort', onAbort);
  }
};
