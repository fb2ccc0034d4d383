#!/usr/bin/env node
// The `aigc-lab` bin: runs the bundled CLI, bundling it first when this is a source checkout.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'node', 'cli.mjs');
if (!existsSync(cli)) {
  const { buildNode } = await import('./build-node.mjs');
  await buildNode();
}
await import(pathToFileURL(cli).href);
