import { afterAll, describe, expect, it } from 'vitest';
import type { NmsTimingPoint } from '../../../../../electron/common/nms.js';
import { TIMING_POINT_BUDGET_MS, nmsTiming, predictMs } from '../../../../../electron/engine/jobs/kinds/nms-timing.js';
import { MAX_GRAPH_CANDIDATES } from '../../../../../electron/engine/nms/onnx-variants.js';
import { Runtime } from '../../../../../electron/engine/runtime/ort.js';
import { fakeContext } from './fake-context.js';

const runtime = new Runtime('cpu');
afterAll(() => runtime.releaseAll());

describe('predictMs', () => {
  it('extrapolates t ∝ N^k: k = 2 from one point, fitted on the last two and clamped to [1, 2]', () => {
    expect(predictMs([], 1000)).toBe(0);
    expect(predictMs([{ N: 1000, ms: 2 }], 10_000)).toBeCloseTo(200, 9);
    expect(
      predictMs(
        [
          { N: 1000, ms: 2 },
          { N: 2000, ms: 4 },
        ],
        4000,
      ),
    ).toBeCloseTo(8, 9); // k = 1
    expect(
      predictMs(
        [
          { N: 1000, ms: 2 },
          { N: 2000, ms: 64 },
        ],
        4000,
      ),
    ).toBeCloseTo(256, 9); // k = 5 → 2
    expect(
      predictMs(
        [
          { N: 1000, ms: 2 },
          { N: 2000, ms: 1 },
        ],
        4000,
      ),
    ).toBeCloseTo(2, 9); // k < 0 → 1
  });
});

describe('the nms.timing job', () => {
  it('times each scene × size × method × device, onnx only for Fast/Matrix, with progress carrying each point', async () => {
    const context = fakeContext<'nms.timing'>(runtime);
    const { points } = await nmsTiming(
      {
        methods: ['greedy', 'fast', 'matrix'],
        sizes: [300, 100, 300],
        scenes: ['uniform', 'clustered'],
        devices: ['typescript', 'onnx'],
        repeats: 3,
        seed: 4,
      },
      context,
    );
    // 2 scenes × 2 distinct sizes × (greedy, fast, fast-onnx, matrix, matrix-onnx).
    expect(points).toHaveLength(20);
    expect(points.filter((p) => p.device === 'onnx').every((p) => p.method !== 'greedy' && p.provider === 'cpu')).toBe(true);
    expect(points.filter((p) => p.device === 'typescript').every((p) => p.provider === null)).toBe(true);
    expect(points.map((p) => p.boxes).slice(0, 10)).toEqual([100, 100, 100, 100, 100, 300, 300, 300, 300, 300]);
    for (const p of points) {
      expect(p.ms).toBeGreaterThan(0);
      expect(p.repeats).toBe(3);
      expect(p.kept).toBeGreaterThan(0);
      expect(p.skipped).toBeUndefined();
    }
    // The graphs keep what the TypeScript versions keep on the same scene.
    const key = (p: NmsTimingPoint): string => `${p.scene}/${p.boxes}/${p.method}`;
    const ts = new Map(points.filter((p) => p.device === 'typescript').map((p) => [key(p), p.kept]));
    for (const p of points.filter((p) => p.device === 'onnx')) expect(p.kept).toBe(ts.get(key(p)));
    // One progress record per point with the point as payload, fractions rising to 1.
    const perPoint = context.records.filter((r) => r.messageKey === 'job.nms.timing');
    expect(perPoint.map((r) => r.payload)).toEqual(points);
    expect(perPoint.at(-1)?.fraction).toBe(1);
    expect(perPoint.every((r, k) => k === 0 || r.fraction > perPoint[k - 1]!.fraction)).toBe(true);
    expect(context.records[0]).toMatchObject({ messageKey: 'job.nms.timingStart', params: { points: 20 } });
  });

  it('skips points predicted over the budget (quadratic variants at 1M boxes) and graphs that are too large, saying why', async () => {
    const context = fakeContext<'nms.timing'>(runtime);
    const start = performance.now();
    const { points } = await nmsTiming(
      {
        methods: ['fast', 'soft-gaussian'],
        sizes: [500, 300_000, 1_000_000],
        scenes: ['uniform'],
        devices: ['typescript', 'onnx'],
        repeats: 2,
        seed: 1,
      },
      context,
    );
    expect(performance.now() - start).toBeLessThan(TIMING_POINT_BUDGET_MS);
    const at = (method: string, device: string, boxes: number): NmsTimingPoint | undefined =>
      points.find((p) => p.method === method && p.device === device && p.boxes === boxes);
    expect(at('fast', 'typescript', 500)?.ms).toBeGreaterThan(0);
    expect(at('fast', 'onnx', 500)?.ms).toBeGreaterThan(0);
    for (const method of ['fast', 'soft-gaussian']) {
      // 300k is predicted over budget from 500; 1M is skipped because 300k was, its prediction extrapolated from there.
      const point = at(method, 'typescript', 300_000);
      expect(point).toMatchObject({ ms: null, kept: 0, repeats: 0, skipped: { reason: 'budget', messageKey: 'job.nms.skippedBudget' } });
      expect(point?.skipped?.predictedMs).toBeGreaterThan(TIMING_POINT_BUDGET_MS);
      const larger = at(method, 'typescript', 1_000_000);
      expect(larger?.skipped?.reason).toBe('budget');
      expect(larger?.skipped?.predictedMs).toBeGreaterThan(point!.skipped!.predictedMs!);
    }
    expect(at('fast', 'onnx', 1_000_000)).toMatchObject({
      ms: null,
      skipped: {
        reason: 'tooLarge',
        predictedMs: null,
        messageKey: 'job.nms.skippedTooLarge',
        params: { method: 'fast', boxes: 1_000_000, max: MAX_GRAPH_CANDIDATES },
      },
    });
    expect(at('soft-gaussian', 'onnx', 500)).toBeUndefined();
  });

  it('stops at a checkpoint when cancelled', async () => {
    const context = fakeContext<'nms.timing'>(runtime, { cancelAtCheckpoint: 4 });
    await expect(
      nmsTiming(
        { methods: ['greedy', 'diou'], sizes: [100, 200, 400], scenes: ['clustered'], devices: ['typescript'], repeats: 5, seed: 2 },
        context,
      ),
    ).rejects.toMatchObject({ code: 'jobCancelled' });
    expect(context.records.filter((r) => r.messageKey === 'job.nms.timing').length).toBeLessThan(6);
  });
});
