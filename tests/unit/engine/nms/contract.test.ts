/**
 * The contract every registered NMS variant keeps, whatever its maths:
 * result shape, index validity, ordering, trace consistency, typed errors on
 * bad input, and bounded time on huge input.
 */
import { describe, expect, it } from 'vitest';
import { LabError } from '../../../../electron/common/errors.js';
import { MAX_BOXES } from '../../../../electron/engine/nms/boxes.js';
import { NMS_METHODS, NMS_METHOD_NAMES, runNms } from '../../../../electron/engine/nms/index.js';
import type { NmsInput, NmsMethodName, NmsResult } from '../../../../electron/engine/nms/types.js';
import { randomScene, seeded } from './random-scenes.js';

const F = Float32Array;

/** Variants that replace kept boxes by an average (the rest return input boxes unchanged). */
const REFINES = new Set<NmsMethodName>(['weighted', 'softer']);

function withExtras(boxes: Float32Array, scores: Float32Array): Required<NmsInput> {
  const N = scores.length;
  return {
    boxes,
    scores,
    classes: new Int32Array(N),
    predictedIous: F.from({ length: N }, (_, i) => (i + 1) / (N + 1)),
    variances: new F(4 * N).fill(1),
    densities: new F(N).fill(0.3),
  };
}

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return null;
}

function expectTyped(run: () => unknown, messageKey?: string): void {
  const error = caught(run);
  expect(error, 'a LabError').toBeInstanceOf(LabError);
  expect((error as LabError).code).toBe('validation');
  if (messageKey) expect((error as LabError).messageKey).toBe(messageKey);
}

function checkResult(method: NmsMethodName, input: Required<NmsInput>, result: NmsResult): void {
  const N = input.scores.length;
  const K = result.keep.length;
  expect(result.keep).toBeInstanceOf(Int32Array);
  expect(result.scores).toBeInstanceOf(Float32Array);
  expect(result.boxes).toBeInstanceOf(Float32Array);
  expect(result.scores).toHaveLength(K);
  expect(result.boxes).toHaveLength(4 * K);
  expect(new Set(result.keep).size, 'kept indices are unique').toBe(K);
  for (let k = 0; k < K; k++) {
    const i = result.keep[k]!;
    expect(Number.isInteger(i) && i >= 0 && i < N, `index ${i} in range`).toBe(true);
    expect(Number.isFinite(result.scores[k]!)).toBe(true);
    if (k > 0) expect(result.scores[k]!, 'scores are non-increasing').toBeLessThanOrEqual(result.scores[k - 1]!);
    for (let c = 0; c < 4; c++) {
      expect(Number.isFinite(result.boxes[4 * k + c]!)).toBe(true);
      if (!REFINES.has(method)) expect(result.boxes[4 * k + c]).toBe(input.boxes[4 * i + c]);
    }
  }
  expect(result.stats.candidates).toBeLessThanOrEqual(N);
  expect(result.stats.overlaps).toBeGreaterThanOrEqual(0);
}

function checkTrace(result: NmsResult, N: number): void {
  const trace = result.trace!;
  expect(trace).toBeDefined();
  const chosen = trace.map((r) => r.chosen);
  expect(new Set(chosen).size, 'each box is chosen at most once').toBe(chosen.length);
  const kept = new Map(Array.from(result.keep, (i, k) => [i, result.scores[k]!]));
  for (const [i, score] of kept) {
    const round = trace.find((r) => r.chosen === i);
    expect(round, `kept box ${i} has a round`).toBeDefined();
    expect(Math.fround(round!.score), `round score of ${i} = its final score`).toBe(score);
  }
  for (const round of trace) {
    expect(round.chosen >= 0 && round.chosen < N).toBe(true);
    expect(round.fates.map((f) => f.index).sort((a, b) => a - b)).toEqual(round.ious.map((o) => o.index).sort((a, b) => a - b));
    for (const o of round.ious) {
      expect(o.iou).toBeGreaterThan(0);
      expect(o.iou).toBeLessThanOrEqual(1);
      expect(o.index).not.toBe(round.chosen);
    }
    for (const fate of round.fates) {
      expect(fate.index >= 0 && fate.index < N).toBe(true);
      if (fate.fate === 'suppressed' || fate.fate === 'merged') expect(kept.has(fate.index), `kept box ${fate.index} was ${fate.fate}`).toBe(false);
      if (fate.fate === 'decayed') expect(fate.to).toBeLessThan(fate.from);
      if (fate.fate === 'merged') expect(fate.weight).toBeGreaterThanOrEqual(0);
    }
  }
}

