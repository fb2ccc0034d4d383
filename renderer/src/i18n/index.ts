/**
 * Translation for every UI string. Catalogs are flat-key JSON files, one per
 * area per locale (`./en/app.json`, `./zh-CN/lesson.json`, …), all picked up
 * by the glob below, so adding an area needs no change here.
 *
 * `t` reads the reactive locale, so any template or `$derived` that calls it
 * re-renders when the language changes.
 */
import type { Locale } from '../../../electron/common/api';
import { applyLocale, isLocale, localeState, LOCALES } from '../state/locale.svelte';
import { reportError } from '../state/notices.svelte';
import { updateSettings } from '../state/settings.svelte';

export type TranslationParams = Record<string, string | number>;
type Catalog = Record<string, string>;

const catalogFiles = import.meta.glob<Catalog>('./*/*.json', { eager: true, import: 'default' });

function buildCatalogs(): Record<Locale, Map<string, string>> {
  const merged = Object.fromEntries(LOCALES.map((locale) => [locale, new Map<string, string>()])) as Record<Locale, Map<string, string>>;
  for (const [path, catalog] of Object.entries(catalogFiles)) {
    const locale = /^\.\/([^/]+)\/[^/]+\.json$/.exec(path)?.[1];
    if (!isLocale(locale)) {
      if (import.meta.env.DEV) console.warn(`[i18n] ${path} is not under a known locale folder`);
      continue;
    }
    const target = merged[locale];
    for (const [key, text] of Object.entries(catalog)) {
      if (import.meta.env.DEV && target.has(key)) console.warn(`[i18n] ${key} is defined twice for ${locale} (${path})`);
      target.set(key, text);
    }
  }
  return merged;
}

const catalogs = buildCatalogs();
const warnedMissing = new Set<string>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();

function formatParam(value: string | number, locale: Locale): string {
  if (typeof value === 'string') return value;
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

function interpolate(template: string, params: TranslationParams | undefined, locale: Locale): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    return value === undefined ? placeholder : formatParam(value, locale);
  });
}

/**
 * The text for `key` in the current language with `{name}` placeholders filled
 * (numbers formatted for the locale). A key missing in Chinese falls back to
 * English; a key missing everywhere comes back as the key itself.
 *
 * @example t('job.demo.progress', { done: 500000, total: 1000000 }) // → "500,000 of 1,000,000 samples"
 */
export function t(key: string, params?: TranslationParams): string {
  const locale = localeState.current;
  const text = catalogs[locale].get(key) ?? catalogs.en.get(key);
  if (text === undefined || !catalogs[locale].has(key)) {
    if (import.meta.env.DEV && !warnedMissing.has(`${locale}:${key}`)) {
      warnedMissing.add(`${locale}:${key}`);
      console.warn(`[i18n] missing key "${key}" for ${locale}`);
    }
  }
  return text === undefined ? key : interpolate(text, params, locale);
}

/** Whether `key` exists in the current language (for optional texts such as a provider's reason). */
export function has(key: string): boolean {
  return catalogs[localeState.current].has(key);
}

/** Switches the UI language at once and saves the choice in the engine's settings. */
export function setLocale(locale: Locale): void {
  if (locale === localeState.current) return;
  applyLocale(locale);
  updateSettings({ locale }).catch(reportError);
}

export const i18n = {
  t,
  has,
  setLocale,
  get locale(): Locale {
    return localeState.current;
  },
  locales: LOCALES,
};

/** Every key per locale, for the completeness test and tooling. */
export function catalogKeys(): Record<Locale, string[]> {
  return Object.fromEntries(LOCALES.map((locale) => [locale, [...catalogs[locale].keys()]])) as Record<Locale, string[]>;
}
