/**
 * A job a slider re-runs: while one run is in flight, further requests
 * collapse into one pending request, started when the current run ends, so
 * dragging a slider costs at most two runs and the last position always wins.
 * The last successful result stays on screen while the next one computes
 * (JobRun clears its own result at every start, which would make the canvas
 * flicker).
 *
 * @example const nms = new LatestRun('nms.run');
 * nms.request({ method: 'greedy', input, options: { N_t: 0.5 }, trace: true }); // nms.result: … → the newest NmsResult
 */
import type { JobArgs, JobKind, JobResults } from '../../../../electron/common/api';
import { JobRun, type JobRunHandlers } from '../job-run.svelte';

export class LatestRun<K extends JobKind> {
  readonly run: JobRun<K>;
  /** The newest successful result and the arguments that produced it. */
  result = $state.raw<JobResults[K] | null>(null);
  args = $state.raw<JobArgs<K> | null>(null);
  #pending: JobArgs<K> | null = null;
  #disposed = false;

  constructor(kind: K, handlers: JobRunHandlers<K> = {}) {
    this.run = new JobRun(kind, handlers);
  }

  get busy(): boolean {
    return this.run.busy;
  }

  async request(args: JobArgs<K>): Promise<void> {
    if (this.#disposed) return;
    if (this.run.busy) {
      this.#pending = args;
      return;
    }
    let next: JobArgs<K> | null = args;
    while (next && !this.#disposed) {
      this.#pending = null;
      await this.run.start(next);
      if (this.run.phase === 'succeeded' && this.run.result) {
        this.result = this.run.result;
        this.args = next;
      }
      next = this.#pending;
    }
  }

  cancel(): void {
    this.#pending = null;
    void this.run.cancel();
  }

  dispose(): void {
    this.#disposed = true;
    this.#pending = null;
    this.run.dispose();
  }
}
