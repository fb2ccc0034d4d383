/**
 * The job runner with real worker threads from the bundled worker
 * (dist/node/job-worker.mjs, built by tests/support/global-setup.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobEndEvent, JobProgressEvent, JobResults, ProviderChoice, ProviderReport } from '../../../../electron/common/api.js';
import { LabError } from '../../../../electron/common/errors.js';
import { JobRunner } from '../../../../electron/engine/jobs/runner.js';
import { FIXTURES, JOB_WORKER_URL, ROOT } from '../../../support/paths.js';

const CRASH_WORKER_URL = pathToFileURL(join(FIXTURES, 'jobs', 'crash-worker.mjs'));

interface Harness {
  runner: JobRunner;
  progress: JobProgressEvent[];
  reports: ProviderReport[];
  /** Resolves with the job's end event (also if it already came). */
  ended(jobId: string): Promise<JobEndEvent>;
  /** Resolves once no provider report has come for a while: no worker is still probing. */
  quiet(): Promise<void>;
}

const harnesses: Harness[] = [];

afterEach(async () => {
  // Terminating a worker while onnxruntime is busy in it (its start-up provider probe) can abort the whole
  // process (see the "inside onnxruntime" test below), so wait until every worker has gone quiet first.
  const all = harnesses.splice(0);
  await Promise.all(all.map((h) => h.quiet()));
  await Promise.all(all.map((h) => h.runner.dispose()));
});

function harness(options: { provider?: ProviderChoice; workerUrl?: URL; hardCancelAfterMs?: number } = {}): Harness {
  const progress: JobProgressEvent[] = [];
  const reports: ProviderReport[] = [];
  const ends = new Map<string, JobEndEvent>();
  const waiting = new Map<string, (event: JobEndEvent) => void>();
  const runner = new JobRunner({
    workerUrl: options.workerUrl ?? JOB_WORKER_URL,
    provider: options.provider ?? 'cpu',
    hardCancelAfterMs: options.hardCancelAfterMs,
    events: {
      progress: (event) => progress.push(event),
      end: (event) => {
        ends.set(event.jobId, event);
        waiting.get(event.jobId)?.(event);
      },
      providers: (report) => reports.push(report),
    },
  });
  const h: Harness = {
    runner,
    progress,
    reports,
    ended: (jobId) =>
      new Promise((resolve) => {
        const done = ends.get(jobId);
        if (done) resolve(done);
        else waiting.set(jobId, resolve);
      }),
    quiet: async () => {
      const deadline = performance.now() + 5000;
      let seen = -1;
      while (seen !== reports.length && performance.now() < deadline) {
        seen = reports.length;
        await new Promise((resolve) => setTimeout(resolve, 600));
      }
    },
  };
  harnesses.push(h);
  return h;
}

function firstProgress(h: Harness, jobId: string): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (h.progress.some((p) => p.jobId === jobId)) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
}

