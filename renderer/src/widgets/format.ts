/**
 * Number formatting for widgets, per locale (Chinese groups large numbers in
 * 万/亿 in compact form, English in K/M/B). Pure: the locale is passed in.
 */
import type { Locale, ProviderName } from '../../../electron/common/api';

const cache = new Map<string, Intl.NumberFormat>();

function formatter(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

/** @example formatInteger(200000000, 'en') // → '200,000,000' */
export function formatInteger(value: number, locale: Locale): string {
  return formatter(locale, { maximumFractionDigits: 0 }).format(value);
}

/** @example formatCompact(200000000, 'zh-CN') // → '2亿' */
export function formatCompact(value: number, locale: Locale): string {
  return formatter(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** Fixed number of decimals, for values compared by eye (π estimates, probabilities). @example formatFixed(3.14159265, 5, 'en') // → '3.14159' */
export function formatFixed(value: number, digits: number, locale: Locale): string {
  return formatter(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(value);
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/**
 * Tiny differences (1e-8) in the notation of a maths class, not a
 * programmer's "E-8"; values between 0.001 and 10,000 stay plain.
 *
 * @example formatScientific(0.0000000298, 'en') // → '2.98 × 10⁻⁸'
 */
export function formatScientific(value: number, locale: Locale): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  let exponent = Math.floor(Math.log10(Math.abs(value)));
  if (exponent >= -3 && exponent < 4) return formatter(locale, { maximumSignificantDigits: 3 }).format(value);
  let mantissa = Number((value / 10 ** exponent).toPrecision(3));
  // 9.996e-8 rounds to 10.0 × 10⁻⁸; write it as 1 × 10⁻⁷.
  if (Math.abs(mantissa) >= 10) {
    mantissa /= 10;
    exponent += 1;
  }
  const power = String(exponent).replace(/[-\d]/g, (c) => SUPERSCRIPT[c] ?? c);
  return `${formatter(locale, { maximumFractionDigits: 2 }).format(mantissa)} × 10${power}`;
}

/** Milliseconds with sensible precision: 0.042 ms, 3.21 ms, 1,234 ms. */
export function formatMs(value: number, locale: Locale): string {
  const digits = value < 1 ? 3 : value < 100 ? 2 : 0;
  return formatter(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

/** @example formatPercent(0.456, 'en') // → '46%' */
export function formatPercent(fraction: number, locale: Locale): string {
  return formatter(locale, { style: 'percent', maximumFractionDigits: 0 }).format(Math.min(1, Math.max(0, fraction)));
}

/** Execution providers by their product names (not translated: these are names). */
export const PROVIDER_LABELS: Record<ProviderName, string> = {
  cuda: 'CUDA',
  dml: 'DirectML',
  coreml: 'Core ML',
  webgpu: 'WebGPU',
  cpu: 'CPU',
};
