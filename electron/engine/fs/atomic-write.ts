import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { ensureDirectory } from './ensure-directory.js';

/**
 * Writes a file so that readers see either the old or the new content, never
 * a torn one: write a sibling temp file, fsync it, then rename over the target
 * (rename is atomic within one directory on every platform we ship to).
 *
 * @example await writeFileAtomic('/data/settings.json', JSON.stringify(s)) // → resolves once durable
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await ensureDirectory(dir);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
