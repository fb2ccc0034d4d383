/**
 * Runs once before the unit tests: bundles the job worker (the only bundle a
 * unit test needs) into dist/node/job-worker.mjs, with the options
 * scripts/build-node.mjs uses for its ESM entries. Building only the worker
 * keeps the unit tests independent of the host, CLI and Electron entries.
 */
import { build } from 'esbuild';
import { JOB_WORKER_PATH, ROOT } from './paths.js';

export default async function setup(): Promise<void> {
  await build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    absWorkingDir: ROOT,
    format: 'esm',
    packages: 'external',
    // Bundled ESM that reaches CommonJS code still needs a `require` (same banner as build-node.mjs).
    banner: { js: "import { createRequire as __labCreateRequire } from 'node:module'; const require = __labCreateRequire(import.meta.url);" },
    external: ['electron'],
    entryPoints: ['electron/engine/jobs/worker.ts'],
    outfile: JOB_WORKER_PATH,
  });
}