describe.each(NMS_METHOD_NAMES.map((name) => [name]))('NMS contract: %s', (method) => {
  const entry = NMS_METHODS[method];

  it('is registered under its own name with complete defaults', () => {
    expect(entry.name).toBe(method);
    expect(entry.defaults).toMatchObject({ offset: 0, trace: false });
  });

  it('returns an empty result for zero boxes', () => {
    const result = runNms(method, withExtras(new F(0), new F(0)));
    expect(result.keep).toHaveLength(0);
    expect(result.scores).toHaveLength(0);
    expect(result.boxes).toHaveLength(0);
    expect(runNms(method, withExtras(new F(0), new F(0)), { trace: true }).trace).toEqual([]);
  });

  it('keeps a single box with its score and box', () => {
    const input = withExtras(F.of(1, 2, 3, 4), F.of(0.9));
    const result = runNms(method, input, { trace: true });
    expect(Array.from(result.keep)).toEqual([0]);
    expect(result.scores[0]).toBe(Math.fround(0.9));
    expect(Array.from(result.boxes)).toEqual([1, 2, 3, 4]);
    checkTrace(result, 1);
  });

  it('keeps the result contract on 60 random scenes, with and without a trace, deterministically', () => {
    const rng = seeded(100 + NMS_METHOD_NAMES.indexOf(method));
    for (let c = 0; c < 60; c++) {
      const scene = randomScene(rng, {
        N: Math.floor(rng.uniform() * 80),
        kind: c % 2 ? 'clustered' : 'uniform',
        classes: 1 + (c % 3),
        integer: c % 4 === 0,
        scores: c % 5 === 0 ? 'ties' : 'distinct',
      });
      const plain = runNms(method, scene);
      checkResult(method, scene, plain);
      const traced = runNms(method, scene, { trace: true });
      checkResult(method, scene, traced);
      checkTrace(traced, scene.scores.length);
      expect(Array.from(traced.keep), 'the trace does not change the answer').toEqual(Array.from(plain.keep));
      expect(Array.from(traced.scores)).toEqual(Array.from(plain.scores));
      expect(Array.from(runNms(method, scene).keep), 'deterministic').toEqual(Array.from(plain.keep));
    }
  });

  it('honours scoreThreshold, topK and maxOutput', () => {
    const rng = seeded(7);
    for (let c = 0; c < 20; c++) {
      const scene = randomScene(rng, { N: 40, kind: 'clustered' });
      const t = 0.4;
      for (const i of runNms(method, scene, { scoreThreshold: t }).keep) expect(scene.scores[i]!).toBeGreaterThan(t);
      expect(runNms(method, scene, { maxOutput: 3 }).keep.length).toBeLessThanOrEqual(3);
      const top = new Set(
        Array.from(scene.scores.keys())
          .sort((a, b) => scene.scores[b]! - scene.scores[a]!)
          .slice(0, 5),
      );
      for (const i of runNms(method, scene, { topK: 5 }).keep) expect(top.has(i)).toBe(true);
    }
  });

  it('answers bad input with a typed LabError, never a crash', () => {
    const good = withExtras(F.of(0, 0, 10, 10, 2, 0, 12, 10), F.of(0.9, 0.8));
    expectTyped(() => runNms(method, { ...good, boxes: F.of(0, 0, Number.NaN, 10, 2, 0, 12, 10) }), 'error.nms.nonFiniteBox');
    expectTyped(() => runNms(method, { ...good, boxes: F.of(0, 0, 10, 10, 2, 0, 1, 10) }), 'error.nms.invertedBox');
    expectTyped(() => runNms(method, { ...good, boxes: F.of(0, 0, 10, 10, 2, 0, 12) }), 'error.nms.boxesShape');
    expectTyped(() => runNms(method, { ...good, scores: F.of(0.9) }), 'error.nms.lengthMismatch');
    expectTyped(() => runNms(method, { ...good, scores: F.of(0.9, Number.POSITIVE_INFINITY) }), 'error.nms.nonFiniteScore');
    expectTyped(() => runNms(method, good, { offset: 2 as 0 }), 'error.nms.badOption');
    expectTyped(() => runNms(method, good, { topK: 1.5 }), 'error.nms.badOption');
    expectTyped(() => runNms(method, good, { trace: true, budgetMs: -1 }), 'error.nms.badOption');
    expectTyped(() => runNms(method, null as unknown as NmsInput), 'error.nms.arrayType');
    const logits = { ...good, scores: F.of(2.5, -1) };
    if (entry.scoreDomain === 'probability') expectTyped(() => runNms(method, logits), 'error.nms.scoreOutOfRange');
    else expect(runNms(method, logits).keep.length).toBeGreaterThan(0);
    for (const field of entry.requires) expectTyped(() => runNms(method, { ...good, [field]: undefined }), 'error.nms.missingField');
  });

  it('refuses more than MAX_BOXES boxes immediately, and stops at its time budget with a typed error', () => {
    expectTyped(() => runNms(method, { boxes: HUGE_BOXES, scores: HUGE_SCORES }), 'error.nms.tooManyBoxes');
    const scene = randomScene(seeded(1), { N: 200, kind: 'clustered' });
    expectTyped(() => runNms(method, scene, { budgetMs: 1e-9 }), 'error.nms.timeBudgetExceeded');
  });
});

