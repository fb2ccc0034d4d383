/**
 * Downloading catalog models against a local HTTP server: progress, resume,
 * servers that ignore Range, every failure as a typed error, nothing half
 * installed, and pinning of sizes/hashes the catalog does not know.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LabError } from '../../../../electron/common/errors.js';
import { parseCatalog, type Catalog } from '../../../../electron/engine/models/catalog.js';
import { ModelStore, PAUSE, type InstallProgress, type StatFs } from '../../../../electron/engine/models/store.js';
import { randomFile, sha256, startFixtureServer, type FixtureServer } from './fixture-server.js';

let server: FixtureServer;
let modelDir = '';
const small = randomFile(3000);
const big = randomFile(200_000);

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  modelDir = mkdtempSync(join(tmpdir(), 'aigc-lab-models-'));
  server.requests.length = 0;
  server.set('/m/config.json', small);
  server.set('/m/weights.bin', big);
});
afterEach(async () => {
  await rm(modelDir, { recursive: true, force: true });
});

function catalogWith(files: { path: string; size?: number | null; sha256?: string | null }[], id = 'demo'): Catalog {
  return parseCatalog({
    version: 1,
    models: [
      {
        id,
        kind: 'clip',
        name: { en: 'Demo', 'zh-CN': '演示' },
        description: { en: 'Demo', 'zh-CN': '演示' },
        licence: 'MIT',
        sourceUrl: 'https://huggingface.co/demo',
        files: files.map((f) => ({ path: f.path, url: server.url(`/m/${f.path}`), size: f.size ?? null, sha256: f.sha256 ?? null })),
      },
    ],
  });
}

const known = (): { path: string; size: number; sha256: string }[] => [
  { path: 'config.json', size: small.length, sha256: sha256(small) },
  { path: 'weights.bin', size: big.length, sha256: sha256(big) },
];

function store(catalog: Catalog, statfs?: StatFs): ModelStore {
  return new ModelStore({ modelDir, builtinDir: null, catalog, ...(statfs ? { statfs } : {}) });
}

async function caught(promise: Promise<unknown>): Promise<LabError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LabError);
  return error as LabError;
}

const listed = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir) : []);

describe('ModelStore.install', () => {
  it('downloads every file with progress (bytes, total, speed, ETA), verifies and installs atomically', async () => {
    const events: InstallProgress[] = [];
    const s = store(catalogWith(known()));
    const result = await s.install('demo', { onProgress: (p) => events.push(p) });
    expect(result).toMatchObject({
      alreadyInstalled: false,
      pinnedFiles: [],
      noticeKey: null,
      model: { id: 'demo', installed: true, source: 'catalog' },
    });
    expect(readFileSync(join(modelDir, 'demo', 'weights.bin')).equals(big)).toBe(true);
    expect(readFileSync(join(modelDir, 'demo', 'config.json')).equals(small)).toBe(true);
    expect(listed(join(modelDir, '.staging'))).toEqual([]);
    const last = events.at(-1)!;
    expect(last).toMatchObject({
      modelId: 'demo',
      file: 'weights.bin',
      fileIndex: 1,
      fileCount: 2,
      bytes: small.length + big.length,
      total: small.length + big.length,
    });
    expect(last.bytesPerSecond).toBeGreaterThan(0);
    expect(last.etaSeconds).toBe(0);
    expect(events.every((e, k) => k === 0 || e.bytes >= events[k - 1]!.bytes)).toBe(true);
    const manifest = JSON.parse(readFileSync(join(modelDir, 'demo', '.model.json'), 'utf8')) as { files: { path: string; sha256: string }[] };
    expect(manifest.files.find((f) => f.path === 'weights.bin')?.sha256).toBe(sha256(big));
    expect((await s.list()).find((e) => e.id === 'demo')).toMatchObject({ installed: true, size: small.length + big.length, pinned: false });
    // A second install finds everything in place and fetches nothing.
    server.requests.length = 0;
    expect((await s.install('demo')).alreadyInstalled).toBe(true);
    expect(server.requests).toEqual([]);
  });

  it('resumes with a Range request after the connection drops mid-file; the final hash matches', async () => {
    server.set('/m/weights.bin', big, { kind: 'dropOnce', after: 50_000 });
    const s = store(catalogWith(known()));
    const first = await caught(s.install('demo', { retries: 0 }));
    expect(first).toMatchObject({ code: 'network', messageKey: 'error.models.connectionDropped', params: { file: 'weights.bin' } });
    expect((await s.list()).find((e) => e.id === 'demo')).toMatchObject({ installed: false, partial: true });
    expect(existsSync(join(modelDir, 'demo'))).toBe(false);
    const part = readFileSync(join(modelDir, '.staging', 'demo', 'weights.bin.part'));
    expect(part.length).toBeGreaterThan(0);
    expect(part.equals(big.subarray(0, part.length))).toBe(true);

    server.requests.length = 0;
    await s.install('demo');
    expect(server.requests.find((r) => r.path === '/m/weights.bin')?.range).toBe(`bytes=${part.length}-`);
    expect(readFileSync(join(modelDir, 'demo', 'weights.bin')).equals(big)).toBe(true);
  });

  it('retries a dropped connection by itself, resuming from the .part', async () => {
    server.set('/m/weights.bin', big, { kind: 'dropOnce', after: 40_000 });
    await store(catalogWith(known())).install('demo', { retries: 1, retryDelayMs: 10 });
    expect(server.requests.filter((r) => r.path === '/m/weights.bin').map((r) => r.range !== undefined)).toEqual([false, true]);
    expect(readFileSync(join(modelDir, 'demo', 'weights.bin')).equals(big)).toBe(true);
  });

  it('restarts from byte 0 when the server ignores Range', async () => {
    mkdirSync(join(modelDir, '.staging', 'demo'), { recursive: true });
    writeFileSync(join(modelDir, '.staging', 'demo', 'weights.bin.part'), big.subarray(0, 70_000));
    server.set('/m/weights.bin', big, { kind: 'ignoreRange' });
    await store(catalogWith(known())).install('demo');
    expect(server.requests.find((r) => r.path === '/m/weights.bin')?.range).toBe('bytes=70000-');
    expect(readFileSync(join(modelDir, 'demo', 'weights.bin')).equals(big)).toBe(true);
  });

  it('reports a body that ends early as truncated and installs nothing', async () => {
    server.set('/m/weights.bin', big, { kind: 'truncate', after: 1000 });
    const s = store(catalogWith(known()));
    const error = await caught(s.install('demo', { retries: 0 }));
    expect(error).toMatchObject({
      code: 'network',
      messageKey: 'error.models.truncated',
      params: { file: 'weights.bin', received: 1000, expected: big.length },
    });
    expect(existsSync(join(modelDir, 'demo'))).toBe(false);
    expect((await s.list()).find((e) => e.id === 'demo')?.installed).toBe(false);
  });

  it('rejects a wrong hash with a typed error, installs nothing and cleans staging', async () => {
    const files = known();
    files[1]!.sha256 = sha256(small);
    const error = await caught(store(catalogWith(files)).install('demo'));
    expect(error).toMatchObject({ code: 'modelInvalid', messageKey: 'error.models.hashMismatch', params: { file: 'weights.bin' } });
    expect(existsSync(join(modelDir, 'demo'))).toBe(false);
    expect(listed(join(modelDir, '.staging'))).toEqual([]);
  });

  it.each([
    [404, 'error.models.httpNotFound'],
    [500, 'error.models.httpStatus'],
  ])('turns HTTP %i into %s', async (status, messageKey) => {
    server.set('/m/weights.bin', big, { kind: 'status', status });
    const error = await caught(store(catalogWith(known())).install('demo', { retries: 0 }));
    expect(error).toMatchObject({ code: 'network', messageKey, params: { file: 'weights.bin', status } });
    expect(existsSync(join(modelDir, 'demo'))).toBe(false);
  });

  it('says the host is unreachable when nothing listens, and offline for a failed DNS lookup', async () => {
    const closed = await startFixtureServer();
    const url = closed.url('/m/config.json');
    await closed.close();
    const catalog = catalogWith([{ path: 'config.json' }]);
    catalog.models[0]!.files[0]!.url = url;
    const refused = await caught(store(catalog).install('demo'));
    expect(refused).toMatchObject({ code: 'network', messageKey: 'error.models.unreachable', params: { host: new URL(url).host } });

    const dns = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('getaddrinfo ENOTFOUND huggingface.co'), { code: 'ENOTFOUND' }),
    });
    const offline = new ModelStore({ modelDir, builtinDir: null, catalog, fetch: () => Promise.reject(dns) });
    expect(await caught(offline.install('demo'))).toMatchObject({ code: 'network', messageKey: 'error.models.offline' });
  });

  it('cancels on abort (deleting the partial download) and pauses on abort(PAUSE) (keeping it)', async () => {
    server.set('/m/weights.bin', big, { kind: 'stall', after: 30_000 });
    const s = store(catalogWith(known()));
    const pause = new AbortController();
    const paused = s.install('demo', {
      signal: pause.signal,
      onProgress: (p) => {
        if (p.file === 'weights.bin' && p.bytes >= small.length + 30_000) pause.abort(PAUSE);
      },
    });
    expect(await caught(paused)).toMatchObject({ code: 'jobCancelled', messageKey: 'error.models.cancelled' });
    expect(readFileSync(join(modelDir, '.staging', 'demo', 'weights.bin.part')).length).toBe(30_000);

    const cancel = new AbortController();
    const cancelled = s.install('demo', {
      signal: cancel.signal,
      onProgress: (p) => {
        if (p.file === 'weights.bin' && p.bytes >= small.length + 30_000) cancel.abort();
      },
    });
    expect(await caught(cancelled)).toMatchObject({ code: 'jobCancelled' });
    expect(listed(join(modelDir, '.staging'))).toEqual([]);
    expect(existsSync(join(modelDir, 'demo'))).toBe(false);
  });

  it('checks free disk space first (statfs injected) and downloads nothing when it does not fit', async () => {
    const s = store(catalogWith(known()), async () => ({ bavail: 10, bsize: 4096 }));
    const error = await caught(s.install('demo'));
    expect(error).toMatchObject({ code: 'fileAccess', messageKey: 'error.models.diskFull' });
    expect(error.params).toHaveProperty('needed');
    expect(server.requests).toEqual([]);
  });

  it('checks space against Content-Length when the catalog does not know the size', async () => {
    const s = store(catalogWith([{ path: 'weights.bin' }]), async () => ({ bavail: 1, bsize: 4096 }));
    expect(await caught(s.install('demo'))).toMatchObject({ messageKey: 'error.models.diskFull' });
    expect(existsSync(join(modelDir, 'demo'))).toBe(false);
  });

  it('pins size and sha256 on the first download when the catalog has null, says so, and enforces them later', async () => {
    const s = store(catalogWith([{ path: 'config.json' }, { path: 'weights.bin', size: big.length, sha256: sha256(big) }]));
    const result = await s.install('demo');
    expect(result).toMatchObject({ pinnedFiles: ['config.json'], noticeKey: 'models.notice.pinned', model: { pinned: true } });
    const pins = JSON.parse(readFileSync(join(modelDir, 'demo', '.pinned.json'), 'utf8')) as {
      files: Record<string, { size: number; sha256: string }>;
    };
    expect(pins.files['config.json']).toMatchObject({ size: small.length, sha256: sha256(small) });
    expect(pins.files['weights.bin']).toBeUndefined();

    // The server's copy changes: reinstalling with --variant all must not accept different bytes for a pinned file.
    const s2 = store(catalogWith([{ path: 'config.json' }, { path: 'weights.bin', size: big.length, sha256: sha256(big) }, { path: 'extra.bin' }]));
    server.set('/m/extra.bin', randomFile(10));
    server.set('/m/config.json', randomFile(small.length));
    // config.json is reused from the installed copy (its recorded hash is the pinned one): only extra.bin is fetched.
    server.requests.length = 0;
    const more = await s2.install('demo');
    expect(server.requests.map((r) => r.path)).toEqual(['/m/extra.bin']);
    expect(more.pinnedFiles).toEqual(['extra.bin']);
    expect(readFileSync(join(modelDir, 'demo', 'config.json')).equals(small)).toBe(true);
    const allPins = JSON.parse(readFileSync(join(modelDir, 'demo', '.pinned.json'), 'utf8')) as { files: Record<string, unknown> };
    expect(Object.keys(allPins.files).sort()).toEqual(['config.json', 'extra.bin']);
  });

  it('refuses a second install of the same model while one runs, and unknown ids', async () => {
    server.set('/m/weights.bin', big, { kind: 'stall', after: 1000 });
    const s = store(catalogWith(known()));
    const controller = new AbortController();
    const first = s.install('demo', { signal: controller.signal });
    expect(await caught(s.install('demo'))).toMatchObject({ code: 'busy', messageKey: 'error.models.busy' });
    controller.abort();
    await caught(first);
    expect(await caught(s.install('nope'))).toMatchObject({ code: 'notFound', messageKey: 'error.models.unknown' });
  });
});
