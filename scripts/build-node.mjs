#!/usr/bin/env node
// Bundles the Node side (engine, web host, CLI, Electron main and preload) into dist/node.
// Node modules stay external except in the preload, which runs sandboxed and can require only 'electron'.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'node');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

const esm = {
  ...common,
  format: 'esm',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  // Bundled ESM that reaches CommonJS code still needs a `require`.
  banner: { js: "import { createRequire as __labCreateRequire } from 'node:module'; const require = __labCreateRequire(import.meta.url);" },
};

export async function buildNode() {
  await build({
    ...esm,
    entryPoints: {
      host: 'electron/host/index.ts',
      cli: 'electron/cli/index.ts',
      'job-worker': 'electron/engine/jobs/worker.ts',
      main: 'electron/main/index.ts',
    },
    outdir: out,
    external: ['electron'],
  });
  await build({
    ...common,
    format: 'cjs',
    entryPoints: { preload: 'electron/preload/index.ts' },
    outdir: out,
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildNode();
}
