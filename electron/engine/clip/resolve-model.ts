/**
 * Model id → folder, for the `clip.*` jobs and `lab clip`. Built-ins
 * (models/builtin/<id>, shipped with the app, e.g. 'shapes-clip') win over the
 * user's model folder (<modelDir>/<id>, downloaded or imported). This is the
 * one place that knows the rule, so the model store (engine/models) can take
 * it over without touching the jobs.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LabError } from '../../common/errors.js';

export interface ClipModelDirs {
  /** models/builtin of the app. */
  builtin: string;
  /** The user's model folder (settings.modelDir or <dataDir>/models). */
  user: string;
}

async function isFolder(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/**
 * @example await resolveClipFolder('shapes-clip', { builtin: '/app/models/builtin', user: '/home/ana/.config/AIGC Lab/models' })
 * // → '/app/models/builtin/shapes-clip'
 */
export async function resolveClipFolder(id: string, dirs: ClipModelDirs): Promise<string> {
  // Ids are validated at the API boundary (common/clip.ts); this guard keeps a direct caller from escaping the folders.
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(id))
    throw new LabError('validation', { messageKey: 'error.clip.modelNotFound', params: { id: id.slice(0, 100) } });
  for (const dir of [dirs.builtin, dirs.user]) {
    const folder = join(dir, id);
    if (await isFolder(folder)) return folder;
  }
  throw new LabError('notFound', {
    messageKey: 'error.clip.modelNotFound',
    params: { id },
    detail: `no folder ${id} in ${dirs.builtin} or ${dirs.user}`,
  });
}
