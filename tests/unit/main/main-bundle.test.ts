/**
 * The real main bundle, run in Node against a fake `electron` module
 * (fake-electron/): with no Electron binary on this machine this is the
 * closest thing to launching the app. It checks the start-up order, the
 * window's preferences, the IPC channel end to end (a real job runs in the
 * real worker through the utility-process channel), the app protocol,
 * permissions, navigation, the menu, a second launch and quitting.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, mainWindowWebPreferences } from '../../../electron/main/security-policy';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const FAKE = join(import.meta.dirname, 'fake-electron');

interface Report {
  beforeReady: string[];
  startup: string[];
  windowOptions: { webPreferences: Record<string, unknown>; show: boolean };
  loadedUrl: string;
  ipcChannels: string[];
  settings: { ok: boolean; value?: { locale: string } };
  untrusted: { ok: boolean; error?: { code: string } };
  malformed: { ok: boolean; error?: { code: string } };
  info: { ok: boolean; value?: { host: string; electronVersion: string; gpu: string; appVersion: string } };
  jobStart: { ok: boolean };
  events: { channel: string; name: string; status?: string; estimate?: number }[];
  protocol: { status: number; type: string; csp: string };
  traversal: number;
  permissions: Record<string, boolean>;
  navigationBlocked: boolean;
  windowOpen: { action: string };
  openedExternally: string[];
  afterAbout: string;
  menuRoles: string[];
  focused: boolean;
  quitSequence: string[];
  windowState: unknown;
}

let outDir: string;
let home: string;
let bundle: string;

beforeAll(async () => {
  // Inside the repository, so the bundle finds the package root (and lessons, worker) the way dist/node/main.mjs does.
  outDir = await mkdtemp(join(ROOT, 'dist', '.main-bundle-test-'));
  home = await mkdtemp(join(os.tmpdir(), 'aigc-lab-main-bundle-'));
  const common: BuildOptions = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', absWorkingDir: ROOT, external: ['electron'] };
  await build({
    ...common,
    format: 'esm',
    packages: 'external',
    entryPoints: { main: 'electron/main/index.ts' },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    banner: { js: "import { createRequire as __labCreateRequire } from 'node:module'; const require = __labCreateRequire(import.meta.url);" },
  });
  await build({ ...common, format: 'cjs', entryPoints: { preload: 'electron/preload/index.ts' }, outdir: outDir, outExtension: { '.js': '.cjs' } });
  bundle = join(outDir, 'main.mjs');
}, 60_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
  await rm(home, { recursive: true, force: true });
});

function runScenario(env: Record<string, string> = {}): Promise<{ report: Report; output: string }> {
  const dataDir = join(home, `data-${Math.random().toString(36).slice(2)}`);
  const child = spawn(process.execPath, ['--import', join(FAKE, 'register.mjs'), join(FAKE, 'scenario.mjs'), bundle], {
    cwd: ROOT,
    env: { ...process.env, AIGC_LAB_DATA_DIR: dataDir, FAKE_ELECTRON_HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the scenario did not finish:\n${output}`));
    }, 50_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const line = /^REPORT (.*)$/m.exec(output)?.[1] ?? (/^\{.*\}$/m.exec(output)?.[0] as string | undefined);
      if (code !== 0 || !line) reject(new Error(`the scenario failed (exit ${code}):\n${output}`));
      else resolve({ report: JSON.parse(line) as Report, output });
    });
  });
}

describe.skipIf(!existsSync(join(ROOT, 'dist', 'node', 'job-worker.mjs')))('the main bundle under a fake Electron', () => {
  let report: Report;

  beforeAll(async () => {
    ({ report } = await runScenario());
  }, 60_000);

  it('fixes the data folder, then the sandbox, the scheme and the lock, all before ready', () => {
    const order = report.beforeReady;
    expect(order.indexOf('app.setPath')).toBe(0);
    expect(order.indexOf('app.enableSandbox')).toBeGreaterThan(0);
    expect(order.indexOf('protocol.registerSchemesAsPrivileged')).toBeGreaterThan(0);
    expect(order.indexOf('app.requestSingleInstanceLock')).toBeGreaterThan(order.indexOf('app.setPath'));
    expect(order).toContain('app.whenReady');
    expect(order).not.toContain('new BrowserWindow');
  });

  it('locks the session down and registers IPC before the window exists', () => {
    const at = (name: string) => report.startup.indexOf(name);
    const window = at('new BrowserWindow');
    for (const step of [
      'session.webRequest.onHeadersReceived',
      'session.setPermissionRequestHandler',
      'session.setPermissionCheckHandler',
      'session.setDevicePermissionHandler',
      'session.protocol.handle',
      'ipcMain.handle',
      'Menu.setApplicationMenu',
    ]) {
      expect(at(step), step).toBeGreaterThan(-1);
      expect(at(step), step).toBeLessThan(window);
    }
    expect(report.startup.filter((name) => name === 'new BrowserWindow')).toHaveLength(1);
    expect(report.startup).toContain('utilityProcess.fork');
  });

  it("creates the window with the policy's preferences and the built preload, and loads only app://lab/index.html", () => {
    const preload = report.windowOptions.webPreferences.preload as string;
    expect(preload.endsWith('preload.cjs')).toBe(true);
    expect(existsSync(preload)).toBe(true);
    expect(report.windowOptions.webPreferences).toEqual({ ...mainWindowWebPreferences(preload, true) });
    expect(report.windowOptions.show).toBe(false);
    expect(report.loadedUrl).toBe('app://lab/index.html');
  });

  it('answers IPC from our page through the engine, and refuses anyone else', () => {
    expect(report.ipcChannels).toEqual(['aigc-lab:call']);
    expect(report.settings).toMatchObject({ ok: true, value: { locale: 'en' } });
    expect(report.untrusted).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(report.malformed).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(report.info).toMatchObject({ ok: true, value: { host: 'electron', electronVersion: '45.4.1', gpu: 'NVIDIA 0x2684 (driver 550.54)' } });
  });

  it('runs a job in the worker and forwards its events on the event channel', () => {
    expect(report.jobStart).toMatchObject({ ok: true });
    const end = report.events.find((event) => event.name === 'onDidJobEnd');
    expect(end).toMatchObject({ channel: 'aigc-lab:event', status: 'succeeded' });
    expect(end?.estimate).toBeGreaterThan(2.9);
    expect(end?.estimate).toBeLessThan(3.4);
    expect(report.events.every((event) => event.channel === 'aigc-lab:event')).toBe(true);
  });

  it('serves lessons over app:// with the CSP, and refuses traversal', () => {
    expect(report.protocol).toEqual({ status: 200, type: 'application/json; charset=utf-8', csp: CONTENT_SECURITY_POLICY });
    expect(report.traversal).toBe(404);
  });

  it('denies permissions (no camera outside a camera lesson) but allows presenter fullscreen', () => {
    expect(report.permissions).toEqual({ geolocation: false, cameraInWelcome: false, fullscreen: true });
  });

  it('blocks navigation and window.open, sending allow-listed links to the system browser', () => {
    expect(report.navigationBlocked).toBe(true);
    expect(report.windowOpen).toEqual({ action: 'deny' });
    expect(report.openedExternally).toEqual(['https://arxiv.org/abs/2103.00020']);
  });

  it('shows About in the app, offers reload in development, and focuses the window on a second launch', () => {
    expect(report.afterAbout).toBe('app://lab/index.html#/about');
    expect(report.menuRoles).toEqual(expect.arrayContaining(['quit', 'reload', 'toggleDevTools', 'zoomIn', 'togglefullscreen']));
    expect(report.focused).toBe(true);
  });

  it('saves the window state and holds the quit until the engine has stopped', () => {
    expect(report.quitSequence).toEqual(['app.quit', 'app.quit', 'app.quitted']);
    expect(report.windowState).toEqual({ bounds: { x: 40, y: 30, width: 1111, height: 777 }, maximized: false });
  });

  it('quits at once, creating nothing, when another instance holds the lock', async () => {
    const { report: second } = await runScenario({ FAKE_ELECTRON_LOCK: 'taken' });
    expect(second.beforeReady).toContain('app.quit');
    expect(second.beforeReady).not.toContain('app.whenReady');
  }, 30_000);
});
