/**
 * Electron main entry (bundled to dist/node/main.mjs).
 *
 * Order matters: the data folder is fixed before anything reads `userData`
 * (the single-instance lock lives there), the app scheme and the sandbox are
 * declared before `ready`, and the session is locked down before the window
 * exists. The engine is the same one the web host and the CLI run; main only
 * adds the window, the menu, the IPC channel and the security rules.
 *
 * Jobs (inference, NMS, sampling loops) never run on this thread: the
 * engine's JobRunner sends them to its job worker (dist/node/job-worker.mjs),
 * which main starts as an Electron utilityProcess (utility-worker.ts) where the
 * web host and the CLI fork a Node child; same worker, same messages.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, session, type WebContents } from 'electron';
import type { EventPayloads, Locale } from '../common/api.js';
import { createEngine, type Engine } from '../engine/index.js';
import { OWNER } from '../engine/callers.js';
import { appPathsFromModule, defaultDataDir, readAppVersion } from '../engine/paths.js';
import { electronAppPaths } from './app-paths.js';
import { handleAppProtocol, registerAppSchemePrivileges } from './app-protocol.js';
import { openExternalSafely } from './external.js';
import { describeGpuInfo } from './gpu-info.js';
import { registerIpc } from './ipc.js';
import { utilityProcessSpawner } from './utility-worker.js';
import { installMenu } from './menu.js';
import { DOCUMENTATION_URL } from './menu-template.js';
import { dialogForChildGone } from './process-gone.js';
import { appUrl, cameraAllowedForUrl } from './security-policy.js';
import { applySessionSecurity } from './session-security.js';
import { stringsFor } from './strings.js';
import { hardenWebContents } from './web-contents-security.js';
import { createMainWindow, type MainWindow } from './window.js';
import { WINDOW_STATE_FILE } from './window-state.js';

/** How long quitting may wait for the window state and the engine to shut down. */
const SHUTDOWN_GRACE_MS = 3000;
const GPU_INFO_TIMEOUT_MS = 3000;

// One data folder for every host (engine/paths.ts), so the web fallback of `npm start`
// sees the same settings and progress; development runs would otherwise use Electron's
// default "Electron" folder. AIGC_LAB_DATA_DIR gives each e2e test its own folder
// (and, because the lock lives there, its own single-instance lock).
app.setPath('userData', defaultDataDir());

// Every renderer sandboxed, whatever a future window forgets to say; and our
// scheme's privileges, which Chromium reads once at start-up.
app.enableSandbox();
registerAppSchemePrivileges();

if (!app.requestSingleInstanceLock()) {
  // Another AIGC Lab is running on this data folder; it focuses its window (see 'second-instance').
  app.quit();
} else {
  start();
}

