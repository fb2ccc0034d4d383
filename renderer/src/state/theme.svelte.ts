/**
 * The colour theme as reactive state, applied as `data-theme` on <html> so the
 * CSS custom properties in styles/themes.css switch in one place. "system"
 * follows prefers-color-scheme, and prefers-contrast: more picks the
 * high-contrast theme.
 */
import type { Theme } from '../../../electron/common/api';

/** Same values as `THEMES` in electron/common/api.ts. */
export const THEMES: readonly Theme[] = ['system', 'light', 'dark', 'high-contrast'];
export type ResolvedTheme = Exclude<Theme, 'system'>;

const CACHE_KEY = 'aigc-lab.theme';

export function isTheme(value: unknown): value is Theme {
  return typeof value === 'string' && (THEMES as readonly string[]).includes(value);
}

function cachedTheme(): Theme {
  try {
    const cached = localStorage.getItem(CACHE_KEY);
    if (isTheme(cached)) return cached;
  } catch {
    // no storage: default below
  }
  return 'system';
}

function query(media: string): MediaQueryList | null {
  return typeof matchMedia === 'function' ? matchMedia(media) : null;
}

const darkQuery = query('(prefers-color-scheme: dark)');
const contrastQuery = query('(prefers-contrast: more)');

const state = $state<{ chosen: Theme; systemDark: boolean; systemContrast: boolean }>({
  chosen: cachedTheme(),
  systemDark: darkQuery?.matches ?? false,
  systemContrast: contrastQuery?.matches ?? false,
});

function resolve(): ResolvedTheme {
  if (state.chosen !== 'system') return state.chosen;
  if (state.systemContrast) return 'high-contrast';
  return state.systemDark ? 'dark' : 'light';
}

function paint(): void {
  if (typeof document === 'undefined') return;
  const resolved = resolve();
  const root = document.documentElement;
  root.dataset.theme = resolved;
  root.style.colorScheme = resolved === 'light' ? 'light' : 'dark';
}

darkQuery?.addEventListener('change', (event) => {
  state.systemDark = event.matches;
  paint();
});
contrastQuery?.addEventListener('change', (event) => {
  state.systemContrast = event.matches;
  paint();
});

export const theme = {
  get chosen(): Theme {
    return state.chosen;
  },
  get resolved(): ResolvedTheme {
    return resolve();
  },
};

/** Shows `chosen` now; persistence is the settings module's job. */
export function applyTheme(chosen: Theme): void {
  state.chosen = chosen;
  try {
    localStorage.setItem(CACHE_KEY, chosen);
  } catch {
    // only saves a flash of the wrong theme at start-up
  }
  paint();
}

/** Paints the cached theme before the first render. */
export function paintInitialTheme(): void {
  paint();
}
