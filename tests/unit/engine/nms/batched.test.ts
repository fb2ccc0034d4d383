import { afterAll, describe, expect, it } from 'vitest';
import { LabError } from '../../../../electron/common/errors.js';
import { batched } from '../../../../electron/engine/nms/batched.js';
import { greedy } from '../../../../electron/engine/nms/greedy.js';
import { onnxNms } from '../../../../electron/engine/nms/onnx-nms.js';
import { Runtime } from '../../../../electron/engine/runtime/ort.js';
import { randomScene, seeded } from './random-scenes.js';

const F = Float32Array;

/** Per-class greedy runs merged by descending score (ties: lower index), the definition batched NMS must equal. */
function perClass(input: { boxes: Float32Array; scores: Float32Array; classes: Int32Array }, N_t: number, offset: 0 | 1 = 0): number[] {
  const kept: number[] = [];
  for (const c of new Set(input.classes)) {
    const members = Array.from(input.classes.keys()).filter((i) => input.classes[i] === c);
    const boxes = new F(4 * members.length);
    members.forEach((i, k) => boxes.set(input.boxes.subarray(4 * i, 4 * i + 4), 4 * k));
    const scores = F.from(members, (i) => input.scores[i]!);
    for (const k of greedy({ boxes, scores }, { N_t, offset }).keep) kept.push(members[k]!);
  }
  return kept.sort((a, b) => input.scores[b]! - input.scores[a]! || a - b);
}

describe('batched (class-aware) NMS', () => {
  it('hand-computed: overlapping boxes of different classes both survive', () => {
    // A (class 0) and B (class 1) overlap with IoU = 90/110 ≈ 0.818; C (class 0) overlaps A the same.
    const input = { boxes: F.of(0, 0, 10, 10, 1, 0, 11, 10, 1, 0, 11, 10), scores: F.of(0.9, 0.8, 0.7), classes: Int32Array.of(0, 1, 0) };
    const result = batched(input, { N_t: 0.5, trace: true });
    // Round A: only C is a same-class neighbour → suppressed. Round B: no same-class neighbours.
    expect(Array.from(result.keep)).toEqual([0, 1]);
    expect(result.trace!.map((r) => r.chosen)).toEqual([0, 1]);
    expect(result.trace![0]!.fates).toEqual([{ index: 2, fate: 'suppressed' }]);
    expect(result.trace![1]!.fates).toEqual([]);
  });

  it('needs classes and refuses negative class ids', () => {
    expect(() => batched({ boxes: F.of(0, 0, 1, 1), scores: F.of(1) })).toThrow(LabError);
    expect(() => batched({ boxes: F.of(0, 0, 1, 1), scores: F.of(1), classes: Int32Array.of(-1) })).toThrow(LabError);
  });

  it('equals separate per-class greedy runs on 800 random scenes (grid and textbook loops)', () => {
    const rng = seeded(5);
    for (let c = 0; c < 800; c++) {
      const scene = randomScene(rng, {
        N: Math.floor(rng.uniform() * 100),
        kind: c % 2 ? 'uniform' : 'clustered',
        classes: 1 + (c % 5),
        integer: c % 3 === 0,
      });
      const N_t = rng.uniform();
      const offset = c % 4 === 0 ? 1 : 0;
      const expected = perClass(scene, N_t, offset);
      expect(Array.from(batched(scene, { N_t, offset }).keep), `case ${c}`).toEqual(expected);
      expect(Array.from(batched(scene, { N_t, offset, trace: true }).keep), `case ${c} traced`).toEqual(expected);
    }
  });

  it("equals torchvision's coordinate-offset trick where that trick is exact (integer coordinates)", () => {
    // Shift class c by c·(max coordinate + 1): classes can no longer overlap, and
    // with small integers the shifted float32 coordinates are exact, so one greedy run agrees.
    const rng = seeded(9);
    for (let c = 0; c < 300; c++) {
      const scene = randomScene(rng, { N: 1 + Math.floor(rng.uniform() * 80), kind: 'clustered', classes: 4, integer: true });
      const shift = Math.max(...scene.boxes) + 1;
      const shifted = F.from(scene.boxes, (v, k) => v + scene.classes[k >> 2]! * shift);
      const N_t = rng.uniform();
      expect(Array.from(batched(scene, { N_t }).keep)).toEqual(Array.from(greedy({ boxes: shifted, scores: scene.scores }, { N_t }).keep));
    }
  });
});

describe("batched NMS equals onnxruntime's NonMaxSuppression operator with one score row per class", () => {
  const runtime = new Runtime('cpu');
  afterAll(() => runtime.releaseAll());

  const CASES = 2000;
  it(`on ${CASES} random multi-class inputs`, async () => {
    const rng = seeded(31);
    for (let c = 0; c < CASES; c++) {
      const scene = randomScene(rng, { N: 1 + Math.floor(rng.uniform() * 120), kind: c % 2 ? 'uniform' : 'clustered', classes: 1 + (c % 6) });
      const N_t = Math.fround(rng.uniform());
      const ours = Array.from(batched(scene, { N_t }).keep);
      // The operator lists class by class; order its selection like ours (score desc, index asc) to compare.
      const theirs = Array.from(await onnxNms(runtime, scene, { N_t })).sort((a, b) => scene.scores[b]! - scene.scores[a]! || a - b);
      expect(ours, `case ${c}`).toEqual(theirs);
    }
  });
});
