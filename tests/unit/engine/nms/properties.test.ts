/**
 * Property tests (fast-check): invariants that must hold for every input,
 * not just the hand-picked ones. Seeds are fixed so a failure reproduces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NMS_METHOD_NAMES, runNms } from '../../../../electron/engine/nms/index.js';
import type { NmsInput } from '../../../../electron/engine/nms/types.js';
import { permuteInput } from './random-scenes.js';

const F = Float32Array;

/**
 * Scenes of up to maxN boxes on a 0–50 grid with 1/100 resolution, distinct
 * scores and predicted IoUs (so ranking ties cannot occur), and every field.
 */
function sceneArb(maxN: number, options: { integer?: boolean; minScore?: number } = {}): fc.Arbitrary<Required<NmsInput>> {
  const coordinate = options.integer ? fc.integer({ min: 0, max: 50 }) : fc.integer({ min: 0, max: 5000 }).map((v) => v / 100);
  const size = options.integer ? fc.integer({ min: 0, max: 20 }) : fc.integer({ min: 0, max: 2000 }).map((v) => v / 100);
  const box = fc.record({
    x: coordinate,
    y: coordinate,
    w: size,
    h: size,
    cls: fc.integer({ min: 0, max: 2 }),
    d: fc.double({ min: 0, max: 1, noNaN: true }),
    v: fc.double({ min: 0.1, max: 2, noNaN: true }),
  });
  const minScore = options.minScore ?? 1e-6;
  return fc.array(box, { maxLength: maxN }).chain((list) =>
    fc
      .tuple(
        fc.uniqueArray(fc.integer({ min: Math.ceil(minScore * 1e6), max: 1e6 }), { minLength: list.length, maxLength: list.length }),
        fc.uniqueArray(fc.integer({ min: 0, max: 1e6 }), { minLength: list.length, maxLength: list.length }),
      )
      .map(([scores, ious]) => ({
        boxes: F.from(list.flatMap((b) => [b.x, b.y, b.x + b.w, b.y + b.h])),
        scores: F.from(scores, (s) => s / 1e6),
        classes: Int32Array.from(list, (b) => b.cls),
        predictedIous: F.from(ious, (s) => s / 1e6),
        variances: F.from(list.flatMap((b) => [b.v, b.v * 1.5, b.v, b.v / 2])),
        densities: F.from(list, (b) => b.d),
      })),
  );
}

const threshold = fc.double({ min: 0, max: 1, noNaN: true });

/** A scene with a permutation of its boxes. */
const permuted = sceneArb(30).chain((scene) =>
  fc
    .shuffledSubarray(Array.from(scene.scores.keys()), { minLength: scene.scores.length, maxLength: scene.scores.length })
    .map((perm) => ({ scene, perm })),
);

