/**
 * Small pure helpers the NMS widgets share for scenes and results: which
 * candidates survive the pre-filter and top-k, and which kept boxes find a
 * ground-truth object (for drawing true and false positives). The engine's
 * eval.ts computes the reported metrics; this matching is only for the picture.
 */
import type { Box } from './overlap-geometry';
import { overlapGeometry } from './overlap-geometry';

export function boxOf(boxes: ArrayLike<number>, index: number): Box {
  return [boxes[4 * index]!, boxes[4 * index + 1]!, boxes[4 * index + 2]!, boxes[4 * index + 3]!];
}

/**
 * Indices surviving `score > scoreThreshold` and then the top k by score (ties:
 * lower index first), the engine's pre-stages (stages.ts `prepare`), in rank order.
 *
 * @example survivors(Float32Array.of(0.2, 0.9, 0.5), 0.3, Infinity) // → [1, 2]
 */
export function survivors(scores: Float32Array, scoreThreshold: number, topK: number): number[] {
  // The engine compares in float32, as the scores are stored.
  const t = Math.fround(scoreThreshold);
  const order: number[] = [];
  for (let i = 0; i < scores.length; i++) if (scores[i]! > t) order.push(i);
  order.sort((p, q) => scores[q]! - scores[p]! || p - q);
  return Number.isFinite(topK) ? order.slice(0, Math.max(0, topK)) : order;
}

/** n·(n − 1)/2: the pairs a naive NMS would compare. */
export function allPairs(n: number): number {
  return n < 2 ? 0 : (n * (n - 1)) / 2;
}

export interface Matching {
  /** Per kept box (result order): the ground-truth index it matched, or −1 (a false positive). */
  matchOf: Int32Array;
  /** Per ground-truth object: whether some kept box matched it. */
  found: Uint8Array;
}

/**
 * Greedy matching in descending score at IoU ≥ `iouThreshold`, same class,
 * each object matched once (the PASCAL/COCO rule behind precision and recall).
 *
 * @example matchDetections(Float32Array.of(0, 0, 10, 10), Float32Array.of(0.9), Int32Array.of(0), Float32Array.of(0, 0, 10, 10), Int32Array.of(0), 0.5).found // → Uint8Array [1]
 */
export function matchDetections(
  keptBoxes: Float32Array,
  keptScores: Float32Array,
  keptClasses: Int32Array | null,
  gtBoxes: Float32Array,
  gtClasses: Int32Array | null,
  iouThreshold: number,
): Matching {
  const K = keptScores.length;
  const G = gtBoxes.length >> 2;
  const matchOf = new Int32Array(K).fill(-1);
  const found = new Uint8Array(G);
  const order = Array.from({ length: K }, (_, k) => k).sort((p, q) => keptScores[q]! - keptScores[p]! || p - q);
  for (const k of order) {
    let best = -1;
    let bestIou = iouThreshold;
    for (let g = 0; g < G; g++) {
      if (found[g]) continue;
      if (keptClasses && gtClasses && keptClasses[k] !== gtClasses[g]) continue;
      const iou = overlapGeometry(boxOf(keptBoxes, k), boxOf(gtBoxes, g)).iou;
      if (iou >= bestIou) {
        bestIou = iou;
        best = g;
      }
    }
    if (best >= 0) {
      matchOf[k] = best;
      found[best] = 1;
    }
  }
  return { matchOf, found };
}

/** The boxes of `boxes` whose score is at least `minScore`, as one N×4 array. */
export function confidentBoxes(boxes: Float32Array, scores: Float32Array, minScore: number): Float32Array {
  const out: number[] = [];
  for (let i = 0; i < scores.length; i++) if (scores[i]! >= minScore) out.push(...boxOf(boxes, i));
  return Float32Array.from(out);
}

/** A window onto a scene, in scene units. */
export interface SceneView {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The part of a width×height scene worth showing: the bounding box of the
 * given box lists, padded by `pad` of its size, widened to the scene's aspect
 * ratio (so small multiples keep one shape) and kept inside the scene. A
 * crowd packed into one corner then fills the picture.
 *
 * @example focusView([Float32Array.of(0, 0, 64, 42)], 640, 420, 0) // → { x: 0, y: 0, width: 64, height: 42 }
 */
export function focusView(lists: readonly Float32Array[], width: number, height: number, pad = 0.08): SceneView {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const boxes of lists) {
    for (let i = 0; i + 3 < boxes.length; i += 4) {
      x1 = Math.min(x1, boxes[i]!);
      y1 = Math.min(y1, boxes[i + 1]!);
      x2 = Math.max(x2, boxes[i + 2]!);
      y2 = Math.max(y2, boxes[i + 3]!);
    }
  }
  if (!(x2 > x1 && y2 > y1)) return { x: 0, y: 0, width, height };
  const padX = (x2 - x1) * pad;
  const padY = (y2 - y1) * pad;
  let w = x2 - x1 + 2 * padX;
  let h = y2 - y1 + 2 * padY;
  const aspect = width / height;
  if (w / h < aspect) w = h * aspect;
  else h = w / aspect;
  w = Math.min(w, width);
  h = Math.min(h, height);
  const cx = (x1 + x2) / 2;
  const cy = (y1 + y2) / 2;
  return {
    x: Math.min(Math.max(0, cx - w / 2), width - w),
    y: Math.min(Math.max(0, cy - h / 2), height - h),
    width: w,
    height: h,
  };
}
