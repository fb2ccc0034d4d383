import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Creates a folder and its missing parents, one level at a time.
 *
 * Not `mkdir(path, { recursive: true })`: on pseudo file systems such as
 * /proc, Node's recursive mkdir never settles, which would leave a settings
 * call unanswered. Walking up to the first existing ancestor and creating each
 * level plainly fails fast with the real error instead.
 *
 * @example await ensureDirectory('/home/ana/models/clip') // → creates models/ and clip/ if missing
 */
export async function ensureDirectory(path: string): Promise<void> {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    const info = await stat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (info) {
      if (!info.isDirectory()) throw Object.assign(new Error(`${current} exists and is not a folder`), { code: 'ENOTDIR' });
      break;
    }
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const dir of missing.reverse()) {
    await mkdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}
