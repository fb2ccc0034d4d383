/**
 * The IoU family, for one pair, one box against many, and the N×N matrix.
 *
 * For boxes A, B (xyxy) and C the smallest box enclosing both:
 *   IoU  = |A ∩ B| / |A ∪ B|                                   (Jaccard index)
 *   GIoU = IoU − |C \ (A ∪ B)| / |C|                            Rezatofighi et al., CVPR 2019, Alg. 1
 *   DIoU = IoU − ρ²(a, b) / c²                                  Zheng et al., AAAI 2020, Eq. 6
 *   CIoU = IoU − ρ²(a, b) / c² − α·v                            Zheng et al., AAAI 2020, Eq. 9
 *          v = 4/π² · (arctan(w_B/h_B) − arctan(w_A/h_A))²      Eq. 10
 *          α = v / ((1 − IoU) + v)                               Eq. 11
 * where ρ is the distance between the box centres and c the diagonal of C.
 *
 * `offset` picks the pixel convention: 0 (default, torchvision and
 * onnxruntime) measures width as x2 − x1; 1 is the legacy convention of
 * Fast R-CNN-era code and mmcv's `offset=1`, width = x2 − x1 + 1, which treats
 * coordinates as inclusive pixel indices. It applies to every width and height
 * here, the enclosing box's included.
 *
 * Degenerate cases, chosen so nothing divides by zero: a pair with no positive
 * intersection has IoU 0 (so a zero-area box has IoU 0 with everything, itself
 * included); when C has zero area GIoU = IoU, and when c² = 0 the distance
 * penalty is 0 (as in YOLOv4's darknet); v uses atan2(w, h), which is 0 for a
 * 0×0 box instead of NaN; α·v is 0 when v = 0.
 *
 * All arithmetic is float64 on float32-stored coordinates.
 */

export type OverlapKind = 'iou' | 'giou' | 'diou' | 'ciou';

export interface OverlapOptions {
  /** 0 (default) or 1 (legacy pixel convention: width = x2 − x1 + 1). */
  offset?: 0 | 1;
}

/**
 * IoU of box i of `a` with box j of `b` (both N×4 xyxy); the form the NMS loops call.
 *
 * @example iouAt(Float32Array.of(0, 0, 2, 2), 0, Float32Array.of(1, 0, 3, 2), 0, 0) // → 0.3333333333333333
 */
export function iouAt(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number, offset: number): number {
  const ax1 = a[4 * i]!,
    ay1 = a[4 * i + 1]!,
    ax2 = a[4 * i + 2]!,
    ay2 = a[4 * i + 3]!;
  const bx1 = b[4 * j]!,
    by1 = b[4 * j + 1]!,
    bx2 = b[4 * j + 2]!,
    by2 = b[4 * j + 3]!;
  const w = Math.min(ax2, bx2) - Math.max(ax1, bx1) + offset;
  const h = Math.min(ay2, by2) - Math.max(ay1, by1) + offset;
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const areaA = (ax2 - ax1 + offset) * (ay2 - ay1 + offset);
  const areaB = (bx2 - bx1 + offset) * (by2 - by1 + offset);
  return inter / (areaA + areaB - inter);
}

/**
 * ρ²/c²: squared centre distance over the squared diagonal of the enclosing box
 * (DIoU's penalty R_DIoU, Zheng et al. Eq. 5–6). 0 when c = 0.
 *
 * @example distancePenaltyAt(Float32Array.of(0, 0, 2, 2), 0, Float32Array.of(2, 0, 4, 2), 0, 0) // → 0.2  (ρ² = 4, c² = 16 + 4)
 */
export function distancePenaltyAt(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number, offset: number): number {
  const ax1 = a[4 * i]!,
    ay1 = a[4 * i + 1]!,
    ax2 = a[4 * i + 2]!,
    ay2 = a[4 * i + 3]!;
  const bx1 = b[4 * j]!,
    by1 = b[4 * j + 1]!,
    bx2 = b[4 * j + 2]!,
    by2 = b[4 * j + 3]!;
  const cw = Math.max(ax2, bx2) - Math.min(ax1, bx1) + offset;
  const ch = Math.max(ay2, by2) - Math.min(ay1, by1) + offset;
  const c2 = cw * cw + ch * ch;
  if (c2 <= 0) return 0;
  // Centres are (x1 + x2)/2; the offset shifts both equally and cancels.
  const dx = (ax1 + ax2 - bx1 - bx2) / 2;
  const dy = (ay1 + ay2 - by1 - by2) / 2;
  return (dx * dx + dy * dy) / c2;
}

/**
 * Any member of the family for box i of `a` and box j of `b`.
 *
 * @example overlapAt('giou', Float32Array.of(0, 0, 1, 1), 0, Float32Array.of(2, 0, 3, 1), 0, 0) // → -0.3333333333333333
 */
