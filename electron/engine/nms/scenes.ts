/**
 * Seeded synthetic detection scenes: ground-truth objects and the raw
 * candidates a detector would emit for them, with every per-box field some
 * NMS variant needs (class, predicted localisation IoU, per-coordinate
 * variance, local density). The same seed gives the same scene everywhere.
 *
 * Knobs, each one a weakness of greedy NMS the lessons demonstrate:
 *   crowding            probability that an object stands next to an earlier one, overlapping it
 *                       by a ground-truth IoU of roughly 0.2–0.6 (pedestrians in a queue):
 *                       a hard N_t deletes real objects here (Soft-NMS, Adaptive NMS);
 *   localizationNoise   std of each candidate corner's offset, as a fraction of the object's size:
 *                       more noise, worse best box (Weighted / Softer NMS average it out);
 *   mismatch            0: a candidate's score follows its true IoU with the object; 1: the score
 *                       ignores localisation (IoU-guided NMS ranks by predicted IoU instead);
 *   candidatesPerObject mean number of raw candidates per object (Poisson);
 *   falsePositives      background candidates per image, with low scores.
 * Per candidate:
 *   predictedIou = true IoU with its object + N(0, 0.05²), clamped to [0, 1] (an IoU-Net branch);
 *   variances    = per-coordinate σ² = (|actual offset| + 0.1·noise·size)², so sure coordinates
 *                  are the accurate ones, as a KL-loss head learns (Softer NMS);
 *   densities    = the object's ground-truth density d = max IoU with another object
 *                  (Adaptive NMS's definition) + N(0, 0.05²), clamped; 0 for false positives.
 */
import { LabError } from '../../common/errors.js';
import { nmsSceneSpecSchema, type NmsScene, type NmsSceneSpec } from '../../common/nms.js';
import { createRng, type Rng } from '../random/rng.js';
import { iouAt } from './iou.js';

/**
 * The lessons' default scene. Object sides (minSize, maxSize) are fractions of
 * the image's shorter side, so the schema's bound maxSize ≤ 1 already
 * guarantees every object fits inside the image.
 */
export const DEFAULT_SCENE: NmsSceneSpec = {
  seed: 1,
  width: 640,
  height: 480,
  objects: 8,
  classes: 3,
  crowding: 0.4,
  candidatesPerObject: 12,
  localizationNoise: 0.08,
  mismatch: 0.3,
  falsePositives: 6,
  minSize: 0.08,
  maxSize: 0.35,
};

/**
 * Merges a partial spec with the defaults and checks it: the contract's
 * schema (callers inside the engine and tests skip the API boundary, and an
 * unchecked `objects: 1e9` would run for ever), then minSize ≤ maxSize.
 *
 * @example resolveSceneSpec({ minSize: 0.5, maxSize: 0.1 })
 * // throws LabError { code: 'validation', messageKey: 'error.nms.sceneSizeOrder', params: { minSize: 0.5, maxSize: 0.1 } }
 */
export function resolveSceneSpec(spec: Partial<NmsSceneSpec> = {}): NmsSceneSpec {
  // An explicit `undefined` means "the default", as an absent key does.
  const given = Object.fromEntries(Object.entries(spec).filter(([, value]) => value !== undefined));
  const parsed = nmsSceneSpecSchema.safeParse({ ...DEFAULT_SCENE, ...given });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || 'spec';
    throw new LabError('validation', {
      messageKey: 'error.nms.badScene',
      params: { field },
      detail: `scene spec: ${field}: ${issue?.message ?? 'invalid'}`,
    });
  }
  const s = parsed.data;
  if (s.minSize > s.maxSize) {
    throw new LabError('validation', {
      messageKey: 'error.nms.sceneSizeOrder',
      params: { minSize: s.minSize, maxSize: s.maxSize },
      detail: `scene spec: minSize ${s.minSize} > maxSize ${s.maxSize}; object sides are drawn from [minSize, maxSize] × the shorter image side`,
    });
  }
  return s;
}

function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}

/** Knuth's Poisson sampler; fine for the small means used here. */
function poisson(rng: Rng, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.uniform();
  while (p > limit) {
    k++;
    p *= rng.uniform();
  }
  return k;
}

/**
 * A seeded scene; a spec outside the contract's schema, or with
 * minSize > maxSize, is refused with a typed error (resolveSceneSpec).
 *
 * @example const scene = generateScene({ seed: 7, objects: 5 });
 * scene.groundTruth.boxes.length // → 20
 * scene.candidates.scores.length // → about 5·12 + 6
 */
