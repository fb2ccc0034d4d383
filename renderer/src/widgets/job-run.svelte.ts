/**
 * One widget's view of one job at a time: its phase, progress, result or
 * error, as reactive state. Built on state/jobs (which the status bar also
 * watches), so a widget only adds what it draws. Every later lab's job
 * widget can reuse it.
 *
 * @example
 * const run = new JobRun('demo.montecarlo', { onProgress: (event) => points.push(event.payload) });
 * await run.start({ samples: 1e6, chunks: 20, seed: 1 }); // run.phase: 'starting' → 'running' → 'succeeded'
 */
import type { JobArgs, JobKind, JobResults } from '../../../electron/common/api';
import type { LabErrorData } from '../../../electron/common/errors';
import { cancelJob, startJob, type JobProgressOf } from '../state/jobs.svelte';
import { errorDataOf } from '../state/notices.svelte';

export type JobPhase = 'idle' | 'starting' | 'running' | 'cancelling' | 'succeeded' | 'cancelled' | 'failed';

export interface JobRunHandlers<K extends JobKind> {
  onProgress?: (event: JobProgressOf<K>) => void;
}

export class JobRun<K extends JobKind> {
  phase = $state<JobPhase>('idle');
  fraction = $state(0);
  result = $state.raw<JobResults[K] | null>(null);
  error = $state.raw<LabErrorData | null>(null);
  /** Some run has ended (any outcome): the start button now reads "Run again". */
  ended = $state(false);
  /** Wall time from start to end, as the learner experienced it (ms). */
  elapsedMs = $state<number | null>(null);
  #jobId: string | null = null;
  /** Bumped on every start and on dispose, so events of an older run are ignored. */
  #generation = 0;
  #cancelRequested = false;

  constructor(
    readonly kind: K,
    private readonly handlers: JobRunHandlers<K> = {},
  ) {}

  get busy(): boolean {
    return this.phase === 'starting' || this.phase === 'running' || this.phase === 'cancelling';
  }

  async start(args: JobArgs<K>): Promise<void> {
    if (this.busy) return;
    const generation = ++this.#generation;
    this.phase = 'starting';
    this.fraction = 0;
    this.result = null;
    this.error = null;
    this.elapsedMs = null;
    this.#cancelRequested = false;
    const startedAt = performance.now();
    try {
      const started = await startJob(this.kind, args, {
        onProgress: (event) => {
          if (generation !== this.#generation) return;
          this.fraction = event.fraction;
          this.handlers.onProgress?.(event);
        },
      });
      if (generation !== this.#generation) {
        // Disposed while the engine was starting it: nobody will watch this job.
        void cancelJob(started.jobId).catch(() => {});
        return;
      }
      this.#jobId = started.jobId;
      if (this.phase === 'starting') this.phase = 'running';
      // Cancel pressed before the engine answered with an id.
      if (this.#cancelRequested) void this.cancel();
      const end = await started.done;
      if (generation !== this.#generation) return;
      this.#jobId = null;
      this.elapsedMs = performance.now() - startedAt;
      this.ended = true;
      this.phase = end.status;
      if (end.status === 'succeeded') {
        this.fraction = 1;
        this.result = (end.result ?? null) as JobResults[K] | null;
      } else if (end.status === 'failed') {
        this.error = end.error ?? { code: 'jobFailed', messageKey: 'error.jobFailed' };
      }
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#jobId = null;
      this.ended = true;
      this.phase = 'failed';
      this.error = errorDataOf(error);
    }
  }

  async cancel(): Promise<void> {
    if (this.phase === 'starting') {
      this.#cancelRequested = true;
      this.phase = 'cancelling';
      return;
    }
    const jobId = this.#jobId;
    if (!jobId || (this.phase !== 'running' && this.phase !== 'cancelling')) return;
    this.phase = 'cancelling';
    try {
      const cancelled = await cancelJob(jobId);
      // The job finished before the cancel arrived: its end event sets the phase.
      if (!cancelled && this.phase === 'cancelling' && this.#jobId === jobId) this.phase = 'running';
    } catch (error) {
      if (this.#jobId === jobId) {
        this.phase = 'running';
        this.error = errorDataOf(error);
      }
    }
  }

  /** Called when the widget goes away: a demo nobody can see should not keep a CPU core busy. */
  dispose(): void {
    const jobId = this.#jobId;
    this.#generation++;
    this.#jobId = null;
    if (jobId) void cancelJob(jobId).catch(() => {});
  }
}
