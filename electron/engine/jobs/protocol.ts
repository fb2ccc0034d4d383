/** Messages between the job runner (host thread) and the job worker thread. */
import type { JobKind, JobStatus, ProviderChoice, ProviderReport } from '../../common/api.js';
import type { LabErrorData } from '../../common/errors.js';
import type { ModelDirs } from './context.js';

export type ToWorker =
  | { type: 'start'; jobId: string; kind: JobKind; args: unknown; modelDirs?: ModelDirs }
  | { type: 'cancel'; jobId: string }
  | { type: 'setProvider'; provider: ProviderChoice };

export type FromWorker =
  | {
      type: 'progress';
      jobId: string;
      fraction: number;
      messageKey: string;
      params?: Record<string, string | number>;
      payload?: unknown;
    }
  | { type: 'end'; jobId: string; status: Exclude<JobStatus, 'running'>; result?: unknown; error?: LabErrorData }
  | { type: 'providers'; report: ProviderReport; ortVersion: string };
