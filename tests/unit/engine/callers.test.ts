/** Classroom mode: guests get their own settings and progress, cannot change the teacher's machine, and see only their own jobs. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallOutcome, EventName, JobState, Progress, Settings } from '../../../electron/common/api.js';
import { guestCaller, OWNER } from '../../../electron/engine/callers.js';
import { createEngine, type Engine } from '../../../electron/engine/index.js';
import { appPaths } from '../../../electron/engine/paths.js';
import { FIXTURES, JOB_WORKER_URL, ROOT } from '../../support/paths.js';

let dataDir = '';
let engine: Engine;
const alice = guestCaller('alice-browser-1', 'unused');
const bob = guestCaller('bob-browser-22', 'unused');

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'aigc-lab-callers-'));
  engine = await createEngine({
    appVersion: '0.0.0-test',
    paths: { ...appPaths(ROOT), lessonsDir: join(FIXTURES, 'lessons'), workerUrl: JOB_WORKER_URL },
    dataDir,
    host: { kind: 'web', electronVersion: null, describeGpu: async () => null, openExternal: async () => false },
  });
  await engine.call('system.info', {});
});

afterEach(async () => {
  await engine.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

function value<T>(outcome: CallOutcome<unknown>): T {
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.detail ?? outcome.error.messageKey}`);
  return outcome.value as T;
}

describe('guest callers', () => {
  it('keep their own language and progress, away from the owner and each other', async () => {
    const seen: Record<string, EventName[]> = { owner: [], alice: [], bob: [] };
    engine.onEvent((name) => seen.owner!.push(name), OWNER);
    engine.onEvent((name) => seen.alice!.push(name), alice);
    engine.onEvent((name) => seen.bob!.push(name), bob);

    value(await engine.call('settings.update', { patch: { locale: 'zh-CN', theme: 'dark' } }, alice));
    expect(value<Settings>(await engine.call('settings.get', {}, alice))).toMatchObject({ locale: 'zh-CN', theme: 'dark' });
    expect(value<Settings>(await engine.call('settings.get', {}, bob))).toMatchObject({ locale: 'en', theme: 'system' });
    expect(value<Settings>(await engine.call('settings.get', {}))).toMatchObject({ locale: 'en', theme: 'system' });
    expect(seen.alice).toContain('onDidChangeSettings');
    expect(seen.bob).not.toContain('onDidChangeSettings');
    expect(seen.owner).not.toContain('onDidChangeSettings');

    value(await engine.call('progress.setLesson', { lessonId: 'good', progress: { stepIndex: 1, visited: ['one'] } }, bob));
    expect(value<Progress>(await engine.call('progress.get', {}, bob)).lastLessonId).toBe('good');
    expect(value<Progress>(await engine.call('progress.get', {})).lastLessonId).toBeNull();
    // Nothing a guest does reaches the owner's files.
    await engine.dispose();
    await expect(readFile(join(dataDir, 'progress.json'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    engine = await createEngine({
      appVersion: '0.0.0-test',
      paths: { ...appPaths(ROOT), lessonsDir: join(FIXTURES, 'lessons'), workerUrl: JOB_WORKER_URL },
      dataDir,
      host: { kind: 'web', electronVersion: null, describeGpu: async () => null, openExternal: async () => false },
    });
  });

  it("may not change the teacher's execution provider or model folder", async () => {
    for (const patch of [{ executionProvider: 'cpu' as const }, { modelDir: join(dataDir, 'elsewhere') }]) {
      const outcome = await engine.call('settings.update', { patch }, alice);
      expect(outcome).toMatchObject({ ok: false, error: { code: 'unauthorized', messageKey: 'error.guestReadOnly' } });
    }
    value(await engine.call('settings.update', { patch: { executionProvider: 'cpu' } }));
  });

  it('see and cancel only their own jobs, and hear only their own job events', async () => {
    const bobEvents: string[] = [];
    engine.onEvent((name, payload) => {
      if (name === 'onDidJobProgress' || name === 'onDidJobEnd') bobEvents.push((payload as { jobId: string }).jobId);
    }, bob);
    const { jobId } = value<{ jobId: string }>(
      await engine.call('jobs.start', { kind: 'demo.montecarlo', args: { samples: 2_000_000_000, chunks: 10_000, seed: 1 } }, alice),
    );
    expect(value<JobState[]>(await engine.call('jobs.list', {}, alice)).map((j) => j.jobId)).toEqual([jobId]);
    expect(value<JobState[]>(await engine.call('jobs.list', {}, bob))).toEqual([]);
    expect(value<JobState[]>(await engine.call('jobs.list', {}))).toEqual([]);
    expect(await engine.call('jobs.cancel', { jobId }, bob)).toMatchObject({ ok: false, error: { code: 'jobUnknown' } });
    expect(value<{ cancelled: boolean }>(await engine.call('jobs.cancel', { jobId }, alice)).cancelled).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bobEvents).toEqual([]);
  });
});
