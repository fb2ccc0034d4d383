import { LabError } from '../../../common/errors.js';
import type { NmsDevice, NmsMethodName, NmsTimingPoint, NmsTimingScene, NmsTimingSkipReason } from '../../../common/nms.js';
import { runNms } from '../../nms/index.js';
import { MAX_GRAPH_CANDIDATES, isOnnxNmsMethod, runOnnxVariant } from '../../nms/onnx-variants.js';
import { timingScene } from '../../nms/timing-scenes.js';
import type { NmsInput } from '../../nms/types.js';
import type { JobContext, JobFunction } from '../context.js';

/**
 * Per-point budget: the warm-up run and the timed repeats of one (scene, size,
 * method, device) stay within it, so a whole timing job stays interactive.
 */
export const TIMING_POINT_BUDGET_MS = 4000;

/** Sizes up to this are run without a prediction (a TypeScript run still stops at the budget). */
const PROBE_FREE_MAX = 2000;
/** The size a series is first measured at when its first requested size is larger. */
const PROBE_SIZE = 1000;

interface Measured {
  N: number;
  ms: number;
}

/**
 * Predicted time of one run at N from the series' earlier points: t ∝ N^k,
 * with k fitted on the last two points and clamped to [1, 2] (every variant
 * is between linear and quadratic), k = 2 from a single point (the cautious guess).
 *
 * @example predictMs([{ N: 1000, ms: 2 }], 10_000) // → 200
 */
