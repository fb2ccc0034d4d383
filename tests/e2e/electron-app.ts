/**
 * The `electron` Playwright project's way in: resolves the Electron binary
 * without downloading it, and launches the built app (dist/node/main.mjs)
 * through Playwright's `_electron` with its own data folder.
 *
 *   const resolved = resolveElectronApp();
 *   if (!resolved.ok) test.skip(true, resolved.reason);      // printed by the reporter
 *   else { const app = await resolved.launch(dataDir); const page = await app.firstWindow(); … await app.close(); }
 *
 * `resolveElectronApp()` never touches the network and never blocks: electron's
 * own `require('electron')` would download the binary synchronously on first
 * use, so the binary is found the way that module finds it (scripts/electron-binary.mjs)
 * and an absent one is a skip with a reason. `npm start` is where a download is tried.
 */
import { _electron, type ElectronApplication } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { displayAvailable, electronEnv, findElectronBinary } from '../../scripts/electron-binary.mjs';

export type ElectronApp = ElectronApplication;

export interface LaunchOptions {
  /** Extra command-line switches for Electron (after the main bundle). */
  args?: string[];
  /** Extra environment variables (AIGC_LAB_DATA_DIR is set from `dataDir`). */
  env?: Record<string, string>;
  /** Launch timeout in ms (default 30 s: the first start compiles the V8 caches). */
  timeout?: number;
}

export type ElectronAppResolution =
  | {
      ok: true;
      executablePath: string;
      /** Starts the app on `dataDir` (settings, progress, window state and Chromium's profile all live there). */
      launch(dataDir: string, options?: LaunchOptions): Promise<ElectronApp>;
    }
  | { ok: false; reason: string };

const ROOT = join(import.meta.dirname, '..', '..');
export const MAIN_BUNDLE = join(ROOT, 'dist', 'node', 'main.mjs');

export const SKIP_NO_BINARY = 'Electron binary not present (it downloads on first launch and this machine is offline): skipping the electron project';
export const SKIP_NO_DISPLAY =
  'no X11 or Wayland display (DISPLAY and WAYLAND_DISPLAY are unset): skipping the electron project; run the tests under xvfb-run to include it';
export const SKIP_ROOT =
  'running as root, where Chromium refuses to start with its sandbox on (and the lab never turns it off): skipping the electron project';

export function resolveElectronApp(env: NodeJS.ProcessEnv = process.env): ElectronAppResolution {
  const binary = findElectronBinary(ROOT, env);
  if (!binary.ok) {
    return { ok: false, reason: binary.installer ? SKIP_NO_BINARY : `Electron cannot be used (${binary.reason}): skipping the electron project` };
  }
  if (!displayAvailable(env)) return { ok: false, reason: SKIP_NO_DISPLAY };
  if (process.platform === 'linux' && process.getuid?.() === 0) return { ok: false, reason: SKIP_ROOT };

  const executablePath = binary.path;
  return {
    ok: true,
    executablePath,
    async launch(dataDir, options = {}) {
      if (!existsSync(MAIN_BUNDLE)) throw new Error(`${MAIN_BUNDLE} is missing: run "npm run build" before the e2e tests`);
      const childEnv: Record<string, string> = {};
      for (const [name, value] of Object.entries(electronEnv({ ...options.env, AIGC_LAB_DATA_DIR: dataDir }, env))) {
        if (value !== undefined) childEnv[name] = value;
      }
      return _electron.launch({
        executablePath,
        args: [MAIN_BUNDLE, ...(options.args ?? [])],
        env: childEnv,
        cwd: ROOT,
        timeout: options.timeout ?? 30_000,
      });
    },
  };
}
