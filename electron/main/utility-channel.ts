/**
 * Adapts an Electron utility process to the engine's WorkerChannel, the same
 * contract the web host's `fork` channel meets (electron/engine/jobs/worker-channel.ts).
 * Only Electron types are imported, so tests drive it with a fake process.
 */
import type { UtilityProcess } from 'electron';
import type { FromWorker, ToWorker } from '../engine/jobs/protocol.js';
import type { WorkerChannel } from '../engine/jobs/worker-channel.js';

/** How much of the worker's stderr is kept to explain an unexpected exit. */
const STDERR_TAIL = 2000;

export function utilityChannel(child: UtilityProcess, kill: (pid: number) => void = (pid) => process.kill(pid, 'SIGKILL')): WorkerChannel {
  let exited = false;
  let stderrTail = '';
  const exitListeners: ((detail: string) => void)[] = [];
  const announceExit = (detail: string): void => {
    if (exited) return;
    exited = true;
    for (const listener of exitListeners) listener(detail);
  };

  // Piped (not inherited) so an unexpected exit can be explained with the worker's last error line;
  // it is still echoed to main's stderr for whoever watches the terminal.
  child.stderr?.on('data', (chunk: Buffer | string) => {
    const text = chunk.toString();
    process.stderr.write(text);
    stderrTail = (stderrTail + text).slice(-STDERR_TAIL);
  });
  child.on('exit', (code) => {
    const lastError = /Error[^\n]*/.exec(stderrTail)?.[0];
    announceExit(`job worker exited (code ${code})${lastError ? `: ${lastError}` : ''}`);
  });
  child.on('error', (type, location) => announceExit(`job worker failed: ${type} at ${location}`));

  return {
    post(message: ToWorker) {
      if (!exited) child.postMessage(message);
    },
    onMessage(listener) {
      child.on('message', (message: unknown) => listener(message as FromWorker));
    },
    onExit(listener) {
      exitListeners.push(listener);
    },
    kill() {
      if (exited) return;
      // utilityProcess.kill() sends SIGTERM, which a process stuck inside a native
      // onnxruntime call may not act on; the contract is "ends at once".
      if (child.pid !== undefined && process.platform !== 'win32') {
        try {
          kill(child.pid);
          return;
        } catch {
          // already gone, or not ours to signal: fall back to Electron's own kill
        }
      }
      child.kill();
    },
  };
}
