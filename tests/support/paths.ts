/** Paths the unit tests share. */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const FIXTURES = join(ROOT, 'tests', 'fixtures');

/** The bundled job worker, built once per run by tests/support/global-setup.ts. */
export const JOB_WORKER_PATH = join(ROOT, 'dist', 'node', 'job-worker.mjs');
export const JOB_WORKER_URL = pathToFileURL(JOB_WORKER_PATH);
