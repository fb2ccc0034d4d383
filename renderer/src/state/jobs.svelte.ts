/**
 * Jobs as the renderer sees them: start one and get its id plus a promise of
 * its end, follow progress through an optional callback, cancel it, and list
 * every running job (the status bar shows them all, whoever started them).
 */
import type { JobArgs, JobEndEvent, JobKind, JobProgressEvent, JobState, MethodArgs } from '../../../electron/common/api';
import { host } from '../host';
import { DISCONNECTED_ERROR } from '../host/ws-host';

export type JobProgressOf<K extends JobKind> = Extract<JobProgressEvent, { kind: K }>;
export type JobEndOf<K extends JobKind> = Extract<JobEndEvent, { kind: K }>;

export interface RunningJob {
  jobId: string;
  kind: JobKind;
  fraction: number;
  messageKey: string;
  params?: Record<string, string | number>;
  startedAt: number;
  /** Cancel was asked for and the engine has not yet confirmed the end. */
  cancelling: boolean;
}

export interface StartJobOptions<K extends JobKind> {
  onProgress?: (event: JobProgressOf<K>) => void;
}

export interface StartedJob<K extends JobKind> {
  jobId: string;
  /** Settles when the job ends, whatever the outcome: check `status`. Never rejects. */
  done: Promise<JobEndOf<K>>;
}

interface Watcher {
  onProgress?: (event: JobProgressEvent) => void;
  resolve(event: JobEndEvent): void;
  kind: JobKind;
}

const state = $state<{ running: RunningJob[] }>({ running: [] });
const watchers = new Map<string, Watcher>();
/** Events for ids we have not been told about yet: a fast job can end before `jobs.start` answers. */
const earlyEnds = new Map<string, JobEndEvent>();
const EARLY_LIMIT = 50;

export const jobs = {
  get running(): readonly RunningJob[] {
    return state.running;
  },
};

function upsert(job: RunningJob): void {
  const index = state.running.findIndex((existing) => existing.jobId === job.jobId);
  if (index === -1) state.running.push(job);
  else state.running[index] = { ...job, cancelling: state.running[index]?.cancelling ?? false };
}

function remove(jobId: string): void {
  state.running = state.running.filter((job) => job.jobId !== jobId);
}

function handleProgress(event: JobProgressEvent): void {
  const existing = state.running.find((job) => job.jobId === event.jobId);
  if (existing) {
    existing.fraction = event.fraction;
    existing.messageKey = event.messageKey;
    existing.params = event.params;
  } else if (!earlyEnds.has(event.jobId)) {
    upsert({
      jobId: event.jobId,
      kind: event.kind,
      fraction: event.fraction,
      messageKey: event.messageKey,
      params: event.params,
      startedAt: Date.now(),
      cancelling: false,
    });
  }
  watchers.get(event.jobId)?.onProgress?.(event);
}

function handleEnd(event: JobEndEvent): void {
  remove(event.jobId);
  const watcher = watchers.get(event.jobId);
  if (watcher) {
    watchers.delete(event.jobId);
    watcher.resolve(event);
    return;
  }
  earlyEnds.set(event.jobId, event);
  if (earlyEnds.size > EARLY_LIMIT) {
    const oldest = earlyEnds.keys().next().value;
    if (oldest !== undefined) earlyEnds.delete(oldest);
  }
}

function fromState(job: JobState): RunningJob {
  return {
    jobId: job.jobId,
    kind: job.kind,
    fraction: job.fraction,
    messageKey: job.messageKey,
    startedAt: job.startedAt,
    cancelling: false,
  };
}

/** A lost connection means no end event will come: end every job we wait for as failed. */
function failAllWatched(): void {
  for (const [jobId, watcher] of watchers) {
    watcher.resolve({ jobId, kind: watcher.kind, status: 'failed', error: DISCONNECTED_ERROR } as JobEndEvent);
  }
  watchers.clear();
  state.running = [];
}

let connected = false;

/** Subscribes to job events and syncs with the jobs already running (after a reload or reconnect). */
export function connectJobs(): void {
  if (connected) return;
  connected = true;
  host.on('onDidJobProgress', handleProgress);
  host.on('onDidJobEnd', handleEnd);
  host.connection.subscribe((connection) => {
    if (connection === 'closed') failAllWatched();
    if (connection === 'open') void refreshJobs();
  });
}

export async function refreshJobs(): Promise<void> {
  try {
    const list = await host.call('jobs.list', {});
    const known = new Set(list.map((job) => job.jobId));
    for (const job of list)
      if (job.status === 'running') upsert({ ...fromState(job), params: state.running.find((r) => r.jobId === job.jobId)?.params });
    state.running = state.running.filter((job) => known.has(job.jobId) || watchers.has(job.jobId));
  } catch {
    // the connection indicator already tells the learner; the next reconnect retries
  }
}

/**
 * Starts a job. Rejects only when the engine refuses to start it (a
 * `HostCallError`); how the job itself ends is in `done`.
 *
 * @example const { done } = await startJob('demo.montecarlo', { samples: 1e6, chunks: 20, seed: 1 });
 *          const end = await done; // end.status === 'succeeded', end.result.estimate ≈ 3.14
 */
export async function startJob<K extends JobKind>(kind: K, args: JobArgs<K>, options: StartJobOptions<K> = {}): Promise<StartedJob<K>> {
  connectJobs();
  // The contract's discriminated union cannot see that `kind` and `args` belong together.
  const { jobId } = await host.call('jobs.start', { kind, args } as MethodArgs<'jobs.start'>);
  const done = new Promise<JobEndOf<K>>((resolve) => {
    const early = earlyEnds.get(jobId);
    if (early) {
      earlyEnds.delete(jobId);
      resolve(early as JobEndOf<K>);
      return;
    }
    watchers.set(jobId, {
      kind,
      onProgress: options.onProgress as ((event: JobProgressEvent) => void) | undefined,
      resolve: resolve as (event: JobEndEvent) => void,
    });
    if (!state.running.some((job) => job.jobId === jobId)) {
      upsert({ jobId, kind, fraction: 0, messageKey: 'job.queued', startedAt: Date.now(), cancelling: false });
    }
  });
  return { jobId, done };
}

/** Asks the engine to cancel; the job's `done` then settles with status "cancelled". */
export async function cancelJob(jobId: string): Promise<boolean> {
  const job = state.running.find((candidate) => candidate.jobId === jobId);
  if (job) job.cancelling = true;
  try {
    const { cancelled } = await host.call('jobs.cancel', { jobId });
    if (!cancelled && job) job.cancelling = false;
    return cancelled;
  } catch (error) {
    if (job) job.cancelling = false;
    throw error;
  }
}