function start(): void {
  const isDev = !app.isPackaged;
  const here = dirname(fileURLToPath(import.meta.url));
  const preloadPath = join(here, 'preload.cjs');

  let engine: Engine | null = null;
  let mainWindow: MainWindow | null = null;
  let flushWindowState: () => Promise<void> = async () => {};
  let locale: Locale = 'en';
  /** Ids of lessons whose meta.json lists `permissions: ['camera']`. */
  let cameraLessonIds: ReadonlySet<string> = new Set();
  let gpuDialogShown = false;
  const strings = () => stringsFor(locale);

  const liveWindow = (): BrowserWindow | null => {
    const window = mainWindow?.window;
    return window && !window.isDestroyed() ? window : null;
  };
  const openExternal = (url: string): void => {
    openExternalSafely(url).catch((error: unknown) => console.warn(`[aigc-lab] could not open ${url}:`, error));
  };

  const installAppMenu = (): void =>
    installMenu({
      strings: strings(),
      isDev,
      platform: process.platform,
      actions: {
        showAbout() {
          const window = liveWindow();
          if (!window) return;
          if (window.isMinimized()) window.restore();
          window.focus();
          // Same document, new fragment: the renderer's hash router shows its about page without a reload.
          void window.webContents.loadURL(appUrl('#/about'));
        },
        openDocumentation: () => openExternal(DOCUMENTATION_URL),
      },
    });

  const openWindow = async (): Promise<void> => {
    const created = await createMainWindow({
      preloadPath,
      devTools: isDev,
      stateFile: join(app.getPath('userData'), WINDOW_STATE_FILE),
      strings,
    });
    mainWindow = created;
    flushWindowState = created.flushState;
    created.window.on('closed', () => {
      if (mainWindow === created) mainWindow = null;
    });
  };

  app.on('second-instance', () => {
    const window = liveWindow();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });

  // Every WebContents, the main window's included, gets the navigation, window.open and <webview> rules.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternal));

  app.on('child-process-gone', (_event, details) => {
    console.warn(`[aigc-lab] ${details.type} process gone: ${details.reason} (exit code ${details.exitCode})`);
    const window = liveWindow();
    if (!window || dialogForChildGone(details.type, details.reason, gpuDialogShown) !== 'gpu-gone') return;
    gpuDialogShown = true;
    const text = strings().dialogs;
    void dialog
      .showMessageBox(window, {
        type: 'warning',
        title: text.gpuGoneTitle,
        message: text.gpuGoneTitle,
        detail: `${text.gpuGoneMessage}\n\n(${details.reason})`,
        buttons: [text.continue, text.reload],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      })
      .then(({ response }) => {
        if (response === 1 && !window.isDestroyed()) window.webContents.reload();
      });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (engine && BrowserWindow.getAllWindows().length === 0) void openWindow();
  });

  let shutDown = false;
  app.on('will-quit', (event) => {
    if (shutDown) return;
    // Hold the quit until the window state is on disk and the job worker has stopped (bounded, so quitting never hangs).
    event.preventDefault();
    const cleanUp = Promise.allSettled([flushWindowState(), engine?.dispose()]);
    void Promise.race([cleanUp, new Promise((done) => setTimeout(done, SHUTDOWN_GRACE_MS))]).finally(() => {
      shutDown = true;
      app.quit();
    });
  });

  const boot = async (): Promise<void> => {
    const paths = electronAppPaths(appPathsFromModule(import.meta.url));

    const cameraGate = (contents: WebContents | null): boolean =>
      contents !== null && !contents.isDestroyed() && cameraAllowedForUrl(contents.getURL(), cameraLessonIds);
    applySessionSecurity(session.defaultSession, cameraGate);
    handleAppProtocol(session.defaultSession, { rendererDir: paths.rendererDir, lessonsDir: paths.lessonsDir });

    engine = await createEngine({
      // From package.json rather than app.getVersion(): a development run started as
      // `electron dist/node/main.mjs` has no package.json beside it and would report Electron's version.
      appVersion: readAppVersion(paths.root),
      paths,
      spawnWorker: utilityProcessSpawner(paths.workerUrl),
      dataDir: app.getPath('userData'),
      host: {
        kind: 'electron',
        electronVersion: process.versions.electron,
        describeGpu: async () => {
          const timeout = new Promise<null>((done) => setTimeout(() => done(null), GPU_INFO_TIMEOUT_MS).unref());
          return describeGpuInfo(await Promise.race([app.getGPUInfo('basic'), timeout]));
        },
        openExternal: openExternalSafely,
      },
    });
    const readyEngine = engine;

    registerIpc(ipcMain, readyEngine, () => liveWindow()?.webContents ?? null);

    try {
      locale = (await readyEngine.handlers['settings.get']({}, OWNER)).locale;
      const index = await readyEngine.handlers['lessons.list']({}, OWNER);
      cameraLessonIds = new Set(index.lessons.filter((lesson) => lesson.permissions.includes('camera')).map((lesson) => lesson.id));
    } catch (error) {
      // Defaults (English menu, no camera) are safe; the renderer reports lesson problems itself.
      console.warn('[aigc-lab] could not read settings or lessons at start-up:', error);
    }
    readyEngine.onEvent((name, payload) => {
      if (name !== 'onDidChangeSettings') return;
      const next = (payload as EventPayloads['onDidChangeSettings']).locale;
      if (next === locale) return;
      locale = next;
      installAppMenu();
    });

    installAppMenu();
    await openWindow();
  };

  app
    .whenReady()
    .then(boot)
    .catch((error: unknown) => {
      const text = strings().dialogs;
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.error('[aigc-lab] start-up failed:', error);
      dialog.showErrorBox(text.startupFailedTitle, `${text.startupFailedMessage}\n\n${detail}`);
      app.exit(1);
    });
}