describe('JobRunner', () => {
  it('runs demo.montecarlo with increasing progress to a result near π', async () => {
    const h = harness();
    const jobId = h.runner.start('demo.montecarlo', { samples: 4_000_000, chunks: 400, seed: 1 });
    expect(h.runner.list()).toEqual([expect.objectContaining({ jobId, kind: 'demo.montecarlo', status: 'running', fraction: 0 })]);
    const end = await h.ended(jobId);
    expect(end.status).toBe('succeeded');
    const result = end.result as JobResults['demo.montecarlo'];
    expect(result.samples).toBe(4_000_000);
    expect(Math.abs(result.estimate - Math.PI)).toBeLessThan(0.01);
    expect(result.error).toBeCloseTo(Math.abs(result.estimate - Math.PI), 12);

    const mine = h.progress.filter((p) => p.jobId === jobId);
    expect(mine.length).toBeGreaterThan(1);
    const fractions = mine.map((p) => p.fraction);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThan(fractions[i - 1]!);
    expect(fractions.at(-1)).toBe(1);
    for (const p of mine) {
      expect(p.kind).toBe('demo.montecarlo');
      expect(p.messageKey).toBe('job.demo.progress');
      expect(p.params).toEqual({ done: expect.any(Number), total: 4_000_000 });
    }
    expect(mine.at(-1)?.payload).toEqual({ estimate: result.estimate, samplesDone: 4_000_000 });
    expect(h.runner.list()).toEqual([]);
  });

  it('gives the same estimate for the same seed', async () => {
    const h = harness();
    const a = h.runner.start('demo.montecarlo', { samples: 100_000, chunks: 10, seed: 5 });
    const b = h.runner.start('demo.montecarlo', { samples: 100_000, chunks: 10, seed: 5 });
    const [endA, endB] = await Promise.all([h.ended(a), h.ended(b)]);
    expect(endA.result).toEqual(endB.result);
  });

  it('cancels a running job promptly at its next checkpoint', async () => {
    const h = harness({ hardCancelAfterMs: 10_000 });
    const jobId = h.runner.start('demo.montecarlo', { samples: 2_000_000_000, chunks: 10_000, seed: 2 });
    await firstProgress(h, jobId);
    const cancelledAt = performance.now();
    expect(h.runner.cancel(jobId)).toBe(true);
    const end = await h.ended(jobId);
    const took = performance.now() - cancelledAt;
    expect(end).toEqual({ jobId, kind: 'demo.montecarlo', status: 'cancelled' });
    expect(took).toBeLessThan(1000);
    expect(h.runner.list()).toEqual([]);
  });

  it('ends a job that ignores the cancel by terminating its worker after hardCancelAfterMs', async () => {
    const h = harness({ hardCancelAfterMs: 200 });
    // One chunk: the job never reaches a second checkpoint, so only the hard cancel can stop it.
    const jobId = h.runner.start('demo.montecarlo', { samples: 2_000_000_000, chunks: 1, seed: 3 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const cancelledAt = performance.now();
    h.runner.cancel(jobId);
    const end = await h.ended(jobId);
    expect(end.status).toBe('cancelled');
    expect(performance.now() - cancelledAt).toBeLessThan(1500);
  });

  it('runs the next job normally right after a hard cancel', async () => {
    const h = harness({ hardCancelAfterMs: 100 });
    const stuck = h.runner.start('demo.montecarlo', { samples: 2_000_000_000, chunks: 1, seed: 3 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    h.runner.cancel(stuck);
    expect((await h.ended(stuck)).status).toBe('cancelled');
    // The learner presses "run" again as soon as the cancel shows.
    const next = h.runner.start('demo.montecarlo', { samples: 10_000, chunks: 2, seed: 4 });
    const end = await h.ended(next);
    expect(end.error).toBeUndefined();
    expect(end.status).toBe('succeeded');
  });

  it('runs engine.check on the CPU provider with output matching the reference', async () => {
    const h = harness({ provider: 'cpu' });
    const jobId = h.runner.start('engine.check', { runs: 5 });
    const end = await h.ended(jobId);
    expect(end.error).toBeUndefined();
    expect(end.status).toBe('succeeded');
    const result = end.result as JobResults['engine.check'];
    expect(result.provider).toBe('cpu');
    expect(result.fallback).toBeNull();
    expect(result.runs).toBe(5);
    expect(result.output).toBeInstanceOf(Float32Array);
    expect(result.output).toHaveLength(4);
    expect(result.maxAbsError).toBeLessThan(1e-5);
    expect(result.medianMs).toBeGreaterThanOrEqual(0);
    expect(result.firstMs).toBeGreaterThanOrEqual(result.medianMs);
    const mine = h.progress.filter((p) => p.jobId === jobId);
    expect(mine.at(-1)).toMatchObject({ fraction: 1, messageKey: 'job.check.running', params: { run: 5, runs: 5 } });
  });

  it('runs engine.check on auto, reporting the provider it used and any fallback', async () => {
    const h = harness({ provider: 'auto' });
    const end = await h.ended(h.runner.start('engine.check', { runs: 2 }));
    expect(end.status).toBe('succeeded');
    const result = end.result as JobResults['engine.check'];
    expect(result.maxAbsError).toBeLessThan(1e-5);
    if (result.fallback) expect(result.provider).toBe('cpu');
    const report = h.reports.at(-1);
    expect(report?.requested).toBe('auto');
    expect(report?.chosen).toBe(result.provider);
  });

  it('reports the providers the worker sees as soon as it warms up', async () => {
    const h = harness({ provider: 'cpu' });
    h.runner.warmUp();
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (h.reports.length > 0) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    const report = h.reports[0]!;
    expect(report.requested).toBe('cpu');
    expect(report.chosen).toBe('cpu');
    expect(report.available).toContainEqual({ name: 'cpu', bundled: true, usable: true });
  });

  it('fails the jobs of a worker that crashes with jobFailed, and the next job still runs', async () => {
    const h = harness({ workerUrl: CRASH_WORKER_URL });
    const doomed = h.runner.start('demo.montecarlo', { samples: 2_000_000_000, chunks: 10_000, seed: 1, crash: true });
    const end = await h.ended(doomed);
    expect(end.status).toBe('failed');
    expect(end.error).toMatchObject({ code: 'jobFailed', messageKey: 'error.jobFailed' });
    expect(end.error?.detail).toContain('simulated job worker crash');

    const next = h.runner.start('demo.montecarlo', { samples: 10_000, chunks: 2, seed: 1 });
    expect((await h.ended(next)).status).toBe('succeeded');
  });

  it('survives hard cancels that land while the worker is inside onnxruntime', { timeout: 90_000 }, async () => {
    // Run in a child process: if terminating the worker aborts the process, only the child dies.
    const dir = await mkdtemp(join(tmpdir(), 'aigc-lab-hard-cancel-'));
    try {
      const script = join(dir, 'hard-cancel-inference.mjs');
      await build({
        entryPoints: [join(FIXTURES, 'jobs', 'hard-cancel-inference.ts')],
        bundle: true,
        platform: 'node',
        format: 'esm',
        packages: 'external',
        outfile: script,
        absWorkingDir: ROOT,
        logLevel: 'warning',
      });
      const child = spawnSync(process.execPath, [script, JOB_WORKER_URL.href, '12'], { cwd: ROOT, encoding: 'utf8', timeout: 80_000 });
      const stderr = child.stderr
        .split('\n')
        .filter((line) => !/Vulkan|BackendVk/.test(line))
        .join('\n')
        .trim();
      expect({ status: child.status, signal: child.signal, stdout: child.stdout.trim(), stderr }).toEqual({
        status: 0,
        signal: null,
        stdout: 'survived',
        stderr: '',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to cancel a job it does not know', () => {
    const h = harness();
    let caught: unknown;
    try {
      h.runner.cancel('no-such-job');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LabError);
    expect((caught as LabError).code).toBe('jobUnknown');
  });
});
