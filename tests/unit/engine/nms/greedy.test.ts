import { afterAll, describe, expect, it } from 'vitest';
import { LabError } from '../../../../electron/common/errors.js';
import { greedy, greedyGrid, greedyTextbook } from '../../../../electron/engine/nms/greedy.js';
import { onnxNms } from '../../../../electron/engine/nms/onnx-nms.js';
import { createDeadline, rankDescending } from '../../../../electron/engine/nms/stages.js';
import { Runtime } from '../../../../electron/engine/runtime/ort.js';
import { randomScene, seeded } from './random-scenes.js';

const F = Float32Array;
const keepOf = (boxes: number[], scores: number[], options: Parameters<typeof greedy>[1] = {}): number[] =>
  Array.from(greedy({ boxes: F.from(boxes), scores: F.from(scores) }, options).keep);

describe('greedy NMS: hand-computed cases', () => {
  // A = (0,0,10,10) and B = (2,0,12,10): inter = 8·10 = 80, union = 100 + 100 − 80 = 120, IoU = ⅔.
  // C = (30,0,40,10) and D = (31,0,41,10): inter = 9·10 = 90, union = 110, IoU = 9/11 ≈ 0.818.
  // A and B do not touch C and D.
  const boxes = [0, 0, 10, 10, 2, 0, 12, 10, 30, 0, 40, 10, 31, 0, 41, 10];
  const scores = [0.9, 0.8, 0.7, 0.6];

  it('keeps two boxes in two rounds at N_t = 0.5 (the article example)', () => {
    // Round 1: A kept; B (⅔ > 0.5) suppressed; C, D untouched. Round 2: C kept; D (0.818 > 0.5) suppressed.
    const result = greedy({ boxes: F.from(boxes), scores: F.from(scores) }, { N_t: 0.5, trace: true });
    expect(Array.from(result.keep)).toEqual([0, 2]);
    expect(result.trace).toHaveLength(2);
    expect(result.trace![0]!.chosen).toBe(0);
    expect(result.trace![0]!.fates).toEqual([{ index: 1, fate: 'suppressed' }]);
    expect(result.trace![0]!.ious[0]!.iou).toBeCloseTo(2 / 3, 12);
    expect(result.trace![1]!.fates).toEqual([{ index: 3, fate: 'suppressed' }]);
    expect(result.trace![1]!.ious[0]!.iou).toBeCloseTo(9 / 11, 12);
  });

  it('needs more rounds and keeps a duplicate at N_t = 0.7', () => {
    // ⅔ ≤ 0.7, so B survives A; 0.818 > 0.7, so D still falls to C: rounds A, B, C.
    const result = greedy({ boxes: F.from(boxes), scores: F.from(scores) }, { N_t: 0.7, trace: true });
    expect(Array.from(result.keep)).toEqual([0, 1, 2]);
    expect(result.trace!.map((r) => r.chosen)).toEqual([0, 1, 2]);
    expect(Array.from(result.scores)).toEqual([F.of(0.9)[0], F.of(0.8)[0], F.of(0.7)[0]]);
    expect(Array.from(result.boxes)).toEqual(boxes.slice(0, 12));
  });

  it('keeps a box whose IoU equals N_t exactly (suppression is strict, torchvision and onnxruntime)', () => {
    // (0,0,3,1) vs (1,0,4,1): inter = 2, union = 3 + 3 − 2 = 4, IoU = 0.5 exactly in floating point.
    const pair = [0, 0, 3, 1, 1, 0, 4, 1];
    expect(keepOf(pair, [0.9, 0.8], { N_t: 0.5 })).toEqual([0, 1]);
    expect(keepOf(pair, [0.9, 0.8], { N_t: 0.4999 })).toEqual([0]);
    // (0,0,10,10) vs (0,0,10,5): inter = 50, union = 100, IoU = 0.5 exactly.
    expect(keepOf([0, 0, 10, 10, 0, 0, 10, 5], [0.9, 0.8], { N_t: 0.5 })).toEqual([0, 1]);
  });

  it('breaks score ties by the lower input index', () => {
    const same = [0, 0, 10, 10, 0, 0, 10, 10, 0, 0, 10, 10];
    expect(keepOf(same, [0.5, 0.5, 0.5])).toEqual([0]);
    expect(keepOf(same, [0.5, 0.7, 0.7])).toEqual([1]);
    // Disjoint boxes with tied scores come out in index order.
    expect(keepOf([0, 0, 1, 1, 5, 5, 6, 6, 9, 9, 10, 10], [0.3, 0.3, 0.3])).toEqual([0, 1, 2]);
    // −0 and +0 tie too.
    expect(keepOf([0, 0, 1, 1, 5, 5, 6, 6], [0, -0])).toEqual([0, 1]);
    expect(keepOf([0, 0, 1, 1, 5, 5, 6, 6], [-0, 0])).toEqual([0, 1]);
  });

  it('ranks raw logits (negative and > 1 scores) like probabilities', () => {
    // A (score −1) and B (score 3) overlap by ⅔: B wins.
    expect(keepOf([0, 0, 10, 10, 2, 0, 12, 10], [-1, 3])).toEqual([1]);
  });

  it('applies the score pre-filter strictly (score > scoreThreshold), then top-k, then maxOutput', () => {
    const apart = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7];
    expect(keepOf(apart, [0.1, 0.4, 0.3, 0.2], { scoreThreshold: 0.2 })).toEqual([1, 2]); // 0.2 itself is dropped
    expect(keepOf(apart, [0.1, 0.4, 0.3, 0.2], { topK: 3 })).toEqual([1, 2, 3]);
    expect(keepOf(apart, [0.1, 0.4, 0.3, 0.2], { maxOutput: 2 })).toEqual([1, 2]);
    expect(keepOf(apart, [0.1, 0.4, 0.3, 0.2], { maxOutput: 0 })).toEqual([]);
    // top-k happens before NMS: with topK = 1 the suppressed box is not replaced.
    expect(keepOf([0, 0, 10, 10, 1, 0, 11, 10, 50, 50, 60, 60], [0.9, 0.8, 0.7], { topK: 2 })).toEqual([0]);
  });

  it('uses the legacy +1 pixel convention only when offset = 1', () => {
    // (0,0,9,9) vs (5,0,14,9). offset 0: inter = 4·9 = 36, union = 81 + 81 − 36 = 126, IoU = 0.2857.
    // offset 1: inter = 5·10 = 50, union = 100 + 100 − 50 = 150, IoU = ⅓.
    const pair = [0, 0, 9, 9, 5, 0, 14, 9];
    expect(keepOf(pair, [0.9, 0.8], { N_t: 0.3 })).toEqual([0, 1]);
    expect(keepOf(pair, [0.9, 0.8], { N_t: 0.3, offset: 1 })).toEqual([0]);
    // Touching boxes overlap by one pixel column under offset 1: (0,0,4,4) vs (4,0,8,4) → 5/45 = 1/9.
    expect(keepOf([0, 0, 4, 4, 4, 0, 8, 4], [0.9, 0.8], { N_t: 0.1, offset: 1 })).toEqual([0]);
    expect(keepOf([0, 0, 4, 4, 4, 0, 8, 4], [0.9, 0.8], { N_t: 0, offset: 0 })).toEqual([0, 1]);
  });

  it('never suppresses with or by a zero-area box (its IoU is 0)', () => {
    // A point inside A and a zero-width line on top of A.
    const boxes3 = [0, 0, 10, 10, 5, 5, 5, 5, 0, 0, 0, 10];
    expect(keepOf(boxes3, [0.5, 0.9, 0.8], { N_t: 0 })).toEqual([1, 2, 0]);
  });

  it('handles N_t = 0 (any overlap suppresses) and N_t = 1 (nothing does)', () => {
    const boxes3 = [0, 0, 10, 10, 9, 9, 19, 19, 10, 10, 20, 20];
    // IoU(0,1) = 1/199 > 0; box 2 only touches box 0 (IoU 0) but overlaps box 1 (suppressed already).
    expect(keepOf(boxes3, [0.9, 0.8, 0.7], { N_t: 0 })).toEqual([0, 2]);
    expect(keepOf([0, 0, 1, 1, 0, 0, 1, 1], [0.9, 0.8], { N_t: 1 })).toEqual([0, 1]);
  });

  it('returns an empty result for zero boxes and refuses bad options with typed errors', () => {
    const empty = greedy({ boxes: new F(0), scores: new F(0) });
    expect(empty.keep).toHaveLength(0);
    expect(empty.boxes).toHaveLength(0);
    expect(() => greedy({ boxes: new F(0), scores: new F(0) }, { N_t: 1.5 })).toThrow(LabError);
    expect(() => greedy({ boxes: new F(0), scores: new F(0) }, { N_t: Number.NaN })).toThrow(LabError);
    expect(() => greedy({ boxes: new F(0), scores: new F(0) }, { topK: -1 })).toThrow(LabError);
  });
});

