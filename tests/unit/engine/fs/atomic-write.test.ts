import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../../electron/engine/fs/atomic-write.js';

let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aigc-lab-atomic-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes text, creating missing folders, and leaves no temp file', async () => {
    const path = join(dir, 'a', 'b', 'settings.json');
    await writeFileAtomic(path, '{"ok":true}\n');
    expect(await readFile(path, 'utf8')).toBe('{"ok":true}\n');
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['settings.json']);
  });

  it('writes bytes exactly, including a view into a larger buffer', async () => {
    const path = join(dir, 'model.bin');
    const backing = Uint8Array.from({ length: 16 }, (_, i) => i);
    await writeFileAtomic(path, backing.subarray(4, 12));
    expect([...(await readFile(path))]).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('replaces an existing file whole', async () => {
    const path = join(dir, 'doc.txt');
    await writeFile(path, 'old content that is longer than the new one');
    await writeFileAtomic(path, 'new');
    expect(await readFile(path, 'utf8')).toBe('new');
  });

  it('keeps UTF-8 text intact', async () => {
    const path = join(dir, 'zh.json');
    await writeFileAtomic(path, '{"title":"欢迎来到实验室 🧪"}');
    expect(await readFile(path, 'utf8')).toBe('{"title":"欢迎来到实验室 🧪"}');
  });

  it('creates the file readable and writable by its owner only', async () => {
    if (process.platform === 'win32') return;
    const path = join(dir, 'private.json');
    await writeFileAtomic(path, '{}');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('fails without touching the target or leaving a temp file when the rename cannot happen', async () => {
    // The target is a non-empty directory: the temp file is written, the rename over it fails.
    const target = join(dir, 'taken');
    await mkdir(target);
    await writeFile(join(target, 'keep.txt'), 'kept');
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow();
    expect(await readFile(join(target, 'keep.txt'), 'utf8')).toBe('kept');
    expect((await readdir(dir)).sort()).toEqual(['taken']);
  });

  it('fails cleanly when the folder cannot be created', async () => {
    await writeFile(join(dir, 'file'), 'x');
    await expect(writeFileAtomic(join(dir, 'file', 'inside.json'), '{}')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['file']);
  });

  it('lets concurrent writers race without tearing: the file ends as exactly one of them', async () => {
    const path = join(dir, 'race.txt');
    const contents = Array.from({ length: 25 }, (_, i) => `${i}:`.padEnd(50_000, String.fromCharCode(97 + (i % 26))));
    await Promise.all(contents.map((content) => writeFileAtomic(path, content)));
    expect(contents).toContain(await readFile(path, 'utf8'));
    expect(await readdir(dir)).toEqual(['race.txt']);
  });
});
