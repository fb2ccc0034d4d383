import { describe, expect, it } from 'vitest';
import type { NmsTimingPoint } from '../../../../../electron/common/nms.js';
import { growthExponent, isNiceLogTick, timingSeries, timingSizes } from '../../../../../renderer/src/widgets/nms/timing-series.js';

const point = (method: NmsTimingPoint['method'], device: NmsTimingPoint['device'], boxes: number, ms: number | null): NmsTimingPoint => ({
  method,
  device,
  provider: device === 'onnx' ? 'cpu' : null,
  scene: 'clustered',
  boxes,
  ms,
  kept: 1,
});

describe('timing series', () => {
  it('groups points per variant and device, sorted by box count, variants in lesson order', () => {
    const series = timingSeries([
      point('matrix', 'onnx', 1000, 5),
      point('greedy', 'typescript', 1000, 2),
      point('greedy', 'typescript', 100, 0.1),
      point('matrix', 'typescript', 100, 1),
    ]);
    expect(series.map((s) => s.key)).toEqual(['greedy|typescript|', 'matrix|typescript|', 'matrix|onnx|cpu']);
    expect(series[0]!.points).toEqual([
      { x: 100, y: 0.1 },
      { x: 1000, y: 2 },
    ]);
  });

  it('leaves skipped points out of the chart and keeps 0 ms drawable on a log axis', () => {
    const series = timingSeries([point('soft-gaussian', 'typescript', 100_000, null), point('greedy', 'typescript', 10, 0)]);
    expect(series).toHaveLength(1);
    expect(series[0]!.points[0]!.y).toBeGreaterThan(0);
  });

  it('picks about three sizes per decade up to the maximum', () => {
    expect(timingSizes(10_000)).toEqual([100, 300, 1000, 3000, 10_000]);
    expect(timingSizes(3000)).toEqual([100, 300, 1000, 3000]);
    expect(timingSizes(100_000)).toEqual([100, 300, 1000, 3000, 10_000, 30_000, 100_000]);
    expect(timingSizes(100)).toEqual([100]);
  });

  it('measures the growth exponent on log–log axes', () => {
    expect(
      growthExponent([
        { x: 100, y: 1 },
        { x: 1000, y: 100 },
      ]),
    ).toBeCloseTo(2, 12);
    expect(
      growthExponent([
        { x: 100, y: 3 },
        { x: 200, y: 6 },
        { x: 400, y: 12 },
      ]),
    ).toBeCloseTo(1, 12);
    expect(growthExponent([{ x: 100, y: 1 }])).toBeNull();
  });

  it('labels only the round ticks of a log axis', () => {
    expect([0.03, 0.07, 0.1, 0.3, 1, 7, 10, 30, 2000, 3000].filter((v) => isNiceLogTick(v, [1, 3]))).toEqual([0.03, 0.1, 0.3, 1, 10, 30, 3000]);
    expect(isNiceLogTick(0, [1])).toBe(false);
  });
});
