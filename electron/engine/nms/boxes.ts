/**
 * Box formats, conversions, and the validation every NMS variant runs first.
 *
 * Storage: N boxes are one Float32Array of N×4 numbers, row-major, in absolute
 * xyxy (x1, y1, x2, y2) — the layout onnxruntime's operator and torchvision
 * use, and the one the algorithms read. Other layouts convert here:
 *   xyxy   (x1, y1, x2, y2)   corners
 *   xywh   (x1, y1, w, h)     top-left corner and size (COCO's bbox)
 *   cxcywh (cx, cy, w, h)     centre and size (YOLO heads)
 * each either absolute (pixels) or normalised by an image size (x / width,
 * y / height, as YOLO label files and TF detectors store them).
 *
 * Validation policy (issue 3, item 6) — bad input is refused with a typed
 * LabError naming the first offending index; nothing is silently "fixed":
 *   - NaN or ±Infinity in a box            → error.nms.nonFiniteBox   { index, coordinate }
 *   - x2 < x1 or y2 < y1                   → error.nms.invertedBox    { index }
 *     (refused, not swapped: a swapped corner usually means the caller passed
 *      xywh or yxyx as xyxy, and swapping would hide that mistake)
 *   - zero width or height                 → accepted; its IoU with any box is 0
 *     (0/0 for a degenerate box with itself is defined as 0 as well), so it is
 *     never suppressed by and never suppresses another box
 *   - NaN or ±Infinity score               → error.nms.nonFiniteScore { index }
 *   - scores outside [0, 1]                → accepted by variants that only rank
 *     (raw logits are fine: greedy, batched, iou-guided, adaptive, diou, fast);
 *     refused by variants that multiply or average by score
 *     (soft-linear, soft-gaussian, weighted, softer, matrix) → error.nms.scoreOutOfRange
 *   - boxes.length not a multiple of 4     → error.nms.boxesShape     { length }
 *   - a per-box array of the wrong length  → error.nms.lengthMismatch { field, expected, actual }
 *   - 0 boxes                              → an empty result, not an error
 *   - more than MAX_BOXES (1,000,000)      → error.nms.tooManyBoxes   { count, max }, checked
 *     before any per-box work so it answers at once
 */
import { LabError } from '../../common/errors.js';
import type { NmsInput, NmsInputField, NmsMethodName, ScoreDomain } from './types.js';

/** The largest input any variant accepts (quadratic variants also stop at their time budget). */
export const MAX_BOXES = 1_000_000;

export type BoxFormat = 'xyxy' | 'xywh' | 'cxcywh';

export interface ImageSize {
  width: number;
  height: number;
}

/** A box layout: a format, and the image size the coordinates are normalised by (absent: absolute pixels). */
export interface BoxLayout {
  format: BoxFormat;
  normalizedBy?: ImageSize;
}

/** @example boxCount(new Float32Array(8)) // → 2 */
export function boxCount(boxes: Float32Array): number {
  return boxes.length >> 2;
}

/**
 * Converts N boxes between layouts (float64 arithmetic, stored as float32).
 *
 * @example convertBoxes(Float32Array.of(50, 40, 20, 10), { format: 'cxcywh' }, { format: 'xyxy' })
 * // → Float32Array [40, 35, 60, 45]
 * @example convertBoxes(Float32Array.of(0, 0, 320, 240), { format: 'xyxy' }, { format: 'xyxy', normalizedBy: { width: 640, height: 480 } })
 * // → Float32Array [0, 0, 0.5, 0.5]
 */
