/**
 * Timing points ('nms.timing' progress payloads) grouped into chart series:
 * one line per variant and device, points sorted by the number of boxes.
 * Pure, so the grouping is tested without a chart.
 */
import type { NmsDevice, NmsMethodName, NmsTimingPoint } from '../../../../electron/common/nms';
import { METHOD_ORDER } from './methods';

export interface TimingSeries {
  key: string;
  method: NmsMethodName;
  device: NmsDevice;
  /** The execution provider of the ONNX runs ('cpu', 'cuda', …), null for TypeScript. */
  provider: string | null;
  points: { x: number; y: number }[];
}

/**
 * @example timingSeries([{ method: 'fast', device: 'onnx', provider: 'cuda', scene: 'uniform', boxes: 100, ms: 2, kept: 90 }])
 * // → [{ key: 'fast|onnx|cuda', method: 'fast', device: 'onnx', provider: 'cuda', points: [{ x: 100, y: 2 }] }]
 */
export function timingSeries(points: readonly NmsTimingPoint[]): TimingSeries[] {
  const byKey = new Map<string, TimingSeries>();
  for (const point of points) {
    // A skipped point (predicted over the job's budget) has no time to draw.
    if (point.ms === null) continue;
    const key = `${point.method}|${point.device}|${point.provider ?? ''}`;
    let series = byKey.get(key);
    if (!series) {
      series = { key, method: point.method, device: point.device, provider: point.provider, points: [] };
      byKey.set(key, series);
    }
    // Log axes cannot show 0 ms: a run faster than the clock's resolution is drawn at 1 µs.
    series.points.push({ x: point.boxes, y: Math.max(point.ms, 0.001) });
  }
  const list = [...byKey.values()];
  for (const series of list) series.points.sort((a, b) => a.x - b.x);
  list.sort(
    (a, b) => METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method) || (a.device === b.device ? 0 : a.device === 'typescript' ? -1 : 1),
  );
  return list;
}

/**
 * Box counts from 100 up to `max`, about three per decade (100, 300, 1000, …),
 * always ending at `max`; at most 10, the job's limit.
 *
 * @example timingSizes(10000) // → [100, 300, 1000, 3000, 10000]
 */
export function timingSizes(max: number): number[] {
  const sizes: number[] = [];
  for (let decade = 100; decade < max && sizes.length < 9; decade *= 10) {
    sizes.push(decade);
    if (decade * 3 < max) sizes.push(decade * 3);
  }
  sizes.push(max);
  return sizes.slice(-10);
}

/**
 * The slope of log(ms) against log(boxes) by least squares: the exponent k in
 * time ∝ N^k (2 for a quadratic loop). Null with fewer than two points.
 *
 * @example growthExponent([{ x: 100, y: 1 }, { x: 1000, y: 100 }]) // → 2
 */
export function growthExponent(points: readonly { x: number; y: number }[]): number | null {
  const usable = points.filter((p) => p.x > 0 && p.y > 0);
  if (usable.length < 2) return null;
  const xs = usable.map((p) => Math.log(p.x));
  const ys = usable.map((p) => Math.log(p.y));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : null;
}

/**
 * Whether a log-axis tick deserves a label: chart.js puts a tick at every
 * 1–9 × 10^k, and labelling all of them runs the numbers into each other.
 *
 * @example isNiceLogTick(300, [1, 3]) // → true
 * @example isNiceLogTick(700, [1, 3]) // → false
 */
export function isNiceLogTick(value: number, mantissas: readonly number[]): boolean {
  if (!(value > 0)) return false;
  const mantissa = value / 10 ** Math.floor(Math.log10(value) + 1e-9);
  return mantissas.some((m) => Math.abs(mantissa - m) < 1e-6);
}
