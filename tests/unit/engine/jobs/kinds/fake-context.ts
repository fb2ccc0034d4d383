/**
 * A JobContext for calling a job function directly (not a test file): it
 * records progress and can simulate a cancel at the n-th checkpoint.
 */
import type { JobKind, JobPayloads } from '../../../../../electron/common/api.js';
import { LabError } from '../../../../../electron/common/errors.js';
import type { JobContext, ModelDirs } from '../../../../../electron/engine/jobs/context.js';
import type { Runtime } from '../../../../../electron/engine/runtime/ort.js';

export interface ProgressRecord<K extends JobKind> {
  fraction: number;
  messageKey: string;
  payload: JobPayloads[K] | undefined;
  params: Record<string, string | number> | undefined;
}

export function fakeContext<K extends JobKind>(
  runtime: Runtime,
  options: { cancelAtCheckpoint?: number; modelDirs?: ModelDirs } = {},
): JobContext<K> & { records: ProgressRecord<K>[]; checkpoints: number } {
  const records: ProgressRecord<K>[] = [];
  const controller = new AbortController();
  const context = {
    signal: controller.signal,
    runtime,
    modelDirs: options.modelDirs ?? null,
    records,
    checkpoints: 0,
    progress(fraction: number, messageKey: string, payload?: JobPayloads[K], params?: Record<string, string | number>): void {
      records.push({ fraction, messageKey, payload, params });
    },
    async checkpoint(): Promise<void> {
      context.checkpoints++;
      await Promise.resolve();
      if (options.cancelAtCheckpoint !== undefined && context.checkpoints >= options.cancelAtCheckpoint) throw new LabError('jobCancelled');
    },
  };
  return context;
}
