/**
 * Starts the engine's job worker as an Electron utility process. Under
 * Electron, `child_process.fork` would start the Electron binary as Node,
 * which needs ELECTRON_RUN_AS_NODE, and the packaged app burns that off with
 * the runAsNode fuse (electron-builder.yml); utilityProcess is Electron's own
 * way to run a Node child, and killing it cannot take main down.
 */
import { fileURLToPath } from 'node:url';
import { utilityProcess } from 'electron';
import type { SpawnWorker } from '../engine/jobs/worker-channel.js';
import { utilityChannel } from './utility-channel.js';

export function utilityProcessSpawner(workerUrl: URL): SpawnWorker {
  const modulePath = fileURLToPath(workerUrl);
  return (provider) =>
    utilityChannel(
      utilityProcess.fork(modulePath, [], {
        serviceName: 'AIGC Lab jobs',
        stdio: ['ignore', 'inherit', 'pipe'],
        env: { ...process.env, AIGC_LAB_WORKER_PROVIDER: provider },
      }),
    );
}
