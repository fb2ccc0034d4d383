/**
 * What a chart in the lab is, independent of chart.js: axes that must carry
 * titles, series that must carry labels (they become the legend), and
 * nothing about colours, which come from the Okabe–Ito palette and the theme.
 * `buildChartConfig` turns a spec into a chart.js configuration; it is pure
 * so tests can check the rules without a canvas.
 */
import { Chart, type ChartConfiguration, type ChartDataset, type LegendItem, type ScaleOptions, type TooltipItem } from 'chart.js';

export interface ChartAxis {
  /** Shown along the axis; required because a plot without units teaches nothing. */
  title: string;
  scale?: 'linear' | 'logarithmic';
  min?: number;
  max?: number;
  /** Tick and tooltip text for a value (locale-aware number formatting, units). */
  format?: (value: number) => string;
}

export interface XYPoint {
  x: number;
  y: number;
}

export interface XYSeries {
  /** Legend and tooltip text; required. */
  label: string;
  points: readonly XYPoint[];
  /** 'line' joins points, 'points' draws markers only, 'reference' is a thin dashed guide (a true value, a threshold). */
  style?: 'line' | 'points' | 'reference';
  /** Dots on a 'line' series' points; default: only when there are 30 or fewer (a live series should say false, or its dots vanish mid-run). */
  markers?: boolean;
  /** Palette slot; defaults to the series' position among the non-reference series. */
  colorIndex?: number;
}

export interface BarSeries {
  label: string;
  values: readonly number[];
  colorIndex?: number;
}

export type ChartSpec =
  | { kind: 'xy'; x: ChartAxis; y: ChartAxis; series: readonly XYSeries[] }
  | { kind: 'bar'; categories: readonly string[]; x: Omit<ChartAxis, 'scale'>; y: ChartAxis; series: readonly BarSeries[]; horizontal?: boolean };

/** Everything the config needs from the page, passed in so the builder stays pure. */
export interface ChartEnvironment {
  colors: { series: (index: number) => string; text: string; muted: string; grid: string };
  font: { family: string; size: number };
  reducedMotion: boolean;
}

export class ChartSpecError extends Error {}

function requireText(value: string, what: string): void {
  if (value.trim() === '') throw new ChartSpecError(`${what} must not be empty`);
}

/** Enforces the lab's chart rules; throws a ChartSpecError naming the first broken one. */
export function validateChartSpec(spec: ChartSpec): void {
  requireText(spec.x.title, 'x axis title');
  requireText(spec.y.title, 'y axis title');
  if (spec.series.length === 0) throw new ChartSpecError('a chart needs at least one series');
  spec.series.forEach((series, index) => requireText(series.label, `label of series ${index}`));
  if (spec.kind === 'bar') {
    spec.series.forEach((series) => {
      if (series.values.length !== spec.categories.length) {
        throw new ChartSpecError(`series "${series.label}" has ${series.values.length} values for ${spec.categories.length} categories`);
      }
    });
  }
}

