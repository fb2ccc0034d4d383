// Finds the Electron binary the way `require('electron')` does, but without its
// side effect: electron >= 38's index.js downloads the binary on first require,
// synchronously and with no time limit, which hangs an offline machine. Used by
// scripts/start.mjs and tests/e2e/electron-app.ts (types in electron-binary.d.mts).
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The installed `electron` package folder as seen from `root`, or null. */
export function electronPackageDir(root) {
  try {
    return dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/**
 * Mirrors node_modules/electron/index.js: `path.txt` names the executable inside
 * `dist/` (or inside ELECTRON_OVERRIDE_DIST_PATH when that is set).
 */
export function findElectronBinary(root, env = process.env) {
  const packageDir = electronPackageDir(root);
  if (!packageDir) return { ok: false, reason: 'the electron package is not installed' };
  const pathFile = join(packageDir, 'path.txt');
  const relativePath = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  let binary;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) binary = join(env.ELECTRON_OVERRIDE_DIST_PATH, relativePath || 'electron');
  else if (relativePath) binary = join(packageDir, 'dist', relativePath);
  else return { ok: false, reason: 'its binary is not installed', installer: join(packageDir, 'install.js') };
  if (!existsSync(binary)) return { ok: false, reason: 'its binary is not installed', installer: join(packageDir, 'install.js') };
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    return { ok: false, reason: `its binary at ${binary} is not executable` };
  }
  return { ok: true, path: binary };
}

/**
 * Runs electron's own installer (install.js, which downloads and unzips the
 * binary) with a time limit; resolves true when it finished successfully.
 * Its output is kept quiet: callers explain a failure in their own words.
 */
export function runElectronInstaller(installer, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installer], { stdio: 'ignore', timeout: timeoutMs, killSignal: 'SIGKILL' });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}

/** Electron needs a display server on Linux; elsewhere there always is one. */
export function displayAvailable(env = process.env, platform = process.platform) {
  if (platform !== 'linux' && platform !== 'freebsd' && platform !== 'openbsd') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** The environment for an Electron child: ELECTRON_RUN_AS_NODE would turn it into plain Node. */
export function electronEnv(extra = {}, env = process.env) {
  const next = { ...env, ...extra };
  delete next.ELECTRON_RUN_AS_NODE;
  return next;
}