export function generateScene(spec: Partial<NmsSceneSpec> = {}): NmsScene {
  const s = resolveSceneSpec(spec);
  const rng = createRng(s.seed);
  const shorter = Math.min(s.width, s.height);

  // Ground truth: each object either next to an earlier one (crowding) or anywhere.
  const gt: number[] = [];
  const gtClasses: number[] = [];
  for (let o = 0; o < s.objects; o++) {
    const w = shorter * (s.minSize + (s.maxSize - s.minSize) * rng.uniform());
    const h = shorter * (s.minSize + (s.maxSize - s.minSize) * rng.uniform());
    let x: number;
    let y: number;
    if (o > 0 && rng.uniform() < s.crowding) {
      const near = Math.floor(rng.uniform() * o);
      const [nx1, ny1, nx2, ny2] = gt.slice(4 * near, 4 * near + 4) as [number, number, number, number];
      // Beside it, shifted by 30–80% of its width: ground-truth IoU roughly 0.1–0.6.
      const side = rng.uniform() < 0.5 ? -1 : 1;
      x = (nx1 + nx2) / 2 + side * (0.3 + 0.5 * rng.uniform()) * (nx2 - nx1) - w / 2;
      y = (ny1 + ny2) / 2 + 0.15 * (ny2 - ny1) * rng.normal() - h / 2;
    } else {
      x = rng.uniform() * (s.width - w);
      y = rng.uniform() * (s.height - h);
    }
    x = clamp(x, 0, s.width - w);
    y = clamp(y, 0, s.height - h);
    gt.push(x, y, x + w, y + h);
    gtClasses.push(Math.floor(rng.uniform() * s.classes));
  }
  const gtBoxes = Float32Array.from(gt);
  const G = s.objects;
  const gtDensities = new Float32Array(G);
  for (let a = 0; a < G; a++) for (let b = 0; b < G; b++) if (a !== b) gtDensities[a] = Math.max(gtDensities[a]!, iouAt(gtBoxes, a, gtBoxes, b, 0));

  // Candidates.
  const boxes: number[] = [];
  const scores: number[] = [];
  const classes: number[] = [];
  const predictedIous: number[] = [];
  const variances: number[] = [];
  const densities: number[] = [];
  const object: number[] = [];
  const trueIous: number[] = [];
  const one = new Float32Array(4);
  for (let o = 0; o < G; o++) {
    const [x1, y1, x2, y2] = gt.slice(4 * o, 4 * o + 4) as [number, number, number, number];
    const w = x2 - x1;
    const h = y2 - y1;
    const count = Math.max(1, poisson(rng, s.candidatesPerObject));
    for (let k = 0; k < count; k++) {
      const offsets = [w, h, w, h].map((size) => s.localizationNoise * size * rng.normal());
      const cx1 = clamp(x1 + offsets[0]!, 0, s.width);
      const cy1 = clamp(y1 + offsets[1]!, 0, s.height);
      const cx2 = clamp(Math.max(cx1, x2 + offsets[2]!), 0, s.width);
      const cy2 = clamp(Math.max(cy1, y2 + offsets[3]!), 0, s.height);
      one.set([cx1, cy1, cx2, cy2]);
      const IoU = iouAt(one, 0, gtBoxes, o, 0);
      // Score: the true IoU, blended with noise that ignores localisation by `mismatch`.
      const score = clamp((1 - s.mismatch) * (0.35 + 0.65 * IoU) + s.mismatch * (0.3 + 0.7 * rng.uniform()) + 0.03 * rng.normal(), 0.01, 1);
      boxes.push(cx1, cy1, cx2, cy2);
      scores.push(score);
      classes.push(gtClasses[o]!);
      predictedIous.push(clamp(IoU + 0.05 * rng.normal(), 0, 1));
      for (let c = 0; c < 4; c++) variances.push((Math.abs(offsets[c]!) + 0.1 * s.localizationNoise * (c % 2 ? h : w) + 1e-3) ** 2);
      densities.push(clamp(gtDensities[o]! + 0.05 * rng.normal(), 0, 1));
      object.push(o);
      trueIous.push(IoU);
    }
  }
  for (let f = 0; f < s.falsePositives; f++) {
    const w = shorter * (s.minSize + (s.maxSize - s.minSize) * rng.uniform());
    const h = shorter * (s.minSize + (s.maxSize - s.minSize) * rng.uniform());
    const x = rng.uniform() * (s.width - w);
    const y = rng.uniform() * (s.height - h);
    boxes.push(x, y, x + w, y + h);
    scores.push(clamp(0.05 + 0.35 * rng.uniform(), 0.01, 1));
    classes.push(Math.floor(rng.uniform() * s.classes));
    predictedIous.push(clamp(0.15 * rng.uniform(), 0, 1));
    for (let c = 0; c < 4; c++) variances.push((0.25 * (c % 2 ? h : w)) ** 2);
    densities.push(0);
    object.push(-1);
    trueIous.push(0);
  }
  return {
    spec: s,
    groundTruth: { boxes: gtBoxes, classes: Int32Array.from(gtClasses), densities: gtDensities },
    candidates: {
      boxes: Float32Array.from(boxes),
      scores: Float32Array.from(scores),
      classes: Int32Array.from(classes),
      predictedIous: Float32Array.from(predictedIous),
      variances: Float32Array.from(variances),
      densities: Float32Array.from(densities),
      object: Int32Array.from(object),
      trueIous: Float32Array.from(trueIous),
    },
  };
}
