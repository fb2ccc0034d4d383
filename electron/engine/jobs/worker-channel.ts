/**
 * How the runner talks to the process that runs jobs.
 *
 * Jobs run in a separate PROCESS, not a worker thread: terminating a worker
 * thread while onnxruntime is inside a native call aborts the whole host
 * process (seen here: `terminate called after throwing 'Napi::Error'`), and a
 * hard cancel or quitting mid-inference must never do that. Killing a child
 * process cannot take its parent down.
 *
 * The web host and the CLI fork a Node child (`forkWorker`); Electron main
 * passes a spawner built on `utilityProcess.fork`, the same contract.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromWorker, ToWorker } from './protocol.js';

export interface WorkerChannel {
  post(message: ToWorker): void;
  onMessage(listener: (message: FromWorker) => void): void;
  /** Called once when the process is gone, for whatever reason. */
  onExit(listener: (detail: string) => void): void;
  /** Ends the process at once (SIGKILL): safe whatever it is doing. */
  kill(): void;
}

export type SpawnWorker = (provider: string) => WorkerChannel;

/**
 * WebGPU's adapter probe (Dawn) prints a Vulkan loader warning on every machine
 * without Vulkan; the runtime already reports the fallback in the UI, so the
 * terminal need not alarm a teacher with it. Everything else passes through.
 */
export function withoutKnownNoise(text: string): string {
  return text.replace(/Warning: Couldn't load Vulkan: [^\n]*\n(\s*at operator\(\) \([^\n]*BackendVk\.cpp:\d+\)\n)?\n?/g, '').replace(/^\s*\n/, '');
}

/** @example const spawn = forkWorker(new URL('file:///app/dist/node/job-worker.mjs')); spawn('auto').post(…) */
export function forkWorker(workerUrl: URL): SpawnWorker {
  const modulePath = fileURLToPath(workerUrl);
  return (provider) => {
    const child = fork(modulePath, [], {
      // Structured clone over the IPC pipe, so typed arrays arrive as typed arrays.
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      env: { ...process.env, AIGC_LAB_WORKER_PROVIDER: provider },
      execArgv: [],
    });
    let stderrTail = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      const shown = withoutKnownNoise(text);
      if (shown) process.stderr.write(shown);
      stderrTail = (stderrTail + text).slice(-2000);
    });
    let exited = false;
    const exitListeners: ((detail: string) => void)[] = [];
    const announceExit = (detail: string): void => {
      if (exited) return;
      exited = true;
      for (const listener of exitListeners) listener(detail);
    };
    child.on('exit', (code, signal) => {
      const lastError = /Error[^\n]*/.exec(stderrTail)?.[0];
      announceExit(`job worker exited (${signal ?? `code ${code}`})${lastError ? `: ${lastError}` : ''}`);
    });
    child.on('error', (error) => announceExit(`job worker failed: ${error.message}`));
    return {
      post(message) {
        if (!exited && child.connected) child.send(message);
      },
      onMessage(listener) {
        child.on('message', (message) => listener(message as FromWorker));
      },
      onExit(listener) {
        exitListeners.push(listener);
      },
      kill() {
        if (!exited) child.kill('SIGKILL');
      },
    };
  };
}