// One allocation shared by every variant: MAX_BOXES + 1 boxes.
const HUGE_BOXES = new F(4 * (MAX_BOXES + 1));
const HUGE_SCORES = new F(MAX_BOXES + 1);

describe('one million boxes', () => {
  // Uniform boxes at constant density; scores distinct enough. Built once.
  const N = MAX_BOXES;
  const rng = seeded(99);
  const side = 1000 * Math.sqrt(N / 10_000);
  const boxes = new F(4 * N);
  const scores = new F(N);
  for (let i = 0; i < N; i++) {
    const w = 10 + 90 * rng.uniform();
    const h = 10 + 90 * rng.uniform();
    const x = rng.uniform() * (side - w);
    const y = rng.uniform() * (side - h);
    boxes[4 * i] = x;
    boxes[4 * i + 1] = y;
    boxes[4 * i + 2] = x + w;
    boxes[4 * i + 3] = y + h;
    scores[i] = rng.uniform();
  }

  it('greedy NMS completes within its budget or refuses with a typed error', () => {
    let outcome: NmsResult | unknown;
    try {
      outcome = runNms('greedy', { boxes, scores }, { budgetMs: 15_000 });
    } catch (error) {
      outcome = error;
    }
    if (outcome instanceof LabError) expect(outcome.messageKey).toBe('error.nms.timeBudgetExceeded');
    else {
      const result = outcome as NmsResult;
      expect(result.keep.length).toBeGreaterThan(N / 10);
      expect(result.keep.length).toBeLessThanOrEqual(N);
    }
  }, 60_000);

  it('Fast NMS (quadratic) stops at its budget with a typed error naming its progress', () => {
    const error = caught(() => runNms('fast', { boxes, scores }, { budgetMs: 500 }));
    expect(error).toBeInstanceOf(LabError);
    expect((error as LabError).messageKey).toBe('error.nms.timeBudgetExceeded');
    expect((error as LabError).params).toMatchObject({ method: 'fast', total: N });
  }, 60_000);
});