export function overlapAt(kind: OverlapKind, a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number, offset: number): number {
  const IoU = iouAt(a, i, b, j, offset);
  if (kind === 'iou') return IoU;
  const ax1 = a[4 * i]!,
    ay1 = a[4 * i + 1]!,
    ax2 = a[4 * i + 2]!,
    ay2 = a[4 * i + 3]!;
  const bx1 = b[4 * j]!,
    by1 = b[4 * j + 1]!,
    bx2 = b[4 * j + 2]!,
    by2 = b[4 * j + 3]!;
  if (kind === 'giou') {
    const cw = Math.max(ax2, bx2) - Math.min(ax1, bx1) + offset;
    const ch = Math.max(ay2, by2) - Math.min(ay1, by1) + offset;
    const areaC = cw * ch;
    if (areaC <= 0) return IoU;
    const w = Math.max(0, Math.min(ax2, bx2) - Math.max(ax1, bx1) + offset);
    const h = Math.max(0, Math.min(ay2, by2) - Math.max(ay1, by1) + offset);
    const inter = w * h;
    const union = (ax2 - ax1 + offset) * (ay2 - ay1 + offset) + (bx2 - bx1 + offset) * (by2 - by1 + offset) - inter;
    // Rezatofighi et al., Alg. 1: GIoU = IoU − |C \ (A ∪ B)| / |C|.
    return IoU - (areaC - union) / areaC;
  }
  const R_DIoU = distancePenaltyAt(a, i, b, j, offset);
  if (kind === 'diou') return IoU - R_DIoU; // Zheng et al., Eq. 6
  // Zheng et al., Eq. 10: aspect-ratio consistency; atan2(w, h) = arctan(w/h) for h > 0.
  const v =
    (4 / (Math.PI * Math.PI)) * (Math.atan2(bx2 - bx1 + offset, by2 - by1 + offset) - Math.atan2(ax2 - ax1 + offset, ay2 - ay1 + offset)) ** 2;
  const alpha = v === 0 ? 0 : v / (1 - IoU + v); // Eq. 11
  return IoU - R_DIoU - alpha * v; // Eq. 9
}

function asBox(box: ArrayLike<number>): ArrayLike<number> {
  if (box.length !== 4) throw new RangeError(`a box has 4 coordinates (x1, y1, x2, y2), got ${box.length}`);
  return box;
}

/** @example iou([0, 0, 2, 2], [1, 1, 3, 3]) // → 0.14285714285714285  (1 / (4 + 4 − 1)) */
export function iou(a: ArrayLike<number>, b: ArrayLike<number>, options: OverlapOptions = {}): number {
  return overlapAt('iou', asBox(a), 0, asBox(b), 0, options.offset ?? 0);
}

/** @example giou([0, 0, 2, 2], [1, 1, 3, 3]) // → -0.07936507936507936  (1/7 − (9 − 7)/9) */
export function giou(a: ArrayLike<number>, b: ArrayLike<number>, options: OverlapOptions = {}): number {
  return overlapAt('giou', asBox(a), 0, asBox(b), 0, options.offset ?? 0);
}

/** @example diou([0, 0, 2, 2], [1, 1, 3, 3]) // → 0.031746031746031744  (1/7 − 2/18) */
export function diou(a: ArrayLike<number>, b: ArrayLike<number>, options: OverlapOptions = {}): number {
  return overlapAt('diou', asBox(a), 0, asBox(b), 0, options.offset ?? 0);
}

/** @example ciou([0, 0, 2, 2], [1, 1, 3, 3]) // → 0.031746031746031744  (same aspect ratio, so v = 0 and CIoU = DIoU) */
export function ciou(a: ArrayLike<number>, b: ArrayLike<number>, options: OverlapOptions = {}): number {
  return overlapAt('ciou', asBox(a), 0, asBox(b), 0, options.offset ?? 0);
}

/**
 * One box against many: out[j] = overlap(box, boxes_j).
 *
 * @example overlapOneToMany('iou', [0, 0, 2, 2], Float32Array.of(0, 0, 2, 2, 1, 0, 3, 2)) // → Float32Array [1, 0.3333333432674408]
 */
export function overlapOneToMany(kind: OverlapKind, box: ArrayLike<number>, boxes: Float32Array, options: OverlapOptions = {}): Float32Array {
  const offset = options.offset ?? 0;
  const a = asBox(box);
  const N = boxes.length >> 2;
  const out = new Float32Array(N);
  for (let j = 0; j < N; j++) out[j] = overlapAt(kind, a, 0, boxes, j, offset);
  return out;
}

/**
 * The N×M matrix out[i·M + j] = overlap(a_i, b_j), row-major Float32Array;
 * with one argument, the symmetric N×N matrix of `a` with itself.
 * Memory is 4·N·M bytes: 10,000 boxes make a 400 MB matrix, which is why the
 * NMS variants stream rows instead of calling this.
 *
 * @example overlapMatrix('iou', Float32Array.of(0, 0, 2, 2, 1, 0, 3, 2)) // → Float32Array [1, 0.333…, 0.333…, 1]
 */
export function overlapMatrix(kind: OverlapKind, a: Float32Array, options: OverlapOptions = {}, b: Float32Array = a): Float32Array {
  const offset = options.offset ?? 0;
  const N = a.length >> 2;
  const M = b.length >> 2;
  const out = new Float32Array(N * M);
  const symmetric = a === b;
  for (let i = 0; i < N; i++) {
    for (let j = symmetric ? i : 0; j < M; j++) {
      const value = overlapAt(kind, a, i, b, j, offset);
      out[i * M + j] = value;
      if (symmetric) out[j * M + i] = value;
    }
  }
  return out;
}