describe('greedy NMS: the grid loop equals the textbook loop', () => {
  it('on 1500 random scenes (uniform, clustered, integer, huge coordinates, both offsets, N_t from 0 to 1)', () => {
    const rng = seeded(11);
    const thresholds = [0, 0.1, 0.3, 0.5, 0.5, 0.7, 0.9, 1];
    for (let c = 0; c < 1500; c++) {
      const N = Math.floor(rng.uniform() * 120);
      const scene = randomScene(rng, { N, kind: c % 2 ? 'uniform' : 'clustered', integer: c % 3 === 0, size: c % 7 === 0 ? 1e6 : 100 });
      if (c % 11 === 0) for (let k = 0; k < scene.boxes.length; k++) scene.boxes[k] = scene.boxes[k]! + 3e6; // far from the origin
      const N_t = c % 4 === 0 ? thresholds[c % thresholds.length]! : rng.uniform();
      const offset = c % 5 === 0 ? 1 : 0;
      const classes = c % 6 === 0 ? scene.classes : null;
      const order = rankDescending(scene.scores);
      const deadline = createDeadline('greedy', 1e9);
      const stats = { candidates: N, overlaps: 0 };
      const grid = greedyGrid(scene.boxes, order, N_t, offset, classes, Infinity, deadline, stats);
      const textbook = greedyTextbook(scene.boxes, order, N_t, offset, classes, Infinity, deadline, stats, undefined);
      expect(Array.from(grid), `case ${c}`).toEqual(Array.from(textbook));
    }
  });
});

