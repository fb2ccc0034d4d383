/** The engine as a host sees it: `createEngine`, `call` and events, with a real job worker. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallOutcome, EventName, JobEndEvent, Progress, Settings } from '../../../electron/common/api.js';
import { createEngine, type Engine, type HostServices } from '../../../electron/engine/index.js';
import { appPaths } from '../../../electron/engine/paths.js';
import { FIXTURES, JOB_WORKER_URL, ROOT } from '../../support/paths.js';

let dataDir = '';
let engine: Engine;
let opened: string[];
let events: { name: EventName; payload: unknown }[];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'aigc-lab-engine-'));
  opened = [];
  events = [];
  const host: HostServices = {
    kind: 'cli',
    electronVersion: null,
    describeGpu: async () => null,
    openExternal: async (url) => {
      opened.push(url);
      return true;
    },
  };
  engine = await createEngine({
    appVersion: '0.0.0-test',
    paths: { ...appPaths(ROOT), lessonsDir: join(FIXTURES, 'lessons'), workerUrl: JOB_WORKER_URL },
    dataDir,
    host,
  });
  engine.onEvent((name, payload) => events.push({ name, payload }));
  // system.info waits for the job worker's provider probe. Disposing the engine while onnxruntime is busy in
  // the worker can abort the process (see tests/unit/engine/jobs/runner.test.ts), so let the probe finish.
  await engine.call('system.info', {});
});

afterEach(async () => {
  await engine.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

function value<T>(outcome: CallOutcome<unknown>): T {
  if (!outcome.ok) throw new Error(`expected success, got ${JSON.stringify(outcome.error)}`);
  return outcome.value as T;
}

describe('createEngine', () => {
  it('answers a malformed payload with a validation error and keeps serving', async () => {
    const bad = await engine.call('settings.update', { patch: { theme: 'neon' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(value<Settings>(await engine.call('settings.get', {})).theme).toBe('system');
  });

  it('persists a settings update, tells listeners, and reads it back after a restart', async () => {
    const next = value<Settings>(await engine.call('settings.update', { patch: { locale: 'zh-CN', theme: 'dark' } }));
    expect(next).toMatchObject({ locale: 'zh-CN', theme: 'dark' });
    expect(events).toContainEqual({ name: 'onDidChangeSettings', payload: next });
    expect(JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8'))).toEqual(next);
  });

  it('refuses a relative model folder with its own message key', async () => {
    expect(await engine.call('settings.update', { patch: { modelDir: 'models' } })).toEqual({
      ok: false,
      error: { code: 'validation', messageKey: 'error.modelDirNotAbsolute' },
    });
  });

  it('keeps both settings when two updates arrive together', async () => {
    await Promise.all([engine.call('settings.update', { patch: { locale: 'zh-CN' } }), engine.call('settings.update', { patch: { theme: 'dark' } })]);
    expect(value<Settings>(await engine.call('settings.get', {}))).toMatchObject({ locale: 'zh-CN', theme: 'dark' });
  });

  it('keeps the progress of both lessons when two saves arrive together', async () => {
    await Promise.all([
      engine.call('progress.setLesson', { lessonId: 'good', progress: { stepIndex: 1, visited: ['intro', 'math'] } }),
      engine.call('progress.setLesson', { lessonId: 'second-good', progress: { stepIndex: 0, visited: ['only'] } }),
    ]);
    const progress = value<Progress>(await engine.call('progress.get', {}));
    expect(Object.keys(progress.lessons).sort()).toEqual(['good', 'second-good']);
  });

  it('lists lessons from its lessons folder, with the broken ones as problems', async () => {
    const index = value<{ lessons: { id: string }[]; problems: unknown[] }>(await engine.call('lessons.list', {}));
    expect(index.lessons.map((l) => l.id)).toEqual(['second-good', 'good']);
    expect(index.problems).toHaveLength(4);
    expect(await engine.call('lessons.get', { id: 'nope', locale: 'en' })).toMatchObject({ ok: false, error: { code: 'notFound' } });
  });

  it('opens allow-listed links through the host and refuses others without asking it', async () => {
    expect(value(await engine.call('app.openExternal', { url: 'https://arxiv.org/abs/2103.00020' }))).toEqual({ opened: true });
    expect(await engine.call('app.openExternal', { url: 'file:///etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'unsupported', messageKey: 'error.linkNotAllowed' },
    });
    expect(opened).toEqual(['https://arxiv.org/abs/2103.00020']);
  });

  it('runs a job started through call and emits its end event', async () => {
    const { jobId } = value<{ jobId: string }>(
      await engine.call('jobs.start', { kind: 'demo.montecarlo', args: { samples: 10_000, chunks: 2, seed: 1 } }),
    );
    const end = await new Promise<JobEndEvent>((resolve) => {
      const poll = setInterval(() => {
        const found = events.find((e) => e.name === 'onDidJobEnd' && (e.payload as JobEndEvent).jobId === jobId);
        if (found) {
          clearInterval(poll);
          resolve(found.payload as JobEndEvent);
        }
      }, 5);
    });
    expect(end.status).toBe('succeeded');
    expect(events.some((e) => e.name === 'onDidJobProgress')).toBe(true);
  });
});