export function predictMs(series: readonly Measured[], N: number): number {
  const last = series.at(-1);
  if (!last) return 0;
  const before = series.at(-2);
  let k = 2;
  if (before && before.N !== last.N && before.ms > 0 && last.ms > 0) {
    k = Math.min(2, Math.max(1, Math.log(last.ms / before.ms) / Math.log(last.N / before.N)));
  }
  return last.ms * (N / last.N) ** k;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function isBudgetError(error: unknown): boolean {
  return error instanceof LabError && error.messageKey === 'error.nms.timeBudgetExceeded';
}

/** One run of a variant on a device; TypeScript runs stop at the point budget with a typed error. */
async function runOnce(
  context: JobContext<'nms.timing'>,
  method: NmsMethodName,
  device: NmsDevice,
  input: NmsInput,
): Promise<{ ms: number; kept: number; provider: string | null }> {
  const start = performance.now();
  if (device === 'onnx') {
    const { result, provider } = await runOnnxVariant(context.runtime, method, input);
    return { ms: performance.now() - start, kept: result.keep.length, provider };
  }
  const result = runNms(method, input, { budgetMs: TIMING_POINT_BUDGET_MS });
  return { ms: performance.now() - start, kept: result.keep.length, provider: null };
}

/**
 * Times the variants as the number of boxes grows: for each scene kind, size,
 * method and device, the median wall time of `repeats` runs (after one
 * warm-up run). Device 'onnx' exists only for Fast and Matrix NMS (their ONNX
 * graphs, on the runtime's execution provider); other method/device pairs
 * are left out. A run on device 'onnx' is the whole call: ranking in
 * TypeScript, feeding, the graph, assembly.
 *
 * Work is capped so quadratic variants at 100k boxes cannot run for minutes:
 *   - a point whose predicted single run exceeds TIMING_POINT_BUDGET_MS is
 *     skipped (ms = null, skipped.reason 'budget', with the prediction), and so
 *     are the larger sizes of that series; a TypeScript run that overruns
 *     anyway stops at the budget and is reported the same way;
 *   - repeats shrink to what fits in the budget after the warm-up (the point
 *     says how many it used);
 *   - ONNX graphs above MAX_GRAPH_CANDIDATES boxes are skipped ('tooLarge').
 * Progress after each point carries the point; a checkpoint between runs lets
 * a cancel in.
 *
 * @example jobs.start { kind: 'nms.timing', args: { methods: ['greedy', 'matrix'], sizes: [1000, 10000], scenes: ['clustered'], devices: ['typescript', 'onnx'], repeats: 5, seed: 1 } }
 * // → { points: [ { method: 'greedy', device: 'typescript', scene: 'clustered', boxes: 1000, ms: 0.4, kept: 10, repeats: 5, … }, … ] }
 */
export const nmsTiming: JobFunction<'nms.timing'> = async ({ methods, sizes, scenes, devices, repeats, seed }, context) => {
  const sortedSizes = [...new Set(sizes)].sort((a, b) => a - b);
  const sceneKinds: NmsTimingScene[] = [...new Set(scenes)];
  const combos = [...new Set(methods)].flatMap((method) =>
    [...new Set(devices)].filter((device) => device === 'typescript' || isOnnxNmsMethod(method)).map((device) => ({ method, device })),
  );
  const total = sceneKinds.length * sortedSizes.length * combos.length;
  const points: NmsTimingPoint[] = [];
  const series = new Map<string, Measured[]>();
  /** Series already over budget: the size it happened at and the predicted time there (null: a run overran). */
  const overBudget = new Map<string, Measured | null>();
  context.progress(0, 'job.nms.timingStart', undefined, { points: total });

  for (const scene of sceneKinds) {
    for (const N of sortedSizes) {
      await context.checkpoint();
      // Built on first use: when every point of this size is skipped, a million-box scene is never drawn.
      let input: NmsInput | null = null;
      const sceneInput = (): NmsInput => (input ??= timingScene(scene, N, seed + N));
      for (const { method, device } of combos) {
        const key = `${scene}/${method}/${device}`;
        const measured = series.get(key) ?? [];
        series.set(key, measured);
        const base = { method, device, provider: null, scene, boxes: N } as const;
        const skip = (reason: NmsTimingSkipReason, predictedMs: number | null): NmsTimingPoint => ({
          ...base,
          ms: null,
          kept: 0,
          repeats: 0,
          skipped: {
            reason,
            predictedMs: predictedMs === null ? null : Math.round(predictedMs),
            messageKey: reason === 'budget' ? 'job.nms.skippedBudget' : 'job.nms.skippedTooLarge',
            params:
              reason === 'budget'
                ? { method, boxes: N, budgetMs: TIMING_POINT_BUDGET_MS, predictedMs: predictedMs === null ? '?' : Math.round(predictedMs) }
                : { method, boxes: N, max: MAX_GRAPH_CANDIDATES },
          },
        });

        let point: NmsTimingPoint;
        if (device === 'onnx' && N > MAX_GRAPH_CANDIDATES) {
          point = skip('tooLarge', null);
        } else if (overBudget.has(key)) {
          // A smaller size of this series was already over budget.
          const earlier = overBudget.get(key) ?? null;
          point = skip('budget', earlier === null ? null : predictMs([earlier], N));
        } else {
          // Predict from the series, measuring a small probe first when the series has nothing yet.
          if (measured.length === 0 && N > PROBE_FREE_MAX) {
            const probe = timingScene(scene, PROBE_SIZE, seed + PROBE_SIZE);
            await runOnce(context, method, device, probe); // warm-up (JIT, session creation)
            await context.checkpoint();
            measured.push({ N: PROBE_SIZE, ms: (await runOnce(context, method, device, probe)).ms });
          }
          const predicted = predictMs(measured, N);
          if (predicted > TIMING_POINT_BUDGET_MS) {
            overBudget.set(key, { N, ms: predicted });
            point = skip('budget', predicted);
          } else {
            point = await measurePoint(context, method, device, sceneInput(), repeats, base, skip, () => overBudget.set(key, null));
            if (point.ms !== null) measured.push({ N, ms: point.ms });
          }
        }
        points.push(point);
        context.progress(total > 0 ? points.length / total : 1, 'job.nms.timing', point, { method, device, boxes: N, scene });
        await context.checkpoint();
      }
    }
  }
  return { points };
};

async function measurePoint(
  context: JobContext<'nms.timing'>,
  method: NmsMethodName,
  device: NmsDevice,
  input: NmsInput,
  repeats: number,
  base: Pick<NmsTimingPoint, 'method' | 'device' | 'scene' | 'boxes'>,
  skip: (reason: NmsTimingSkipReason, predictedMs: number | null) => NmsTimingPoint,
  markOverBudget: () => void,
): Promise<NmsTimingPoint> {
  try {
    // The warm-up run also tells how many repeats fit in the budget.
    const first = await runOnce(context, method, device, input);
    const affordable = Math.floor((TIMING_POINT_BUDGET_MS - first.ms) / Math.max(first.ms, 1e-3));
    const runs = Math.min(repeats, affordable);
    if (runs < 1) return { ...base, provider: first.provider, ms: first.ms, kept: first.kept, repeats: 1 };
    const times: number[] = [];
    let last = first;
    for (let r = 0; r < runs; r++) {
      await context.checkpoint();
      last = await runOnce(context, method, device, input);
      times.push(last.ms);
    }
    return { ...base, provider: last.provider, ms: median(times), kept: last.kept, repeats: runs };
  } catch (error) {
    if (!isBudgetError(error)) throw error;
    markOverBudget();
    return skip('budget', null);
  }
}
