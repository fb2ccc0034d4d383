/**
 * The UI language as reactive state. The engine's settings are the source of
 * truth; this module mirrors them so text can switch instantly (before the
 * round trip) and so the first paint is already in the right language (a
 * localStorage copy, read before settings arrive).
 */
import type { Locale } from '../../../electron/common/api';

/** Same values as `LOCALES` in electron/common/api.ts (the renderer may only import types from there). */
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];

const CACHE_KEY = 'aigc-lab.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function initialLocale(): Locale {
  try {
    const cached = localStorage.getItem(CACHE_KEY);
    if (isLocale(cached)) return cached;
  } catch {
    // no storage (tests, locked-down browser): fall through to the browser language
  }
  if (typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('zh')) return 'zh-CN';
  return 'en';
}

const state = $state<{ current: Locale }>({ current: initialLocale() });

export const localeState = {
  get current(): Locale {
    return state.current;
  },
};

/** Shows the UI in `locale` now; persistence is the settings module's job. */
export function applyLocale(locale: Locale): void {
  state.current = locale;
  try {
    localStorage.setItem(CACHE_KEY, locale);
  } catch {
    // the cache only saves a flash of the wrong language at start-up
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}
