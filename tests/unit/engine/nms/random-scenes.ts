/**
 * Seeded random NMS inputs for the tests (not a test file itself). Scenes
 * carry every optional field, so any variant can run on them.
 */
import { createRng, type Rng } from '../../../../electron/engine/random/rng.js';
import type { NmsInput } from '../../../../electron/engine/nms/types.js';

export interface SceneOptions {
  N: number;
  kind: 'uniform' | 'clustered';
  /** Canvas side. */
  size?: number;
  /** Number of classes (classes field is always filled; 1 = all class 0). */
  classes?: number;
  /** Integer coordinates (exact float arithmetic; exact ties and threshold hits become likely). */
  integer?: boolean;
  /** Scores: distinct continuous values (default) or drawn from a few levels (ties). */
  scores?: 'distinct' | 'ties';
}

/** N distinct float32 scores in (0, 1), in random order. */
export function distinctScores(rng: Rng, N: number): Float32Array {
  const seen = new Set<number>();
  const scores = new Float32Array(N);
  for (let i = 0; i < N; i++) {
    let s = Math.fround(rng.uniform());
    while (s === 0 || seen.has(s)) s = Math.fround(rng.uniform());
    seen.add(s);
    scores[i] = s;
  }
  return scores;
}

export function randomScene(rng: Rng, options: SceneOptions): Required<NmsInput> {
  const { N, kind } = options;
  const size = options.size ?? 100;
  const C = options.classes ?? 1;
  const round = (v: number): number => (options.integer ? Math.round(v) : v);
  const boxes = new Float32Array(4 * N);
  const objects = Math.max(1, Math.round(N / 6));
  const centres = Array.from({ length: objects }, () => ({
    x: rng.uniform() * size,
    y: rng.uniform() * size,
    w: size * (0.05 + 0.25 * rng.uniform()),
    h: size * (0.05 + 0.25 * rng.uniform()),
  }));
  for (let i = 0; i < N; i++) {
    let x1: number, y1: number, w: number, h: number;
    if (kind === 'uniform') {
      w = size * 0.3 * rng.uniform();
      h = size * 0.3 * rng.uniform();
      x1 = rng.uniform() * (size - w);
      y1 = rng.uniform() * (size - h);
    } else {
      const c = centres[Math.floor(rng.uniform() * objects)]!;
      w = Math.max(0, c.w * (1 + 0.15 * rng.normal()));
      h = Math.max(0, c.h * (1 + 0.15 * rng.normal()));
      x1 = c.x + 0.1 * c.w * rng.normal() - w / 2;
      y1 = c.y + 0.1 * c.h * rng.normal() - h / 2;
    }
    const a = round(x1);
    const b = round(y1);
    boxes[4 * i] = a;
    boxes[4 * i + 1] = b;
    boxes[4 * i + 2] = Math.max(a, round(x1 + w));
    boxes[4 * i + 3] = Math.max(b, round(y1 + h));
  }
  const scores =
    options.scores === 'ties' ? Float32Array.from({ length: N }, () => [0.25, 0.5, 0.75][Math.floor(rng.uniform() * 3)]!) : distinctScores(rng, N);
  return {
    boxes,
    scores,
    classes: Int32Array.from({ length: N }, () => Math.floor(rng.uniform() * C)),
    predictedIous: Float32Array.from({ length: N }, () => rng.uniform()),
    variances: Float32Array.from({ length: 4 * N }, () => 0.05 + rng.uniform()),
    densities: Float32Array.from({ length: N }, () => rng.uniform()),
  };
}

/** The input with box order permuted: out[k] = in[perm[k]] for every per-box field. */
export function permuteInput(input: Required<NmsInput>, perm: readonly number[]): Required<NmsInput> {
  const N = perm.length;
  const pick = (values: Float32Array, width: number): Float32Array => {
    const out = new Float32Array(N * width);
    for (let k = 0; k < N; k++) for (let c = 0; c < width; c++) out[k * width + c] = values[perm[k]! * width + c]!;
    return out;
  };
  return {
    boxes: pick(input.boxes, 4),
    scores: pick(input.scores, 1),
    classes: Int32Array.from(perm, (i) => input.classes[i]!),
    predictedIous: pick(input.predictedIous, 1),
    variances: pick(input.variances, 4),
    densities: pick(input.densities, 1),
  };
}

export function seeded(seed: number): Rng {
  return createRng(seed);
}