/** Adds transparency to a #rrggbb colour; other notations are returned unchanged. */
export function withAlpha(colour: string, alpha: number): string {
  const match = /^#([0-9a-f]{6})$/i.exec(colour.trim());
  if (!match) return colour;
  const value = Number.parseInt(match[1] ?? '0', 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}

const REFERENCE_DASH = [6, 4];

type Scale = ScaleOptions<'linear' | 'logarithmic' | 'category'>;

function axisOptions(axis: ChartAxis, env: ChartEnvironment, type: 'linear' | 'logarithmic' | 'category'): Scale {
  const format = axis.format;
  return {
    type,
    min: axis.min,
    max: axis.max,
    title: { display: true, text: axis.title, color: env.colors.text, font: { family: env.font.family, size: env.font.size } },
    ticks: {
      color: env.colors.muted,
      font: { family: env.font.family, size: Math.round(env.font.size * 0.9) },
      ...(format && type !== 'category' ? { callback: (value: string | number) => format(Number(value)) } : {}),
    },
    grid: { color: env.colors.grid },
    border: { color: env.colors.grid },
  } as Scale;
}

function xyDatasets(spec: Extract<ChartSpec, { kind: 'xy' }>, env: ChartEnvironment): ChartDataset<'line', XYPoint[]>[] {
  let slot = 0;
  return spec.series.map((series) => {
    const style = series.style ?? 'line';
    if (style === 'reference') {
      return {
        label: series.label,
        data: [...series.points],
        borderColor: env.colors.muted,
        backgroundColor: env.colors.muted,
        borderDash: REFERENCE_DASH,
        borderWidth: 1.5,
        pointRadius: 0,
        pointHoverRadius: 0,
        showLine: true,
        order: 1,
      };
    }
    const colour = env.colors.series(series.colorIndex ?? slot++);
    return {
      label: series.label,
      data: [...series.points],
      borderColor: colour,
      backgroundColor: style === 'points' ? withAlpha(colour, 0.7) : colour,
      borderWidth: 2,
      // Few points get markers so a single value is visible; thousands would be a smear.
      pointRadius: style === 'points' ? 3 : (series.markers ?? series.points.length <= 30) ? 2.5 : 0,
      showLine: style === 'line',
      order: 0,
    };
  });
}

/** The chart.js configuration for a spec, themed and with the legend shown whenever there is more than one series. */
export function buildChartConfig(spec: ChartSpec, env: ChartEnvironment): ChartConfiguration {
  validateChartSpec(spec);
  const legendFont = { family: env.font.family, size: env.font.size };
  const yFormat = spec.y.format;
  const common = {
    responsive: true,
    maintainAspectRatio: false,
    animation: env.reducedMotion ? (false as const) : { duration: 250 },
    interaction: { mode: 'nearest' as const, intersect: false },
    plugins: {
      legend: {
        display: spec.series.length > 1,
        labels: { color: env.colors.text, font: legendFont, usePointStyle: false },
      },
      tooltip: {
        callbacks: {
          label: (item: TooltipItem<'line' | 'bar'>): string => {
            const raw = item.parsed as { x: number | null; y: number | null };
            const value = spec.kind === 'bar' && spec.horizontal ? raw.x : raw.y;
            const text = value === null ? '' : yFormat ? yFormat(value) : String(value);
            return `${item.dataset.label ?? ''}: ${text}`;
          },
        },
      },
    },
  };

  if (spec.kind === 'xy') {
    // Legend keys drawn like the series (a line, a dashed line, a dot) rather than filled boxes.
    // chart.js reads point styles for these keys, which carry no dash: say how each series is drawn.
    const legendKeys = spec.series.map((series) =>
      series.style === 'points'
        ? { pointStyle: 'circle' as const, lineDash: [], lineWidth: 1 }
        : {
            pointStyle: 'line' as const,
            lineDash: series.style === 'reference' ? REFERENCE_DASH : [],
            lineWidth: series.style === 'reference' ? 1.5 : 2.5,
          },
    );
    const legend = {
      ...common.plugins.legend,
      labels: {
        ...common.plugins.legend.labels,
        usePointStyle: true,
        pointStyleWidth: Math.round(env.font.size * 2.2),
        generateLabels: (chart: Chart): LegendItem[] =>
          Chart.defaults.plugins.legend.labels
            .generateLabels(chart)
            .map((item) => ({ ...item, ...legendKeys[item.datasetIndex ?? 0], fillStyle: item.strokeStyle })),
      },
    };
    return {
      type: 'line',
      data: { datasets: xyDatasets(spec, env) },
      options: {
        ...common,
        plugins: { ...common.plugins, legend },
        // Points are already {x, y} numbers: skip chart.js's parsing pass on every live update.
        parsing: false,
        scales: {
          x: axisOptions(spec.x, env, spec.x.scale ?? 'linear'),
          y: axisOptions(spec.y, env, spec.y.scale ?? 'linear'),
        },
      },
    } as ChartConfiguration;
  }

  const valueAxis = axisOptions(spec.y, env, spec.y.scale ?? 'linear');
  const categoryAxis = axisOptions({ ...spec.x }, env, 'category');
  return {
    type: 'bar',
    data: {
      labels: [...spec.categories],
      datasets: spec.series.map((series, index) => {
        const colour = env.colors.series(series.colorIndex ?? index);
        return { label: series.label, data: [...series.values], backgroundColor: colour, borderColor: colour, borderWidth: 1 };
      }),
    },
    options: {
      ...common,
      indexAxis: spec.horizontal ? 'y' : 'x',
      scales: spec.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
    },
  } as ChartConfiguration;
}
