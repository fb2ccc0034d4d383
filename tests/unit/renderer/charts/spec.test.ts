import { describe, expect, it } from 'vitest';
import {
  buildChartConfig,
  ChartSpecError,
  validateChartSpec,
  withAlpha,
  type ChartEnvironment,
  type ChartSpec,
} from '../../../../renderer/src/charts/spec.js';

const PALETTE = ['#0072B2', '#E69F00', '#009E73'];
const env: ChartEnvironment = {
  colors: { series: (i) => PALETTE[i % PALETTE.length] ?? '#000000', text: '#111111', muted: '#555555', grid: 'rgba(0,0,0,0.1)' },
  font: { family: 'Noto Sans', size: 13 },
  reducedMotion: false,
};

const line: ChartSpec = {
  kind: 'xy',
  x: { title: 'samples', min: 0, max: 100 },
  y: { title: 'estimate of π', format: (v) => v.toFixed(2) },
  series: [
    { label: 'estimate', points: [{ x: 10, y: 3.2 }] },
    {
      label: 'π',
      style: 'reference',
      points: [
        { x: 0, y: Math.PI },
        { x: 100, y: Math.PI },
      ],
    },
  ],
};

interface LooseOptions {
  animation: unknown;
  plugins: { legend: { display: boolean; labels: { color: string } } };
  scales: Record<
    string,
    {
      type: string;
      min?: number;
      title: { display: boolean; text: string; color: string };
      grid: { color: string };
      ticks: { callback?: (v: number) => string };
    }
  >;
}
const optionsOf = (spec: ChartSpec, e = env): LooseOptions => buildChartConfig(spec, e).options as unknown as LooseOptions;

describe('chart rules', () => {
  it('refuse a chart without axis titles or series labels', () => {
    expect(() => validateChartSpec({ ...line, x: { title: ' ' } })).toThrow(ChartSpecError);
    expect(() => validateChartSpec({ ...line, y: { title: '' } })).toThrow(/y axis title/);
    expect(() => validateChartSpec({ ...line, series: [{ label: '', points: [] }] })).toThrow(/label of series 0/);
    expect(() => validateChartSpec({ ...line, series: [] })).toThrow(/at least one series/);
  });

  it('refuse bar series whose length does not match the categories', () => {
    const bar: ChartSpec = {
      kind: 'bar',
      categories: ['a', 'b'],
      x: { title: 'variant' },
      y: { title: 'AP' },
      series: [{ label: 'AP', values: [1] }],
    };
    expect(() => validateChartSpec(bar)).toThrow(/1 values for 2 categories/);
  });

  it('show the axis titles in the theme colour, the grid in the grid colour', () => {
    const options = optionsOf(line);
    expect(options.scales.x?.title).toMatchObject({ display: true, text: 'samples', color: '#111111' });
    expect(options.scales.y?.title.text).toBe('estimate of π');
    expect(options.scales.x?.grid.color).toBe('rgba(0,0,0,0.1)');
    expect(options.scales.x?.type).toBe('linear');
    expect(options.scales.x?.min).toBe(0);
    expect(options.scales.y?.ticks.callback?.(3.14159)).toBe('3.14');
  });

  it('show a legend exactly when there is more than one series', () => {
    expect(optionsOf(line).plugins.legend.display).toBe(true);
    expect(optionsOf({ ...line, series: [line.series[0]!] }).plugins.legend.display).toBe(false);
  });

  it('colour series from the palette in order and draw references dashed in the muted colour', () => {
    const config = buildChartConfig(line, env);
    const [estimate, reference] = config.data.datasets as { borderColor: string; borderDash?: number[] }[];
    expect(estimate?.borderColor).toBe('#0072B2');
    expect(reference?.borderColor).toBe('#555555');
    expect(reference?.borderDash).toEqual([6, 4]);
  });

  it('mark points of short line series unless told not to', () => {
    const radius = (spec: ChartSpec): unknown => (buildChartConfig(spec, env).data.datasets[0] as { pointRadius: number }).pointRadius;
    expect(radius(line)).toBeGreaterThan(0);
    expect(radius({ ...line, series: [{ label: 'live', points: [{ x: 1, y: 1 }], markers: false }] })).toBe(0);
    const many = Array.from({ length: 31 }, (_, x) => ({ x, y: x }));
    expect(radius({ ...line, series: [{ label: 'many', points: many }] })).toBe(0);
  });

  it('turn animation off for prefers-reduced-motion', () => {
    expect(optionsOf(line, { ...env, reducedMotion: true }).animation).toBe(false);
    expect(optionsOf(line).animation).not.toBe(false);
  });

  it('build horizontal bar charts with the value axis along x', () => {
    const bar: ChartSpec = {
      kind: 'bar',
      horizontal: true,
      categories: ['greedy', 'soft'],
      x: { title: 'variant' },
      y: { title: 'AP' },
      series: [
        { label: 'AP@0.5', values: [0.5, 0.6] },
        { label: 'AP@0.75', values: [0.3, 0.4] },
      ],
    };
    const config = buildChartConfig(bar, env);
    expect(config.type).toBe('bar');
    const options = config.options as unknown as LooseOptions & { indexAxis: string };
    expect(options.indexAxis).toBe('y');
    expect(options.scales.x?.title.text).toBe('AP');
    expect(options.scales.y?.type).toBe('category');
    expect((config.data.datasets[1] as { backgroundColor: string }).backgroundColor).toBe('#E69F00');
  });

  it('add transparency to hex colours only', () => {
    expect(withAlpha('#0072B2', 0.5)).toBe('rgba(0, 114, 178, 0.5)');
    expect(withAlpha('rgb(1, 2, 3)', 0.5)).toBe('rgb(1, 2, 3)');
  });
});
