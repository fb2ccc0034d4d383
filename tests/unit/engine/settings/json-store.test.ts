import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JsonStore } from '../../../../electron/engine/settings/json-store.js';

const schema = z.object({ count: z.number().int(), name: z.string() }).strict();
type Doc = z.infer<typeof schema>;
const defaults = (): Doc => ({ count: 0, name: 'default' });

let dir = '';
let path = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aigc-lab-store-'));
  path = join(dir, 'doc.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const store = (): JsonStore<Doc> => new JsonStore<Doc>(path, schema, defaults);

describe('JsonStore', () => {
  it('returns the defaults when the file does not exist, without creating it', async () => {
    const s = store();
    expect(await s.get()).toEqual(defaults());
    expect(s.loadIssue).toBeNull();
    expect(await readdir(dir)).toEqual([]);
  });

  it('persists a set so a new store (a restart) reads it back', async () => {
    await store().set({ count: 3, name: 'three' });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ count: 3, name: 'three' });
    expect(await store().get()).toEqual({ count: 3, name: 'three' });
  });

  it('refuses a value its schema rejects and keeps the old one on disk', async () => {
    const s = store();
    await s.set({ count: 1, name: 'one' });
    await expect(s.set({ count: 1.5, name: 'bad' })).rejects.toThrow();
    expect(await store().get()).toEqual({ count: 1, name: 'one' });
  });

  it.each([
    ['not JSON at all', '{ "count": 1, '],
    ['JSON of the wrong shape', '{ "count": "many", "name": 1 }'],
    ['JSON with an unknown key', '{ "count": 1, "name": "x", "extra": true }'],
    ['an empty file', ''],
  ])('moves a corrupt file (%s) aside, never deleting it, and returns the defaults', async (_label, text) => {
    await writeFile(path, text);
    const s = store();
    expect(await s.get()).toEqual(defaults());
    expect(s.loadIssue).toMatchObject({ kind: 'corrupt' });
    const backup = s.loadIssue?.backup ?? '';
    expect(backup.startsWith(`${path}.corrupt-`)).toBe(true);
    expect(await readFile(backup, 'utf8')).toBe(text);
    expect((await readdir(dir)).filter((name) => name === 'doc.json')).toEqual([]);
    // The next set writes a fresh file next to the backup.
    await s.set({ count: 9, name: 'fresh' });
    expect(await store().get()).toEqual({ count: 9, name: 'fresh' });
    expect(await readFile(backup, 'utf8')).toBe(text);
  });

  it('serialises concurrent sets: memory and disk both end with the last call', async () => {
    const s = store();
    const values = Array.from({ length: 40 }, (_, i) => ({ count: i, name: `v${i}` }));
    const results = await Promise.all(values.map((v) => s.set(v)));
    expect(results).toEqual(values);
    expect(await s.get()).toEqual(values.at(-1));
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(values.at(-1));
    expect(await readdir(dir)).toEqual(['doc.json']);
  });

  it('never lets a reader see a torn file while writes are in flight (atomic write survives)', async () => {
    const s = store();
    await s.set({ count: -1, name: 'start' });
    const big = 'x'.repeat(200_000);
    let writing = true;
    const reads: unknown[] = [];
    const reader = (async () => {
      while (writing) {
        reads.push(JSON.parse(await readFile(path, 'utf8')));
      }
    })();
    await Promise.all(Array.from({ length: 30 }, (_, i) => s.set({ count: i, name: `${i}${big}` })));
    writing = false;
    await reader;
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) expect(schema.safeParse(read).success).toBe(true);
  });

  it('survives a failed write: the old file stays, no temp file is left, and the next write works', async () => {
    const s = store();
    await s.set({ count: 1, name: 'one' });
    // A directory where the temp file's folder should be makes the write fail.
    const blocked = new JsonStore<Doc>(join(path, 'inside.json'), schema, defaults);
    await expect(blocked.set({ count: 2, name: 'two' })).rejects.toThrow();
    expect(await store().get()).toEqual({ count: 1, name: 'one' });
    await s.set({ count: 3, name: 'three' });
    expect(await store().get()).toEqual({ count: 3, name: 'three' });
    expect(await readdir(dir)).toEqual(['doc.json']);
  });

  it('answers concurrent first reads of a corrupt file with the defaults, moving it aside once', async () => {
    await writeFile(path, 'garbage');
    const s = store();
    const outcomes = await Promise.allSettled([s.get(), s.get(), s.get()]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect((await readdir(dir)).filter((name) => name.startsWith('doc.json.corrupt-'))).toHaveLength(1);
  });

  it('does not let a first read that is still loading overwrite a value set meanwhile', async () => {
    await store().set({ count: 1, name: 'on disk' });
    const s = store();
    const firstRead = s.get();
    await s.set({ count: 2, name: 'newer' });
    await firstRead;
    expect(await s.get()).toEqual({ count: 2, name: 'newer' });
  });
});
