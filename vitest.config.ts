import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // Bundles dist/node/job-worker.mjs once; the job runner tests start real worker threads from it.
    globalSetup: ['tests/support/global-setup.ts'],
    // Forks isolate onnxruntime's native addon per test file; two workers match the two-core CI machines.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