describe("greedy NMS equals onnxruntime's NonMaxSuppression operator", () => {
  const runtime = new Runtime('cpu');
  afterAll(() => runtime.releaseAll());

  // 3000 seeded cases; continuous float32 coordinates and distinct scores so
  // the operator's unspecified tie order cannot matter. Thresholds are float32
  // values (the operator reads float32), so both sides compare with the same number.
  const CASES = 8000;
  it(`on ${CASES} random inputs (N ≤ 150, random N_t, score threshold, max output)`, async () => {
    const rng = seeded(2024);
    let matched = 0;
    let nonEmpty = 0;
    for (let c = 0; c < CASES; c++) {
      const N = 1 + Math.floor(rng.uniform() * 150);
      const scene = randomScene(rng, { N, kind: c % 2 ? 'uniform' : 'clustered' });
      const N_t = Math.fround(c % 10 === 0 ? [0, 0.5, 1][c % 3]! : rng.uniform());
      const scoreThreshold = c % 3 === 0 ? Math.fround(rng.uniform() * 0.5) : -Infinity;
      const maxOutput = c % 4 === 0 ? 1 + Math.floor(rng.uniform() * 10) : Infinity;
      const ours = greedy(scene, { N_t, scoreThreshold, maxOutput }).keep;
      const theirs = await onnxNms(runtime, scene, { N_t, scoreThreshold, maxOutputPerClass: maxOutput });
      expect(Array.from(ours), `case ${c}`).toEqual(Array.from(theirs));
      matched++;
      if (ours.length > 0) nonEmpty++;
    }
    expect(matched).toBe(CASES);
    expect(nonEmpty).toBeGreaterThan(CASES * 0.8);
  });

  // Integer coordinates make exact threshold hits common (IoU = I/U of small
  // integers); with N_t ∈ {¼, ½, ¾} both float32 and float64 decide those
  // exactly (keep at IoU = N_t) and every other IoU is ≥ 1/(4U) away from N_t.
  const INTEGER_CASES = 2000;
  it(`on ${INTEGER_CASES} integer-coordinate inputs with exact IoU = N_t hits`, async () => {
    const rng = seeded(77);
    for (let c = 0; c < INTEGER_CASES; c++) {
      const N = 1 + Math.floor(rng.uniform() * 60);
      const scene = randomScene(rng, { N, kind: c % 2 ? 'uniform' : 'clustered', integer: true, size: 40 });
      const N_t = [0.25, 0.5, 0.75][c % 3]!;
      const ours = greedy(scene, { N_t }).keep;
      const theirs = await onnxNms(runtime, scene, { N_t });
      expect(Array.from(ours), `case ${c}`).toEqual(Array.from(theirs));
    }
  });
});
