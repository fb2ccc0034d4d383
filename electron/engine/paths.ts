import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Where the app's shipped files are, relative to the project (or packaged app) root. */
export interface AppPaths {
  root: string;
  rendererDir: string;
  lessonsDir: string;
  builtinModelsDir: string;
  /** The bundled job worker entry. */
  workerUrl: URL;
}

/** Walks up from `start` to the folder holding this app's package.json. */
export function findAppRoot(start: string): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
        if (pkg.name === 'aigc-lab') return dir;
      } catch {
        // an unreadable package.json is not ours; keep walking up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the aigc-lab package root above ${start}`);
    dir = parent;
  }
}

export function appPaths(root: string): AppPaths {
  return {
    root,
    rendererDir: join(root, 'dist', 'renderer'),
    lessonsDir: join(root, 'lessons'),
    builtinModelsDir: join(root, 'models', 'builtin'),
    workerUrl: pathToFileURL(join(root, 'dist', 'node', 'job-worker.mjs')),
  };
}

/** App paths for code running from a bundle in dist/node. */
export function appPathsFromModule(moduleUrl: string): AppPaths {
  return appPaths(findAppRoot(dirname(fileURLToPath(moduleUrl))));
}

/**
 * The per-user data folder, the same for Electron, the web host and the CLI,
 * so `npm start` falling back to the web version keeps the learner's settings
 * and progress. It matches Electron's own userData for the product name.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AIGC_LAB_DATA_DIR) return resolve(env.AIGC_LAB_DATA_DIR);
  const home = os.homedir();
  if (process.platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'AIGC Lab');
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'AIGC Lab');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'AIGC Lab');
}

export function readAppVersion(root: string): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
