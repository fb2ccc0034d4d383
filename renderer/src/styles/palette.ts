/**
 * Colours for data: the Okabe–Ito palette (Okabe & Ito, "Color Universal
 * Design", 2008), distinguishable with every common form of colour-vision
 * deficiency, plus perceptually ordered ramps for heatmaps. The same values
 * exist as CSS variables in themes.css (`--oi-*`, `--series-*`).
 */

export const OKABE_ITO = Object.freeze({
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const);

export type OkabeItoName = keyof typeof OKABE_ITO;

/**
 * Series colours in the order charts should use them: the strongest
 * contrasts first, yellow late (weak on white), black last (invisible on the
 * dark themes, so charts swap it for the text colour via `seriesColor`).
 */
export const SERIES: readonly string[] = Object.freeze([
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.vermillion,
  OKABE_ITO.skyBlue,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.yellow,
  OKABE_ITO.black,
]);

/** The colour of series `index`, cycling; reads `--series-N` so the current theme can adjust it. */
export function seriesColor(index: number, element?: Element): string {
  const slot = ((index % SERIES.length) + SERIES.length) % SERIES.length;
  return cssColor(`--series-${slot + 1}`, element) || (SERIES[slot] ?? OKABE_ITO.blue);
}

/** Theme colours charts need for text, grid lines and backgrounds, read from the live CSS variables. */
export interface ChartTheme {
  text: string;
  muted: string;
  grid: string;
  background: string;
  accent: string;
}

export function chartTheme(element?: Element): ChartTheme {
  return {
    text: cssColor('--fg', element) || '#1b1f24',
    muted: cssColor('--fg-muted', element) || '#57606a',
    grid: cssColor('--chart-grid', element) || 'rgba(0, 0, 0, 0.12)',
    background: cssColor('--bg', element) || '#ffffff',
    accent: cssColor('--accent', element) || OKABE_ITO.blue,
  };
}

/** A CSS custom property's value on `element` (default: <html>), or '' outside a browser. */
export function cssColor(variable: string, element?: Element): string {
  if (typeof document === 'undefined' || typeof getComputedStyle !== 'function') return '';
  return getComputedStyle(element ?? document.documentElement)
    .getPropertyValue(variable)
    .trim();
}

type Rgb = readonly [number, number, number];

/** Viridis sampled at nine points: ordered in lightness, readable in greyscale and by colour-blind viewers. */
const VIRIDIS: readonly Rgb[] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

/** Blue → near-white → vermillion, from the Okabe–Ito hues, for signed values. */
const DIVERGING: readonly Rgb[] = [
  [0, 114, 178],
  [247, 247, 247],
  [213, 94, 0],
];

function rampAt(stops: readonly Rgb[], t: number): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const position = clamped * (stops.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(stops.length - 1, lower + 1);
  const weight = position - lower;
  const a = stops[lower] ?? stops[0] ?? [0, 0, 0];
  const b = stops[upper] ?? a;
  const channel = (i: 0 | 1 | 2): number => Math.round(a[i] + (b[i] - a[i]) * weight);
  return `rgb(${channel(0)}, ${channel(1)}, ${channel(2)})`;
}

/**
 * Colour for a value in [0, 1] on the sequential (viridis) ramp.
 * @example sequential(0) // → 'rgb(68, 1, 84)'
 */
export function sequential(t: number): string {
  return rampAt(VIRIDIS, t);
}

/**
 * Colour for a value in [-1, 1] on the diverging ramp (0 is near-white).
 * @example diverging(1) // → 'rgb(213, 94, 0)'
 */
export function diverging(t: number): string {
  return rampAt(DIVERGING, (Math.min(1, Math.max(-1, t)) + 1) / 2);
}
