/**
 * The scenes NMS is timed on, shared by `npm run bench:nms` (bench/nms.ts)
 * and the `nms.timing` job (lesson 5 times the variants live), so both
 * measure the same boxes:
 *
 *   uniform   — boxes 10–100 px at uniformly random places, on a canvas that
 *               grows with N (1000×1000 at 10k boxes), so the density stays
 *               constant: the sparse scene growth exponents are measured on;
 *   clustered — N/100 objects, each with about 100 jittered candidates (±10%
 *               of its size in position and scale), like a detector's raw output.
 *
 * Scores are (k + ½)/N in a seeded random order: distinct in float32 (so
 * onnxruntime's operator, whose tie order is unspecified, gives one answer)
 * and inside (0, 1) (so the variants that need probabilities accept them).
 * Every optional per-box field is filled too, so all eleven variants run on
 * the same scene; those come from a second generator, which leaves the boxes
 * and scores exactly what they were before the fields were added.
 */
import type { NmsTimingScene } from '../../common/nms.js';
import { createRng, type Rng } from '../random/rng.js';
import type { NmsInput } from './types.js';

/** Classes of the timing scenes' boxes (batched NMS, Matrix NMS's label matrix). */
export const TIMING_CLASSES = 10;

/**
 * Scores (k + ½)/N, k = 0 … N − 1, shuffled (Fisher–Yates): all distinct in float32 for N ≤ 2^23.
 *
 * @example distinctScores(createRng(1), 4) // → Float32Array with 0.125, 0.375, 0.625, 0.875 in some order
 */
export function distinctScores(rng: Rng, N: number): Float32Array {
  const scores = Float32Array.from({ length: N }, (_, k) => (k + 0.5) / N);
  for (let i = N - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [scores[i], scores[j]] = [scores[j]!, scores[i]!];
  }
  return scores;
}

/**
 * A seeded timing scene of N boxes with every per-box field.
 *
 * @example timingScene('clustered', 10_000, 11_000).boxes.length // → 40000
 */
export function timingScene(kind: NmsTimingScene, N: number, seed: number): Required<NmsInput> {
  const rng = createRng(seed);
  const side = 1000 * Math.sqrt(N / 10_000);
  const boxes = new Float32Array(4 * N);
  const objectOf = new Int32Array(N);
  if (kind === 'uniform') {
    for (let i = 0; i < N; i++) {
      const w = 10 + 90 * rng.uniform();
      const h = 10 + 90 * rng.uniform();
      const x = rng.uniform() * (side - w);
      const y = rng.uniform() * (side - h);
      boxes.set([x, y, x + w, y + h], 4 * i);
      objectOf[i] = i;
    }
  } else {
    const objects = Array.from({ length: Math.max(1, Math.round(N / 100)) }, () => ({
      x: rng.uniform() * side,
      y: rng.uniform() * side,
      w: 20 + 80 * rng.uniform(),
      h: 20 + 80 * rng.uniform(),
    }));
    for (let i = 0; i < N; i++) {
      const o = Math.floor(rng.uniform() * objects.length);
      const { x: ox, y: oy, w: ow, h: oh } = objects[o]!;
      const w = ow * (1 + 0.1 * rng.normal());
      const h = oh * (1 + 0.1 * rng.normal());
      const x = ox + 0.1 * ow * rng.normal() - w / 2;
      const y = oy + 0.1 * oh * rng.normal() - h / 2;
      boxes.set([x, y, x + Math.max(0, w), y + Math.max(0, h)], 4 * i);
      objectOf[i] = o;
    }
  }
  const scores = distinctScores(rng, N);
  // The extra fields: a second stream, so the boxes and scores above stay as the benchmark has always drawn them.
  const extra = createRng(seed ^ 0x5bd1e995);
  const classOfObject = new Map<number, number>();
  const classes = Int32Array.from(objectOf, (o) => {
    let c = classOfObject.get(o);
    if (c === undefined) {
      c = Math.floor(extra.uniform() * TIMING_CLASSES);
      classOfObject.set(o, c);
    }
    return c;
  });
  return {
    boxes,
    scores,
    classes,
    predictedIous: Float32Array.from({ length: N }, () => 0.3 + 0.7 * extra.uniform()),
    variances: Float32Array.from({ length: 4 * N }, () => 1 + 25 * extra.uniform()),
    densities: Float32Array.from({ length: N }, () => extra.uniform()),
  };
}
