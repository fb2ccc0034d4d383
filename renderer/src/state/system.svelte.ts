/**
 * What the engine reports about the machine: versions, CPU/GPU and, most
 * visibly, which execution provider runs the models and whether it fell back.
 */
import type { ProviderReport, SystemInfo } from '../../../electron/common/api';
import type { LabErrorData } from '../../../electron/common/errors';
import { host } from '../host';
import { errorDataOf } from './notices.svelte';

const state = $state<{ info: SystemInfo | null; error: LabErrorData | null }>({ info: null, error: null });

export const system = {
  get info(): SystemInfo | null {
    return state.info;
  },
  get error(): LabErrorData | null {
    return state.error;
  },
};

let inFlight: Promise<void> | null = null;

/** Re-reads the system report; concurrent callers share one request. */
export function refreshSystemInfo(): Promise<void> {
  inFlight ??= host
    .call('system.info', {})
    .then((info) => {
      state.info = info;
      state.error = null;
    })
    .catch((error: unknown) => {
      state.error = errorDataOf(error);
    })
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

/** A fresh provider report from the engine's event: no round trip needed. */
export function adoptProviders(report: ProviderReport): void {
  if (state.info) state.info = { ...state.info, providers: report };
}
