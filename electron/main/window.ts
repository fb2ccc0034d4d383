/**
 * The one main window: created with the policy's webPreferences only, sized
 * from the remembered state, loading nothing but app://lab/index.html, and
 * replacing a crashed or hung page with a dialog instead of a blank window.
 */
import { app, BrowserWindow, dialog, nativeTheme, screen } from 'electron';
import { dialogForRendererGone } from './process-gone.js';
import { APP_ENTRY_URL, mainWindowWebPreferences } from './security-policy.js';
import type { MainStrings } from './strings.js';
import { createWindowStateSaver, loadWindowState, MIN_WINDOW_SIZE, restoreWindow, type WindowState } from './window-state.js';

export interface MainWindowOptions {
  /** Absolute path of dist/node/preload.cjs. */
  preloadPath: string;
  /** DevTools are available only when the app is not packaged. */
  devTools: boolean;
  /** window-state.json in the user-data folder. */
  stateFile: string;
  /** Current UI strings (the learner may switch language while the app runs). */
  strings: () => MainStrings;
}

export interface MainWindow {
  window: BrowserWindow;
  /** Writes the latest window state now (called before quitting). */
  flushState(): Promise<void>;
}

export async function createMainWindow(options: MainWindowOptions): Promise<MainWindow> {
  const saved = await loadWindowState(options.stateFile);
  const restored = restoreWindow(
    saved,
    screen.getAllDisplays().map((display) => display.workArea),
  );

  const window = new BrowserWindow({
    width: restored.width,
    height: restored.height,
    ...(restored.x !== undefined && restored.y !== undefined ? { x: restored.x, y: restored.y } : { center: true }),
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'AIGC Lab',
    // Shown on ready-to-show, over a background matching the theme, so there is no white flash.
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#16181d' : '#ffffff',
    webPreferences: mainWindowWebPreferences(options.preloadPath, options.devTools),
  });

  window.once('ready-to-show', () => {
    if (restored.maximized) window.maximize();
    window.show();
  });

  const saver = createWindowStateSaver(options.stateFile);
  const snapshot = (): WindowState => ({ bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  const remember = (): void => {
    // Full screen (presenter mode) and minimised are moments, not the size to reopen with.
    if (window.isDestroyed() || window.isMinimized() || window.isFullScreen()) return;
    saver.schedule(snapshot());
  };
  window.on('resize', remember);
  window.on('move', remember);
  window.on('maximize', remember);
  window.on('unmaximize', remember);
  window.on('close', () => {
    remember();
    void saver.flush();
  });

  watchForCrashes(window, options.strings);

  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    // A failed load is reported by 'did-fail-load' too; logging here keeps the promise handled.
    console.error('[aigc-lab] could not load the app page:', error);
  });

  return { window, flushState: () => saver.flush() };
}

function watchForCrashes(window: BrowserWindow, strings: () => MainStrings): void {
  const contents = window.webContents;

  contents.on('render-process-gone', (_event, details) => {
    if (dialogForRendererGone(details.reason) === null || window.isDestroyed()) return;
    const text = strings().dialogs;
    void dialog
      .showMessageBox(window, {
        type: 'error',
        title: text.rendererGoneTitle,
        message: text.rendererGoneTitle,
        detail: `${text.rendererGoneMessage}\n\n(${details.reason}, exit code ${details.exitCode})`,
        buttons: [text.reload, text.quit],
        defaultId: 0,
        cancelId: 1,
        noLink: true,
      })
      .then(({ response }) => {
        if (response === 0 && !window.isDestroyed()) contents.reload();
        else app.quit();
      });
  });

  let askingAboutHang = false;
  window.on('unresponsive', () => {
    if (askingAboutHang || window.isDestroyed()) return;
    askingAboutHang = true;
    const text = strings().dialogs;
    void dialog
      .showMessageBox(window, {
        type: 'warning',
        title: text.unresponsiveTitle,
        message: text.unresponsiveTitle,
        detail: text.unresponsiveMessage,
        buttons: [text.wait, text.reload],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      })
      .then(({ response }) => {
        askingAboutHang = false;
        if (response !== 1 || window.isDestroyed()) return;
        // A hung renderer cannot run a reload itself: end it (reason 'killed', so no crash dialog) and load afresh.
        contents.forcefullyCrashRenderer();
        contents.reload();
      });
  });
}
