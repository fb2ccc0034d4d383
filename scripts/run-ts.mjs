#!/usr/bin/env node
// `node scripts/run-ts.mjs FILE.ts [ARGS…]`: bundles one TypeScript entry with esbuild and runs it
// with Node, for the project's command-line scripts (benchmarks, dataset and model tooling).
import { build } from 'esbuild';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = process.argv[2];
if (!entry || !entry.endsWith('.ts')) {
  console.error('Usage: node scripts/run-ts.mjs <file.ts> [arguments…]');
  process.exit(2);
}
// Inside the project so the bundle resolves node_modules like the app does.
const outfile = join(root, 'dist', 'scripts', basename(entry).replace(/\.ts$/, '.mjs'));
await build({
  entryPoints: [resolve(root, entry)],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile,
  absWorkingDir: root,
  logLevel: 'warning',
});
process.argv.splice(2, 1);
await import(pathToFileURL(outfile).href);
