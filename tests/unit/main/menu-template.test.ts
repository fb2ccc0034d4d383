/** The application menu: what a packaged build offers, and that Help actions are wired. */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, DOCUMENTATION_URL } from '../../../electron/main/menu-template';
import { isAllowedExternalUrl } from '../../../electron/main/security-policy';
import { stringsFor } from '../../../electron/main/strings';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

const build = (isDev: boolean, platform: NodeJS.Platform = 'linux', locale: 'en' | 'zh-CN' = 'en') => {
  const actions = { showAbout: vi.fn(), openDocumentation: vi.fn() };
  return { items: flatten(buildMenuTemplate({ strings: stringsFor(locale), isDev, platform, actions })), actions };
};
const roles = (items: MenuItemConstructorOptions[]) => items.map((item) => item.role).filter(Boolean);

describe('application menu', () => {
  it('has quit, zoom and full screen in every build', () => {
    for (const isDev of [true, false]) {
      expect(roles(build(isDev).items)).toEqual(expect.arrayContaining(['quit', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']));
    }
  });

  it('offers reload and DevTools only in development', () => {
    expect(roles(build(true).items)).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
    const packaged = roles(build(false).items);
    expect(packaged).not.toContain('reload');
    expect(packaged).not.toContain('forceReload');
    expect(packaged).not.toContain('toggleDevTools');
  });

  it('Help → About and Documentation call their actions', () => {
    const { items, actions } = build(false);
    const strings = stringsFor('en').menu;
    const click = (label: string) => {
      const item = items.find((entry) => entry.label === label);
      expect(item?.click).toBeTypeOf('function');
      (item?.click as () => void)();
    };
    click(strings.about);
    click(strings.documentation);
    expect(actions.showAbout).toHaveBeenCalledOnce();
    expect(actions.openDocumentation).toHaveBeenCalledOnce();
  });

  it('links documentation to an allow-listed https page (otherwise openExternal refuses it)', () => {
    expect(isAllowedExternalUrl(DOCUMENTATION_URL)).toBe(true);
  });

  it('puts Quit in the app menu on macOS', () => {
    const mac = build(false, 'darwin');
    expect(roles(mac.items)).toEqual(expect.arrayContaining(['appMenu', 'quit', 'close']));
  });

  it("is labelled in the learner's language", () => {
    const labels = build(false, 'linux', 'zh-CN').items.map((item) => item.label);
    expect(labels).toContain(stringsFor('zh-CN').menu.quit);
    expect(labels).toContain(stringsFor('zh-CN').menu.about);
  });
});