describe('properties', () => {
  it.each(NMS_METHOD_NAMES.map((m) => [m]))('%s is permutation invariant (same kept boxes, order, scores and boxes)', (method) => {
    fc.assert(
      fc.property(permuted, ({ scene, perm }) => {
        const a = runNms(method, scene);
        const b = runNms(method, permuteInput(scene, perm));
        // Box k of the permuted input is box perm[k] of the original.
        expect(Array.from(b.keep, (k) => perm[k])).toEqual(Array.from(a.keep));
        expect(Array.from(b.scores)).toEqual(Array.from(a.scores));
        expect(Array.from(b.boxes)).toEqual(Array.from(a.boxes));
      }),
      { seed: 1, numRuns: 150 },
    );
  });

  it.each([['greedy'], ['batched'], ['fast'], ['diou'], ['adaptive'], ['iou-guided']] as const)(
    '%s is idempotent: NMS of its own output keeps everything',
    (method) => {
      fc.assert(
        fc.property(sceneArb(40), threshold, (scene, N_t) => {
          const first = runNms(method, scene, { N_t });
          const pick = <T extends Float32Array | Int32Array>(values: T, width: number): T =>
            values.constructor === Int32Array
              ? (Int32Array.from(Array.from(first.keep).flatMap((i) => Array.from(values.subarray(i * width, i * width + width)))) as T)
              : (F.from(Array.from(first.keep).flatMap((i) => Array.from(values.subarray(i * width, i * width + width)))) as T);
          const again: NmsInput = {
            boxes: first.boxes,
            scores: first.scores,
            classes: pick(scene.classes, 1),
            predictedIous: pick(scene.predictedIous, 1),
            densities: pick(scene.densities, 1),
          };
          const second = runNms(method, again, { N_t });
          expect(Array.from(second.keep)).toEqual(Array.from(first.keep.keys()));
          expect(Array.from(second.scores)).toEqual(Array.from(first.scores));
        }),
        { seed: 2, numRuns: 200 },
      );
    },
  );

  it('Fast NMS is monotone in N_t: a higher threshold keeps a superset', () => {
    fc.assert(
      fc.property(sceneArb(40), threshold, threshold, (scene, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const low = new Set(runNms('fast', scene, { N_t: lo }).keep);
        const high = new Set(runNms('fast', scene, { N_t: hi }).keep);
        for (const i of low) expect(high.has(i)).toBe(true);
      }),
      { seed: 3, numRuns: 300 },
    );
  });

  it('greedy NMS is NOT monotone in N_t (a pinned counterexample), but always keeps a superset of Fast NMS', () => {
    // A = [0,10], B = [3,13], C = [4,14] (×[0,10]): IoU(A,B) = 7/13 ≈ 0.538, IoU(B,C) = 9/11 ≈ 0.818, IoU(A,C) = 6/14 ≈ 0.429.
    // N_t = 0.5: B falls to A, C survives → {A, C}. N_t = 0.6: B survives A and then removes C → {A, B}.
    const input = { boxes: F.of(0, 0, 10, 10, 3, 0, 13, 10, 4, 0, 14, 10), scores: F.of(0.9, 0.8, 0.7) };
    expect(Array.from(runNms('greedy', input, { N_t: 0.5 }).keep)).toEqual([0, 2]);
    expect(Array.from(runNms('greedy', input, { N_t: 0.6 }).keep)).toEqual([0, 1]);
    // What does hold: fast(lo) ⊆ fast(hi) ⊆ greedy(hi).
    fc.assert(
      fc.property(sceneArb(40), threshold, threshold, (scene, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const greedyHigh = new Set(runNms('greedy', scene, { N_t: hi }).keep);
        for (const i of runNms('fast', scene, { N_t: lo }).keep) expect(greedyHigh.has(i)).toBe(true);
      }),
      { seed: 4, numRuns: 300 },
    );
  });

  it('Soft-NMS (Gaussian) with σ → 0 behaves like greedy NMS at N_t = 0', () => {
    // Integer coordinates and sides ≤ 20 make every positive IoU ≥ 1/800 ≫ √σ, so e^{−IoU²/σ} underflows below the floor.
    fc.assert(
      fc.property(sceneArb(40, { integer: true, minScore: 0.01 }), (scene) => {
        const soft = runNms('soft-gaussian', scene, { sigma: 1e-12 });
        const hard = runNms('greedy', scene, { N_t: 0 });
        expect(Array.from(soft.keep)).toEqual(Array.from(hard.keep));
        expect(Array.from(soft.scores)).toEqual(Array.from(hard.scores));
      }),
      { seed: 5, numRuns: 300 },
    );
  });

  it('variants that reduce to greedy NMS do: adaptive with d = 0, batched with one class, softer with hard suppression, IoU-guided ranked by score', () => {
    fc.assert(
      fc.property(sceneArb(40), threshold, (scene, N_t) => {
        const expected = Array.from(runNms('greedy', scene, { N_t }).keep);
        expect(Array.from(runNms('adaptive', { ...scene, densities: new F(scene.scores.length) }, { N_t }).keep)).toEqual(expected);
        expect(Array.from(runNms('batched', { ...scene, classes: new Int32Array(scene.scores.length) }, { N_t }).keep)).toEqual(expected);
        expect(Array.from(runNms('softer', scene, { N_t, suppression: 'greedy' }).keep)).toEqual(expected);
        expect(Array.from(runNms('iou-guided', { ...scene, predictedIous: scene.scores }, { N_t }).keep)).toEqual(expected);
      }),
      { seed: 6, numRuns: 300 },
    );
  });

  it('decaying variants never raise a score; the top-scoring box always survives with its score', () => {
    fc.assert(
      fc.property(sceneArb(40, { minScore: 0.1 }), (scene) => {
        if (scene.scores.length === 0) return;
        const top = Array.from(scene.scores.keys()).reduce((a, b) => (scene.scores[b]! > scene.scores[a]! ? b : a));
        for (const method of ['soft-linear', 'soft-gaussian', 'matrix', 'softer'] as const) {
          const result = runNms(method, scene);
          result.keep.forEach((i, k) => expect(result.scores[k]!).toBeLessThanOrEqual(scene.scores[i]!));
          expect(result.keep[0]).toBe(top);
          expect(result.scores[0]).toBe(scene.scores[top]);
        }
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
