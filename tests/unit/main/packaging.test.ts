/**
 * electron-builder.yml, checked offline: the entry point matches the build
 * script's output, the targets are the ones we ship, and everything the job
 * worker loads at runtime is unpacked from the asar (the worker starts from
 * app.asar.unpacked, where Node's own loader cannot see into the archive).
 */
import { builtinModules } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');

interface BuilderConfig {
  appId: string;
  productName: string;
  extraMetadata: { main: string };
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  linux: { target: string[]; category: string };
  win: { target: string[] };
  mac: { target: string[] };
  electronFuses: Record<string, boolean>;
}

const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

/** Bare package names a bundle built like scripts/build-node.mjs builds it leaves to Node to load. */
async function externalPackages(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    external: ['electron'],
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: ROOT,
  });
  const builtins = new Set(builtinModules);
  const names = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const { path, external } of output.imports) {
      if (!external || path.startsWith('node:') || builtins.has(path.split('/')[0] ?? '')) continue;
      const parts = path.split('/');
      names.add(path.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? path));
    }
  }
  return [...names].sort();
}

/** A package and everything it depends on at runtime, as installed in node_modules. */
function dependencyClosure(roots: string[]): string[] {
  const seen = new Set<string>();
  const visit = (name: string, from: string): void => {
    const candidates = [join(from, 'node_modules', name, 'package.json'), join(ROOT, 'node_modules', name, 'package.json')];
    const manifest = candidates.find((candidate) => existsSync(candidate));
    if (!manifest || seen.has(name)) return; // optional platform packages that are not installed
    const json = JSON.parse(readFileSync(manifest, 'utf8')) as {
      main?: string;
      exports?: unknown;
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    // Type declarations (@types/*, undici-types) are never loaded at runtime.
    const typesOnly = !json.main && !json.exports && !existsSync(join(manifest, '..', 'index.js'));
    if (typesOnly) return;
    seen.add(name);
    for (const dep of Object.keys({ ...json.dependencies, ...json.optionalDependencies })) visit(dep, join(manifest, '..'));
  };
  for (const name of roots) visit(name, ROOT);
  return [...seen].sort();
}

const unpacked = (name: string): boolean => {
  const scope = name.startsWith('@') ? name.split('/')[0] : null;
  return config.asarUnpack.includes(`node_modules/${name}/**`) || (scope !== null && config.asarUnpack.includes(`node_modules/${scope}/**`));
};

describe('electron-builder.yml', () => {
  it('names the app', () => {
    expect(config.appId).toBe('org.aigclab.app');
    expect(config.productName).toBe('AIGC Lab');
  });

  it('starts the bundle scripts/build-node.mjs writes for electron/main/index.ts', () => {
    expect(config.extraMetadata.main).toBe('dist/node/main.mjs');
    const script = readFileSync(join(ROOT, 'scripts', 'build-node.mjs'), 'utf8');
    expect(script).toMatch(/main: 'electron\/main\/index\.ts'/);
    expect(script).toMatch(/outExtension: \{ '\.js': '\.mjs' \}/);
    expect(script).toMatch(/preload: 'electron\/preload\/index\.ts'/);
  });

  it('packs the bundles, the renderer, the lessons and the built-in models', () => {
    expect(config.files).toEqual(expect.arrayContaining(['package.json', 'dist/node/**', 'dist/renderer/**', 'lessons/**', 'models/builtin/**']));
  });

  it('builds AppImage + deb (Education), NSIS and dmg', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Education');
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('keeps the asar, with the worker, native runtime and built-in models unpacked', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['dist/node/job-worker.mjs', 'models/builtin/**', 'node_modules/onnxruntime-node/**']));
  });

  it('turns off the fuses that let the packaged app run as plain Node or load code from outside', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    });
  });

  it('unpacks every package the job worker loads, with its dependencies', async () => {
    const direct = await externalPackages('electron/engine/jobs/worker.ts');
    expect(direct).toContain('onnxruntime-node');
    const missing = dependencyClosure(direct).filter((name) => !unpacked(name));
    expect(missing, 'add these to asarUnpack in electron-builder.yml').toEqual([]);
  });

  it('ships every package main and the worker import (dependencies, not devDependencies)', async () => {
    const imported = new Set([...(await externalPackages('electron/main/index.ts')), ...(await externalPackages('electron/engine/jobs/worker.ts'))]);
    // 'electron' is the runtime itself, provided by the packaged binary.
    const notShipped = [...imported].filter((name) => name !== 'electron' && !pkg.dependencies?.[name]).sort();
    // electron-builder copies only `dependencies` into the app; a devDependency imported at runtime is missing there.
    expect(notShipped, 'move these to "dependencies" in package.json').toEqual([]);
  });
});
