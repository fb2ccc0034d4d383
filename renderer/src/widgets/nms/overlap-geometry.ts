/**
 * The IoU family for two boxes, with every piece of geometry the overlap
 * playground draws: intersection, union, smallest enclosing box C, the
 * centres, ρ (centre distance) and c (diagonal of C).
 *
 * The renderer may not import engine code, so this is a second, small
 * implementation of electron/engine/nms/iou.ts for one pair of boxes with the
 * same formulas and the same degenerate-case rules (offset 0):
 *   IoU  = |A ∩ B| / |A ∪ B|
 *   GIoU = IoU − |C \ (A ∪ B)| / |C|                 Rezatofighi et al., CVPR 2019
 *   DIoU = IoU − ρ²/c²                               Zheng et al., AAAI 2020, Eq. 6
 *   CIoU = DIoU − α·v,  v = 4/π²·(arctan(w_B/h_B) − arctan(w_A/h_A))²,  α = v / ((1 − IoU) + v)   Eq. 9–11
 * tests/unit/renderer/widgets/nms/overlap-geometry.test.ts checks it against
 * the engine's version on random boxes.
 */

/** A box as absolute corners (x1, y1, x2, y2), x2 ≥ x1 and y2 ≥ y1. */
export type Box = readonly [number, number, number, number];

export interface Point {
  x: number;
  y: number;
}

export interface OverlapGeometry {
  areaA: number;
  areaB: number;
  /** The overlap rectangle, or null when the boxes do not overlap with positive area. */
  intersection: Box | null;
  intersectionArea: number;
  unionArea: number;
  /** C: the smallest box containing both. */
  enclosing: Box;
  enclosingArea: number;
  centreA: Point;
  centreB: Point;
  /** ρ: distance between the centres. */
  rho: number;
  /** c: length of C's diagonal. */
  c: number;
  iou: number;
  giou: number;
  diou: number;
  ciou: number;
  /** CIoU's aspect-ratio term v and its weight α. */
  v: number;
  alpha: number;
}

function area(box: Box): number {
  return Math.max(0, box[2] - box[0]) * Math.max(0, box[3] - box[1]);
}

/**
 * @example overlapGeometry([0, 0, 2, 2], [1, 1, 3, 3]).iou // → 0.14285714285714285  (1 / (4 + 4 − 1))
 * @example overlapGeometry([0, 0, 2, 2], [1, 1, 3, 3]).giou // → -0.07936507936507936
 */
export function overlapGeometry(a: Box, b: Box): OverlapGeometry {
  const areaA = area(a);
  const areaB = area(b);
  const ix1 = Math.max(a[0], b[0]);
  const iy1 = Math.max(a[1], b[1]);
  const ix2 = Math.min(a[2], b[2]);
  const iy2 = Math.min(a[3], b[3]);
  const overlaps = ix2 - ix1 > 0 && iy2 - iy1 > 0;
  const intersection: Box | null = overlaps ? [ix1, iy1, ix2, iy2] : null;
  const intersectionArea = overlaps ? (ix2 - ix1) * (iy2 - iy1) : 0;
  const unionArea = areaA + areaB - intersectionArea;
  // No positive intersection means IoU 0, which also keeps a zero-area box from dividing by zero.
  const iou = overlaps ? intersectionArea / unionArea : 0;

  const enclosing: Box = [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
  const cw = enclosing[2] - enclosing[0];
  const ch = enclosing[3] - enclosing[1];
  const enclosingArea = cw * ch;
  const giou = enclosingArea > 0 ? iou - (enclosingArea - unionArea) / enclosingArea : iou;

  const centreA = { x: (a[0] + a[2]) / 2, y: (a[1] + a[3]) / 2 };
  const centreB = { x: (b[0] + b[2]) / 2, y: (b[1] + b[3]) / 2 };
  const rho2 = (centreA.x - centreB.x) ** 2 + (centreA.y - centreB.y) ** 2;
  const c2 = cw * cw + ch * ch;
  // Coincident zero-size boxes have c = 0: no distance penalty (as the engine and YOLOv4's darknet).
  const distancePenalty = c2 > 0 ? rho2 / c2 : 0;
  const diou = iou - distancePenalty;

  // atan2(w, h) is arctan(w/h) for h > 0 and 0 for a 0×0 box instead of NaN.
  const v = (4 / (Math.PI * Math.PI)) * (Math.atan2(b[2] - b[0], b[3] - b[1]) - Math.atan2(a[2] - a[0], a[3] - a[1])) ** 2;
  const alpha = v === 0 ? 0 : v / (1 - iou + v);
  const ciou = diou - alpha * v;

  return {
    areaA,
    areaB,
    intersection,
    intersectionArea,
    unionArea,
    enclosing,
    enclosingArea,
    centreA,
    centreB,
    rho: Math.sqrt(rho2),
    c: Math.sqrt(c2),
    iou,
    giou,
    diou,
    ciou,
    v,
    alpha,
  };
}

/** Keeps a box inside a width×height canvas with sides of at least `minSide`, preserving its size when it only moved. */
export function clampBox(box: Box, width: number, height: number, minSide: number): Box {
  let [x1, y1, x2, y2] = box;
  if (x2 - x1 < minSide) x2 = x1 + minSide;
  if (y2 - y1 < minSide) y2 = y1 + minSide;
  const w = Math.min(width, x2 - x1);
  const h = Math.min(height, y2 - y1);
  x1 = Math.min(Math.max(0, x1), width - w);
  y1 = Math.min(Math.max(0, y1), height - h);
  return [x1, y1, x1 + w, y1 + h];
}
