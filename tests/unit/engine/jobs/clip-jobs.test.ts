/**
 * The clip.* jobs end to end through the engine: `call('jobs.start')`, the
 * real job worker process (dist/node/job-worker.mjs), model ids resolved in
 * the worker from the folders the engine hands it, the result and its typed
 * arrays back in the end event; and a classroom guest refused host files.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutcome, JobEndEvent } from '../../../../electron/common/api.js';
import { guestCaller } from '../../../../electron/engine/callers.js';
import { createEngine, type Engine } from '../../../../electron/engine/index.js';
import { appPaths } from '../../../../electron/engine/paths.js';
import { JOB_WORKER_URL, ROOT } from '../../../support/paths.js';
import { TINY_LOGIT_SCALE, writeTinyClip, type TinyClipFolder } from '../clip/tiny-clip.js';

let dataDir = '';
let tiny: TinyClipFolder;
let engine: Engine;
const ends: JobEndEvent[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'aigc-lab-clip-jobs-'));
  tiny = await writeTinyClip('tiny-clip');
  engine = await createEngine({
    appVersion: '0.0.0-test',
    paths: { ...appPaths(ROOT), builtinModelsDir: dirname(tiny.folder), workerUrl: JOB_WORKER_URL },
    dataDir,
    host: { kind: 'web', electronVersion: null, describeGpu: async () => null, openExternal: async () => false },
  });
  engine.onEvent((name, payload) => {
    if (name === 'onDidJobEnd') ends.push(payload as JobEndEvent);
  });
  // Let the worker's provider probe finish before anything else (see tests/unit/engine/index.test.ts).
  await engine.call('system.info', {});
});

afterAll(async () => {
  await engine?.dispose();
  await tiny?.remove();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function runToEnd(outcome: Promise<CallOutcome<unknown>>): Promise<JobEndEvent> {
  const started = await outcome;
  if (!started.ok) throw new Error(JSON.stringify(started.error));
  const { jobId } = started.value as { jobId: string };
  for (;;) {
    const end = ends.find((e) => e.jobId === jobId);
    if (end) return end;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('clip jobs through the engine and its worker', () => {
  it('runs clip.similarity in the worker on a model resolved by id, with typed arrays in the result', async () => {
    const end = await runToEnd(
      engine.call('jobs.start', {
        kind: 'clip.similarity',
        args: { model: 'tiny-clip', images: [{ kind: 'scene', seed: 5, resolution: 8 }], prompts: ['red', 'green', 'blue'] },
      }),
    );
    expect(end.error).toBeUndefined();
    expect(end).toMatchObject({ kind: 'clip.similarity', status: 'succeeded' });
    if (end.kind !== 'clip.similarity' || !end.result) throw new Error('no result');
    const result = end.result;
    expect(result).toMatchObject({
      model: 'tiny-clip',
      images: 1,
      texts: 3,
      logitScale: TINY_LOGIT_SCALE,
      provider: 'cpu',
      cache: { hits: 0, misses: 3 },
    });
    expect(result.similarity).toBeInstanceOf(Float32Array);
    expect(result.probs).toBeInstanceOf(Float32Array);
    expect([...result.probs].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('fails a job for a model that is in neither folder with the model-not-found key', async () => {
    const end = await runToEnd(
      engine.call('jobs.start', { kind: 'clip.zeroShot', args: { model: 'no-such-clip', images: [{ kind: 'scene', seed: 5 }], labels: ['red'] } }),
    );
    expect(end).toMatchObject({
      status: 'failed',
      error: { code: 'notFound', messageKey: 'error.clip.modelNotFound', params: { id: 'no-such-clip' } },
    });
  });

  it('answers a malformed payload with a validation error and starts nothing', async () => {
    const outcome = await engine.call('jobs.start', {
      kind: 'clip.similarity',
      args: { images: [{ kind: 'scene', seed: 1 }], prompts: [''.padEnd(1001, 'x')] },
    });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await engine.call('jobs.list', {})).toEqual({ ok: true, value: [] });
  });

  it('lets a classroom guest send image bytes or scenes but never read the host’s files', async () => {
    const guest = guestCaller('student-0001', 'fallback');
    const outcome = await engine.call(
      'jobs.start',
      { kind: 'clip.similarity', args: { model: 'tiny-clip', images: [{ kind: 'file', path: '/etc/passwd' }], prompts: ['red'] } },
      guest,
    );
    expect(outcome).toMatchObject({ ok: false, error: { code: 'unauthorized', messageKey: 'error.clip.guestFiles' } });
    const allowed = await engine.call(
      'jobs.start',
      { kind: 'clip.similarity', args: { model: 'tiny-clip', images: [{ kind: 'scene', seed: 2, resolution: 8 }], prompts: ['red'] } },
      guest,
    );
    expect(allowed.ok).toBe(true);
    // Guest events go to the guest's listeners; wait for the worker to finish before disposing.
    const { jobId } = (allowed as { ok: true; value: { jobId: string } }).value;
    for (let i = 0; i < 400 && engine.runningJobs(guest) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(jobId).toMatch(/./);
  });
});
