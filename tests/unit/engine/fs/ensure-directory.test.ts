import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { ensureDirectory } from '../../../../electron/engine/fs/ensure-directory';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(os.tmpdir(), 'aigc-lab-dir-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('ensureDirectory', () => {
  it('creates missing parents and accepts an existing folder', async () => {
    const target = join(root, 'a', 'b', 'c');
    await ensureDirectory(target);
    expect((await stat(target)).isDirectory()).toBe(true);
    await ensureDirectory(target);
  });

  it('refuses a path through a file', async () => {
    await writeFile(join(root, 'file'), 'x');
    await expect(ensureDirectory(join(root, 'file', 'models'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it.runIf(process.platform === 'linux')('fails fast on /proc instead of never settling', async () => {
    await expect(ensureDirectory('/proc/aigc-lab-no-such/models')).rejects.toBeTruthy();
  });
});
