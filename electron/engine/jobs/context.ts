import type { JobArgs, JobKind, JobPayloads, JobResults } from '../../common/api.js';
import { LabError } from '../../common/errors.js';
import type { Runtime } from '../runtime/ort.js';

/** Where a job finds models by id: the app's shipped built-ins and the user's model folder (as the settings were when the job started). */
export interface ModelDirs {
  builtin: string;
  user: string;
}

/** What a job function gets besides its arguments. */
export interface JobContext<K extends JobKind> {
  readonly signal: AbortSignal;
  readonly runtime: Runtime;
  /** Null when the host started the job without them (a bare JobRunner in tests); jobs that resolve models refuse then. */
  readonly modelDirs: ModelDirs | null;
  /** Reports progress; cheap to call often (the worker throttles what it sends). */
  progress(fraction: number, messageKey: string, payload?: JobPayloads[K], params?: Record<string, string | number>): void;
  /**
   * Lets queued messages (a cancel) in and throws if the job was cancelled.
   * Call it between chunks of CPU work: a job that never yields cannot be cancelled softly.
   */
  checkpoint(): Promise<void>;
}

export type JobFunction<K extends JobKind> = (args: JobArgs<K>, context: JobContext<K>) => Promise<JobResults[K]>;

export function cancelledError(): LabError {
  return new LabError('jobCancelled');
}
