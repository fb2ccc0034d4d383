#!/usr/bin/env node
// Opt-in: installs onnxruntime-node's CUDA 12 execution provider libraries (Linux/Windows x64).
// The project's .npmrc skips them at `npm install` because they are large and need internet
// (onnxruntime-node's installer fetches them from NuGet). Its environment variable outranks .npmrc.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const installer = join(dirname(require.resolve('onnxruntime-node/package.json')), 'script', 'install.js');
const result = spawnSync(process.execPath, [installer], {
  stdio: 'inherit',
  env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: process.argv[2] ?? 'cuda12' },
});
if (result.status !== 0) {
  console.error('Installing the CUDA execution provider failed (see above). The lab keeps working on the CPU.');
  process.exit(result.status ?? 1);
}
console.log('CUDA execution provider installed. Check with: npm run lab -- info');
