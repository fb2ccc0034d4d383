#!/usr/bin/env node
// `npm run bench -- NAME`: bundles bench/NAME.ts with esbuild and runs it with Node.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2];
if (!name) {
  console.error('Usage: npm run bench -- <name>   (a file bench/<name>.ts)');
  process.exit(2);
}
// Inside the project so the bundle resolves node_modules like the app does.
const outdir = join(root, 'dist', 'bench');
await build({
  entryPoints: [join(root, 'bench', `${name}.ts`)],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile: join(outdir, `${name}.mjs`),
  absWorkingDir: root,
  logLevel: 'warning',
});
process.argv.splice(2, 1);
await import(pathToFileURL(join(outdir, `${name}.mjs`)).href);
