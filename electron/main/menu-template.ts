/**
 * The application menu as a plain template (no `electron` import at runtime),
 * so tests can check what a packaged build offers. menu.ts turns it into a
 * `Menu` and rebuilds it when the learner switches language.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MainStrings } from './strings.js';

/**
 * Where Help → Documentation goes. It must pass the external-link allow-list
 * (tests/unit/main/menu-template.test.ts checks it), or the click does nothing.
 */
export const DOCUMENTATION_URL = 'https://github.com/aigc-lab/aigc-lab#readme';

export interface MenuActions {
  /** Shows the in-app about page (`#/about`). */
  showAbout(): void;
  /** Opens DOCUMENTATION_URL through the allow-listed openExternal. */
  openDocumentation(): void;
}

export interface MenuTemplateOptions {
  strings: MainStrings;
  /** Reload and DevTools exist only in development builds. */
  isDev: boolean;
  platform: NodeJS.Platform;
  actions: MenuActions;
}

/**
 * File: Quit. Edit: the clipboard roles (without them macOS text fields lose
 * ⌘C/⌘V). View: reload and DevTools in development, zoom, full screen.
 * Help: About (in-app) and Documentation (system browser). Presenter mode is
 * the renderer's (F5/Esc), so it has no entry here.
 */
export function buildMenuTemplate({ strings, isDev, platform, actions }: MenuTemplateOptions): MenuItemConstructorOptions[] {
  const { menu } = strings;
  const isMac = platform === 'darwin';

  const file: MenuItemConstructorOptions = {
    label: menu.file,
    submenu: [isMac ? { role: 'close' } : { role: 'quit', label: menu.quit }],
  };
  const edit: MenuItemConstructorOptions = {
    label: menu.edit,
    submenu: [
      { role: 'undo', label: menu.undo },
      { role: 'redo', label: menu.redo },
      { type: 'separator' },
      { role: 'cut', label: menu.cut },
      { role: 'copy', label: menu.copy },
      { role: 'paste', label: menu.paste },
      { role: 'selectAll', label: menu.selectAll },
    ],
  };
  const devItems: MenuItemConstructorOptions[] = isDev
    ? [
        { role: 'reload', label: menu.reload },
        { role: 'forceReload', label: menu.forceReload },
        { role: 'toggleDevTools', label: menu.toggleDevTools },
        { type: 'separator' },
      ]
    : [];
  const view: MenuItemConstructorOptions = {
    label: menu.view,
    submenu: [
      ...devItems,
      { role: 'resetZoom', label: menu.resetZoom },
      { role: 'zoomIn', label: menu.zoomIn },
      { role: 'zoomOut', label: menu.zoomOut },
      { type: 'separator' },
      { role: 'togglefullscreen', label: menu.toggleFullScreen },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: menu.help,
    submenu: [
      { label: menu.about, click: () => actions.showAbout() },
      { label: menu.documentation, click: () => actions.openDocumentation() },
    ],
  };

  // macOS puts Quit in the application menu named after the app.
  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [
        {
          role: 'appMenu',
          submenu: [
            { label: menu.about, click: () => actions.showAbout() },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit', label: menu.quit },
          ],
        },
      ]
    : [];

  return [...appMenu, file, edit, view, help];
}