export function convertBoxes(boxes: Float32Array, from: BoxLayout, to: BoxLayout): Float32Array {
  if (boxes.length % 4 !== 0) throw shapeError(boxes.length);
  checkImageSize(from.normalizedBy);
  checkImageSize(to.normalizedBy);
  const out = new Float32Array(boxes.length);
  // Absolute pixels = normalised × size; 1 for absolute layouts.
  const inW = from.normalizedBy?.width ?? 1;
  const inH = from.normalizedBy?.height ?? 1;
  const outW = to.normalizedBy?.width ?? 1;
  const outH = to.normalizedBy?.height ?? 1;
  for (let i = 0; i < boxes.length; i += 4) {
    const a = boxes[i]! * inW;
    const b = boxes[i + 1]! * inH;
    const c = boxes[i + 2]! * inW;
    const d = boxes[i + 3]! * inH;
    // Into xyxy first; every format is an affine map of the corners.
    let x1: number, y1: number, x2: number, y2: number;
    if (from.format === 'xyxy') [x1, y1, x2, y2] = [a, b, c, d];
    else if (from.format === 'xywh') [x1, y1, x2, y2] = [a, b, a + c, b + d];
    else [x1, y1, x2, y2] = [a - c / 2, b - d / 2, a + c / 2, b + d / 2];
    let p: number, q: number, r: number, s: number;
    if (to.format === 'xyxy') [p, q, r, s] = [x1, y1, x2, y2];
    else if (to.format === 'xywh') [p, q, r, s] = [x1, y1, x2 - x1, y2 - y1];
    else [p, q, r, s] = [(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1];
    out[i] = p / outW;
    out[i + 1] = q / outH;
    out[i + 2] = r / outW;
    out[i + 3] = s / outH;
  }
  return out;
}

/** @example toXyxy(Float32Array.of(10, 20, 30, 40), { format: 'xywh' }) // → Float32Array [10, 20, 40, 60] */
export function toXyxy(boxes: Float32Array, from: BoxLayout): Float32Array {
  return convertBoxes(boxes, from, { format: 'xyxy' });
}

function checkImageSize(size: ImageSize | undefined): void {
  if (size === undefined) return;
  if (!(Number.isFinite(size.width) && size.width > 0 && Number.isFinite(size.height) && size.height > 0)) {
    throw new LabError('validation', {
      messageKey: 'error.nms.badImageSize',
      params: { width: String(size.width), height: String(size.height) },
      detail: `image size must be positive and finite, got ${size.width}×${size.height}`,
    });
  }
}

function shapeError(length: number): LabError {
  return new LabError('validation', {
    messageKey: 'error.nms.boxesShape',
    params: { length },
    detail: `boxes must hold 4 numbers per box (x1, y1, x2, y2); got ${length} numbers`,
  });
}

function lengthError(field: string, expected: number, actual: number): LabError {
  return new LabError('validation', {
    messageKey: 'error.nms.lengthMismatch',
    params: { field, expected, actual },
    detail: `${field} must have ${expected} entries (one per box${field === 'variances' ? ', ×4' : ''}); got ${actual}`,
  });
}

const COORDINATE = ['x1', 'y1', 'x2', 'y2'] as const;

/**
 * Checks boxes and scores against the policy at the top of this file and
 * returns N. Throws LabError('validation') with a specific messageKey.
 *
 * @example validateBoxes(Float32Array.of(0, 0, 1, 1), Float32Array.of(0.9), 'real') // → 1
 * @example validateBoxes(Float32Array.of(0, 0, NaN, 1), Float32Array.of(0.9), 'real')
 * // throws LabError { code: 'validation', messageKey: 'error.nms.nonFiniteBox', params: { index: 0, coordinate: 'x2' } }
 */
export function validateBoxes(boxes: Float32Array, scores: Float32Array, scoreDomain: ScoreDomain, method?: NmsMethodName): number {
  if (!(boxes instanceof Float32Array) || !(scores instanceof Float32Array)) {
    throw new LabError('validation', {
      messageKey: 'error.nms.arrayType',
      detail: 'boxes and scores must be Float32Arrays',
    });
  }
  if (boxes.length % 4 !== 0) throw shapeError(boxes.length);
  const N = boxes.length >> 2;
  if (N > MAX_BOXES) {
    throw new LabError('validation', {
      messageKey: 'error.nms.tooManyBoxes',
      params: { count: N, max: MAX_BOXES },
      detail: `${N} boxes exceed the limit of ${MAX_BOXES}; pre-filter by score or take the top-k first`,
    });
  }
  if (scores.length !== N) throw lengthError('scores', N, scores.length);
  for (let i = 0; i < N; i++) {
    const x1 = boxes[4 * i]!;
    const y1 = boxes[4 * i + 1]!;
    const x2 = boxes[4 * i + 2]!;
    const y2 = boxes[4 * i + 3]!;
    // One test for the common case; the slow path finds which coordinate.
    if (!Number.isFinite(x1 + y1 + x2 + y2)) {
      for (let c = 0; c < 4; c++) {
        if (!Number.isFinite(boxes[4 * i + c]!)) {
          throw new LabError('validation', {
            messageKey: 'error.nms.nonFiniteBox',
            params: { index: i, coordinate: COORDINATE[c]! },
            detail: `box ${i} has a non-finite ${COORDINATE[c]} (${boxes[4 * i + c]})`,
          });
        }
      }
      // Finite coordinates whose sum overflows float64 are impossible for float32 input.
    }
    if (x2 < x1 || y2 < y1) {
      throw new LabError('validation', {
        messageKey: 'error.nms.invertedBox',
        params: { index: i },
        detail: `box ${i} = [${x1}, ${y1}, ${x2}, ${y2}] has x2 < x1 or y2 < y1; boxes must be xyxy (convert xywh/cxcywh with convertBoxes)`,
      });
    }
    const s = scores[i]!;
    if (!Number.isFinite(s)) {
      throw new LabError('validation', {
        messageKey: 'error.nms.nonFiniteScore',
        params: { index: i },
        detail: `score ${i} is ${s}`,
      });
    }
    if (scoreDomain === 'probability' && (s < 0 || s > 1)) {
      throw new LabError('validation', {
        messageKey: 'error.nms.scoreOutOfRange',
        params: { index: i, score: s, method: method ?? '' },
        detail: `${method ?? 'this variant'} multiplies or averages by score, so scores must be probabilities in [0, 1]; score ${i} is ${s} (apply a sigmoid to logits first)`,
      });
    }
  }
  return N;
}

/**
 * Checks the optional per-box fields a variant needs (and any that are present).
 *
 * @example validateExtras({ boxes, scores, densities: Float32Array.of(0.7) }, 1, ['densities'], 'adaptive') // → undefined
 */
export function validateExtras(input: NmsInput, N: number, requires: readonly NmsInputField[], method: NmsMethodName): void {
  for (const field of requires) {
    if (input[field] === undefined) {
      throw new LabError('validation', {
        messageKey: 'error.nms.missingField',
        params: { method, field },
        detail: `${method} needs input.${field}`,
      });
    }
  }
  const { classes, predictedIous, variances, densities } = input;
  if (classes !== undefined) {
    if (!(classes instanceof Int32Array)) throw typeError('classes', 'Int32Array');
    if (classes.length !== N) throw lengthError('classes', N, classes.length);
    for (let i = 0; i < N; i++) if (classes[i]! < 0) throw fieldValueError('classes', i, classes[i]!, 'a class id ≥ 0');
  }
  for (const [field, values] of [
    ['predictedIous', predictedIous],
    ['densities', densities],
  ] as const) {
    if (values === undefined) continue;
    if (!(values instanceof Float32Array)) throw typeError(field, 'Float32Array');
    if (values.length !== N) throw lengthError(field, N, values.length);
    for (let i = 0; i < N; i++) {
      const v = values[i]!;
      if (!(v >= 0 && v <= 1)) throw fieldValueError(field, i, v, 'a number in [0, 1]');
    }
  }
  if (variances !== undefined) {
    if (!(variances instanceof Float32Array)) throw typeError('variances', 'Float32Array');
    if (variances.length !== 4 * N) throw lengthError('variances', 4 * N, variances.length);
    for (let i = 0; i < 4 * N; i++) {
      const v = variances[i]!;
      // σ² divides in variance voting, so it must be positive.
      if (!(v > 0 && Number.isFinite(v))) throw fieldValueError('variances', i >> 2, v, 'a finite variance σ² > 0');
    }
  }
}

function typeError(field: string, type: string): LabError {
  return new LabError('validation', { messageKey: 'error.nms.arrayType', params: { field, type }, detail: `input.${field} must be an ${type}` });
}

function fieldValueError(field: string, index: number, value: number, expected: string): LabError {
  return new LabError('validation', {
    messageKey: 'error.nms.badFieldValue',
    params: { field, index, value: String(value) },
    detail: `input.${field}[${index}] = ${value}; expected ${expected}`,
  });
}
