/**
 * The model store through the engine's API: models.list / info / remove /
 * import as methods, models.install as a job in the real job worker against
 * the local HTTP server (progress with bytes, total, speed, ETA; cancel =
 * pause keeping the partial file; start again = resume with a Range request),
 * and classroom guests refused everything that changes the teacher's models.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallOutcome, JobEndEvent, JobProgressEvent } from '../../../../electron/common/api.js';
import type { LabErrorData } from '../../../../electron/common/errors.js';
import type { ModelInfoResult, ModelsInstallPayload, ModelsListResult } from '../../../../electron/common/models.js';
import { guestCaller } from '../../../../electron/engine/callers.js';
import { createEngine, type Engine } from '../../../../electron/engine/index.js';
import { appPaths } from '../../../../electron/engine/paths.js';
import { JOB_WORKER_URL, ROOT } from '../../../support/paths.js';
import { randomFile, sha256, startFixtureServer, type FixtureServer } from './fixture-server.js';
import { writeClipFolder } from './onnx-fixtures.js';

let root = '';
let dataDir = '';
let server: FixtureServer;
let engine: Engine;
const progress: JobProgressEvent[] = [];
const ends: JobEndEvent[] = [];
const guest = guestCaller('classroom-guest-1', 'x');
const config = randomFile(2000);
const weights = randomFile(400_000);

beforeAll(async () => {
  server = await startFixtureServer();
  root = mkdtempSync(join(tmpdir(), 'aigc-lab-model-methods-'));
  dataDir = join(root, 'data');
  const builtin = join(root, 'models', 'builtin');
  writeClipFolder(join(builtin, 'tiny-builtin'));
  const file = (path: string, bytes: Uint8Array) => ({ path, url: server.url(`/demo/${path}`), size: bytes.length, sha256: sha256(bytes) });
  writeFileSync(
    join(root, 'models', 'catalog.json'),
    JSON.stringify({
      version: 1,
      models: [
        {
          id: 'demo-clip',
          kind: 'clip',
          name: { en: 'Demo CLIP', 'zh-CN': '演示 CLIP' },
          description: { en: 'For tests', 'zh-CN': '测试用' },
          licence: 'MIT',
          sourceUrl: 'https://huggingface.co/demo',
          files: [file('config.json', config), file('weights.bin', weights)],
        },
      ],
    }),
  );
  engine = await createEngine({
    appVersion: '0.0.0-test',
    paths: { ...appPaths(ROOT), builtinModelsDir: builtin, workerUrl: JOB_WORKER_URL },
    dataDir,
    host: { kind: 'web', electronVersion: null, describeGpu: async () => null, openExternal: async () => false },
  });
  engine.onEvent((name, payload) => {
    if (name === 'onDidJobProgress') progress.push(payload as JobProgressEvent);
    if (name === 'onDidJobEnd') ends.push(payload as JobEndEvent);
  });
  await engine.call('system.info', {});
});

afterAll(async () => {
  await engine?.dispose();
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

beforeEach(() => {
  server.set('/demo/config.json', config);
  server.set('/demo/weights.bin', weights);
  server.requests.length = 0;
});

function valueOf<T>(outcome: CallOutcome<unknown>): T {
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
  return outcome.value as T;
}

function errorOf(outcome: CallOutcome<unknown>): LabErrorData {
  expect(outcome.ok).toBe(false);
  if (outcome.ok) throw new Error('expected an error');
  return outcome.error;
}

async function endOf(jobId: string): Promise<JobEndEvent> {
  for (let i = 0; i < 2000; i++) {
    const end = ends.find((e) => e.jobId === jobId);
    if (end) return end;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`job ${jobId} did not end`);
}

const list = async (): Promise<ModelsListResult> => valueOf<ModelsListResult>(await engine.call('models.list', {}));

describe('models.* methods', () => {
  it('lists the built-in model as installed and read-only, and catalog models with licence, kind and size', async () => {
    const { models, modelDir } = await list();
    expect(modelDir).toBe(join(dataDir, 'models'));
    expect(models.map((m) => m.id)).toEqual(['tiny-builtin', 'demo-clip']);
    expect(models[0]).toMatchObject({ source: 'builtin', installed: true, readOnly: true, kind: 'clip', installJobId: null });
    expect(models[1]).toMatchObject({
      source: 'catalog',
      installed: false,
      licence: 'MIT',
      size: config.length + weights.length,
      description: { en: 'For tests', 'zh-CN': '测试用' },
    });
  });

  it('inspects a model: files, sizes and the ONNX inputs and outputs', async () => {
    const info = valueOf<ModelInfoResult>(await engine.call('models.info', { id: 'tiny-builtin' }));
    const vision = info.files.find((f) => f.path === 'onnx/vision_model.onnx');
    expect(vision?.inputs?.[0]?.name).toBe('pixel_values');
    expect(vision?.outputs?.[0]?.name).toBe('image_embeds');
    expect(errorOf(await engine.call('models.info', { id: 'nope' })).messageKey).toBe('error.models.unknown');
  });

  it('refuses to remove a built-in model, and rejects ids that could be paths', async () => {
    expect(errorOf(await engine.call('models.remove', { id: 'tiny-builtin' })).messageKey).toBe('error.models.builtinReadOnly');
    expect(errorOf(await engine.call('models.remove', { id: '../etc' })).code).toBe('validation');
  });

  it('refuses a classroom guest import, remove and install, but lets it list', async () => {
    const source = writeClipFolder(join(root, 'usb', 'guest-clip'));
    expect(errorOf(await engine.call('models.import', { path: source }, guest))).toMatchObject({
      code: 'unauthorized',
      messageKey: 'error.models.guestReadOnly',
    });
    expect(errorOf(await engine.call('models.remove', { id: 'demo-clip' }, guest)).messageKey).toBe('error.models.guestReadOnly');
    expect(errorOf(await engine.call('jobs.start', { kind: 'models.install', args: { id: 'demo-clip' } }, guest)).messageKey).toBe(
      'error.models.guestReadOnly',
    );
    expect((await engine.call('models.list', {}, guest)).ok).toBe(true);
    expect(existsSync(join(dataDir, 'models', 'guest-clip'))).toBe(false);
  });

  it('imports a folder for the owner (absolute paths only), then removes it', async () => {
    expect(errorOf(await engine.call('models.import', { path: 'relative/folder' })).code).toBe('validation');
    const source = writeClipFolder(join(root, 'usb', 'usb-clip'));
    const info = valueOf<ModelInfoResult>(await engine.call('models.import', { path: source }));
    expect(info).toMatchObject({ id: 'usb-clip', source: 'import', installed: true, readOnly: false });
    expect((await list()).models.some((m) => m.id === 'usb-clip' && m.installed)).toBe(true);
    expect(valueOf(await engine.call('models.remove', { id: 'usb-clip' }))).toEqual({ removed: true });
    expect((await list()).models.some((m) => m.id === 'usb-clip')).toBe(false);
  });
});

describe('models.install job', () => {
  it('downloads with progress (bytes, total, speed, ETA) from the local server and installs', async () => {
    const jobId = valueOf<{ jobId: string }>(await engine.call('jobs.start', { kind: 'models.install', args: { id: 'demo-clip' } })).jobId;
    const end = await endOf(jobId);
    expect(end.status).toBe('succeeded');
    const payloads = progress.filter((p) => p.jobId === jobId && p.payload).map((p) => p.payload as ModelsInstallPayload);
    expect(payloads.length).toBeGreaterThan(0);
    const last = payloads.at(-1)!;
    expect(last).toMatchObject({ modelId: 'demo-clip', total: config.length + weights.length, resumedBytes: 0 });
    expect(last.bytes).toBe(last.total);
    expect(payloads.every((p) => p.bytesPerSecond >= 0 && (p.etaSeconds === null || p.etaSeconds >= 0))).toBe(true);
    expect(end.result).toMatchObject({ alreadyInstalled: false, model: { id: 'demo-clip', installed: true } });
    expect((await list()).models.find((m) => m.id === 'demo-clip')).toMatchObject({ installed: true, partial: false });
    valueOf(await engine.call('models.remove', { id: 'demo-clip' }));
  });

  it('pauses on cancel (the partial file stays), resumes with a Range request, and discards on request', async () => {
    server.set('/demo/weights.bin', weights, { kind: 'stall', after: 150_000 });
    const first = valueOf<{ jobId: string }>(await engine.call('jobs.start', { kind: 'models.install', args: { id: 'demo-clip' } })).jobId;
    // Wait until the stalled file has delivered its first bytes.
    for (let i = 0; i < 1000; i++) {
      const p = progress.filter((e) => e.jobId === first && e.payload).map((e) => e.payload as ModelsInstallPayload);
      if (p.some((e) => e.file === 'weights.bin' && e.bytes >= config.length + 150_000)) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await list()).models.find((m) => m.id === 'demo-clip')?.installJobId).toBe(first);
    expect(errorOf(await engine.call('models.remove', { id: 'demo-clip' })).messageKey).toBe('error.models.busy');
    valueOf(await engine.call('jobs.cancel', { jobId: first }));
    expect((await endOf(first)).status).toBe('cancelled');
    const paused = (await list()).models.find((m) => m.id === 'demo-clip');
    expect(paused).toMatchObject({ installed: false, partial: true, installJobId: null });

    server.set('/demo/weights.bin', weights);
    server.requests.length = 0;
    const second = valueOf<{ jobId: string }>(await engine.call('jobs.start', { kind: 'models.install', args: { id: 'demo-clip' } })).jobId;
    expect((await endOf(second)).status).toBe('succeeded');
    expect(server.requests.find((r) => r.path === '/demo/weights.bin')?.range).toBe('bytes=150000-');
    const resumed = progress.filter((e) => e.jobId === second && e.payload).map((e) => e.payload as ModelsInstallPayload);
    expect(resumed[0]!.resumedBytes).toBeGreaterThanOrEqual(150_000);
    valueOf(await engine.call('models.remove', { id: 'demo-clip' }));

    // Pause again, then discard the partial download.
    server.set('/demo/weights.bin', weights, { kind: 'stall', after: 50_000 });
    const third = valueOf<{ jobId: string }>(await engine.call('jobs.start', { kind: 'models.install', args: { id: 'demo-clip' } })).jobId;
    for (
      let i = 0;
      i < 1000 && !progress.some((e) => e.jobId === third && (e.payload as ModelsInstallPayload | undefined)?.file === 'weights.bin');
      i++
    )
      await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 200));
    valueOf(await engine.call('jobs.cancel', { jobId: third }));
    await endOf(third);
    expect(valueOf(await engine.call('models.remove', { id: 'demo-clip', partialOnly: true }))).toEqual({ removed: true });
    expect((await list()).models.find((m) => m.id === 'demo-clip')).toMatchObject({ installed: false, partial: false });
    const staging = join(dataDir, 'models', '.staging');
    expect(existsSync(staging) ? readdirSync(staging) : []).toEqual([]);
  });
});

describe('clip.trainTiny job and shapes.scenes', () => {
  it('trains in the worker and streams losses with a similarity matrix', async () => {
    const jobId = valueOf<{ jobId: string }>(
      await engine.call('jobs.start', {
        kind: 'clip.trainTiny',
        args: { steps: 60, batch: 16, dim: 8, learningRate: 0.01, seed: 2, reportEvery: 20 },
      }),
    ).jobId;
    const end = await endOf(jobId);
    expect(end.status).toBe('succeeded');
    const snaps = progress.filter((p) => p.jobId === jobId && p.payload);
    expect(snaps.length).toBeGreaterThanOrEqual(3);
    const result = end.result as { last: { similarity: Float32Array }; captions: string[] };
    expect(result.last.similarity).toBeInstanceOf(Float32Array);
    expect(result.last.similarity.length).toBe(result.captions.length ** 2);
  });

  it('renders scenes with captions, held-out combinations included', async () => {
    const { scenes } = valueOf<{ scenes: { rgb: Uint8Array; width: number; shape: string; colour: string; caption: { en: string } }[] }>(
      await engine.call('shapes.scenes', { seeds: [1, 2, 3], resolution: 32, combos: 'heldout' }),
    );
    expect(scenes).toHaveLength(3);
    expect(scenes[0]!.rgb.length).toBe(32 * 32 * 3);
    const heldout = [
      ['star', 'purple'],
      ['triangle', 'yellow'],
      ['square', 'green'],
      ['circle', 'orange'],
      ['cross', 'blue'],
    ];
    for (const s of scenes) expect(heldout.some(([shape, colour]) => s.shape === shape && s.colour === colour)).toBe(true);
    expect(scenes[0]!.caption.en).toContain(scenes[0]!.shape);
  });
});
