/**
 * Start-up and reconnection: loads everything the shell shows once the host
 * is reachable, and again after a reconnect (the engine may have restarted
 * and changed underneath us).
 */
import type { LabErrorData } from '../../../electron/common/errors';
import { host, type ConnectionState } from '../host';
import { connectJobs } from './jobs.svelte';
import { loadLessons } from './lessons.svelte';
import { dismissNoticesWhere, errorDataOf } from './notices.svelte';
import { loadProgress } from './progress.svelte';
import { loadSettings } from './settings.svelte';
import { adoptProviders, refreshSystemInfo } from './system.svelte';

const state = $state<{ connection: ConnectionState; everOpen: boolean; ready: boolean; startError: LabErrorData | null }>({
  connection: host.connection.state,
  everOpen: false,
  ready: false,
  startError: null,
});

export const app = {
  get connection(): ConnectionState {
    return state.connection;
  },
  /** True once a connection has opened: tells "starting" apart from "lost". */
  get everOpen(): boolean {
    return state.everOpen;
  },
  /** Settings, progress and the lesson index have loaded at least once. */
  get ready(): boolean {
    return state.ready;
  },
  /** Why the first load failed, when it did. */
  get startError(): LabErrorData | null {
    return state.startError;
  },
};

async function loadEverything(): Promise<void> {
  try {
    await Promise.all([loadSettings(), loadProgress(), loadLessons(), refreshSystemInfo()]);
    state.ready = true;
    state.startError = null;
  } catch (error) {
    state.startError = errorDataOf(error);
  }
}

let started = false;

export function startApp(): void {
  if (started) return;
  started = true;
  connectJobs();
  // The worker re-probes providers on start-up, after a settings change and after each job.
  host.on('onDidChangeProviders', adoptProviders);
  host.on('onDidChangeSettings', () => void refreshSystemInfo());
  host.connection.subscribe((connection) => {
    state.connection = connection;
    if (connection === 'open') {
      state.everOpen = true;
      dismissNoticesWhere((error) => error.messageKey === 'error.disconnected');
      void loadEverything();
    }
  });
}
