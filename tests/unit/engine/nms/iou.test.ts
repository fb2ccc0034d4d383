import { describe, expect, it } from 'vitest';
import {
  ciou,
  diou,
  distancePenaltyAt,
  giou,
  iou,
  iouAt,
  overlapAt,
  overlapMatrix,
  overlapOneToMany,
  type OverlapKind,
} from '../../../../electron/engine/nms/iou.js';
import { seeded } from './random-scenes.js';

const F = Float32Array;

describe('IoU family, hand-computed', () => {
  it('IoU', () => {
    // (0,0,2,2) ∩ (1,1,3,3) = 1×1; union = 4 + 4 − 1 = 7.
    expect(iou([0, 0, 2, 2], [1, 1, 3, 3])).toBe(1 / 7);
    expect(iou([0, 0, 2, 2], [0, 0, 2, 2])).toBe(1);
    expect(iou([0, 0, 1, 1], [1, 0, 2, 1])).toBe(0); // touching edges: no area
    expect(iou([0, 0, 1, 1], [5, 5, 6, 6])).toBe(0);
  });

  it('GIoU (Rezatofighi et al. 2019): IoU − |C \\ (A ∪ B)| / |C|', () => {
    // Same pair: C = (0,0,3,3), |C| = 9, |A ∪ B| = 7 → 1/7 − 2/9 = −5/63.
    expect(giou([0, 0, 2, 2], [1, 1, 3, 3])).toBeCloseTo(-5 / 63, 15);
    // Disjoint (0,0,1,1), (2,0,3,1): IoU 0, C = 3×1 = 3, union 2 → −1/3.
    expect(giou([0, 0, 1, 1], [2, 0, 3, 1])).toBeCloseTo(-1 / 3, 15);
    expect(giou([0, 0, 2, 2], [0, 0, 2, 2])).toBe(1);
  });

  it('DIoU (Zheng et al. 2020, Eq. 6): IoU − ρ²/c²', () => {
    // Centres (1,1) and (2,2): ρ² = 2; C diagonal² = 3² + 3² = 18 → 1/7 − 1/9 = 2/63.
    expect(diou([0, 0, 2, 2], [1, 1, 3, 3])).toBeCloseTo(2 / 63, 15);
    // (0,0,2,2) vs (2,0,4,2): ρ² = 4, c² = 16 + 4 = 20.
    expect(distancePenaltyAt(F.of(0, 0, 2, 2), 0, F.of(2, 0, 4, 2), 0, 0)).toBeCloseTo(0.2, 15);
    expect(diou([0, 0, 2, 2], [2, 0, 4, 2])).toBeCloseTo(-0.2, 15);
  });

  it('CIoU (Zheng et al. 2020, Eq. 9–11): DIoU − α·v', () => {
    // Same aspect ratio → v = 0 → CIoU = DIoU.
    expect(ciou([0, 0, 2, 2], [1, 1, 3, 3])).toBe(diou([0, 0, 2, 2], [1, 1, 3, 3]));
    // A = (0,0,4,2) (w/h = 2), B = (0,0,2,2) (w/h = 1), same top-left corner.
    // IoU = 4/8 = ½. Centres (2,1) and (1,1): ρ² = 1; C = A, c² = 16 + 4 = 20.
    // v = 4/π² · (arctan 1 − arctan 2)²; α = v / (½ + v).
    const v = (4 / Math.PI ** 2) * (Math.atan(1) - Math.atan(2)) ** 2;
    const alpha = v / (1 - 0.5 + v);
    expect(ciou([0, 0, 4, 2], [0, 0, 2, 2])).toBeCloseTo(0.5 - 1 / 20 - alpha * v, 14);
  });

  it('offset = 1 measures width as x2 − x1 + 1 everywhere', () => {
    // (0,0,9,9) vs (5,0,14,9): inter = 5·10 = 50, areas 100 → ⅓.
    expect(iou([0, 0, 9, 9], [5, 0, 14, 9], { offset: 1 })).toBeCloseTo(1 / 3, 15);
    // Enclosing box C = (0,0,14,9) → 15·10 = 150 = union, so GIoU = IoU.
    expect(giou([0, 0, 9, 9], [5, 0, 14, 9], { offset: 1 })).toBeCloseTo(1 / 3, 15);
    // A single-pixel box is 1×1 under offset 1.
    expect(iou([3, 3, 3, 3], [3, 3, 3, 3], { offset: 1 })).toBe(1);
  });

  it('defines the degenerate cases instead of returning NaN', () => {
    // A zero-area box has IoU 0 with everything, itself included.
    expect(iou([1, 1, 1, 1], [1, 1, 1, 1])).toBe(0);
    expect(iou([1, 1, 1, 5], [0, 0, 2, 2])).toBe(0);
    // Two identical points: |C| = 0 → GIoU = IoU = 0; c² = 0 → no penalty; atan2(0, 0) = 0 → v = 0.
    for (const kind of ['iou', 'giou', 'diou', 'ciou'] as OverlapKind[]) {
      expect(overlapAt(kind, F.of(1, 1, 1, 1), 0, F.of(1, 1, 1, 1), 0, 0)).toBe(0);
    }
    expect(Number.isFinite(ciou([0, 0, 0, 3], [0, 0, 2, 0]))).toBe(true);
  });

  it('stays within its range: IoU ∈ [0, 1], GIoU ∈ (−1, 1], DIoU ∈ (−1, 1], CIoU ≤ DIoU', () => {
    const rng = seeded(3);
    for (let k = 0; k < 2000; k++) {
      const a = [rng.uniform() * 10, rng.uniform() * 10];
      const b = [rng.uniform() * 10, rng.uniform() * 10];
      const A = [a[0]!, a[1]!, a[0]! + rng.uniform() * 5, a[1]! + rng.uniform() * 5];
      const B = [b[0]!, b[1]!, b[0]! + rng.uniform() * 5, b[1]! + rng.uniform() * 5];
      const I = iou(A, B);
      expect(I).toBeGreaterThanOrEqual(0);
      expect(I).toBeLessThanOrEqual(1);
      expect(giou(A, B)).toBeGreaterThan(-1);
      expect(giou(A, B)).toBeLessThanOrEqual(I + 1e-12);
      expect(diou(A, B)).toBeGreaterThan(-1);
      expect(diou(A, B)).toBeLessThanOrEqual(I + 1e-12);
      expect(ciou(A, B)).toBeLessThanOrEqual(diou(A, B) + 1e-12);
      for (const kind of ['iou', 'giou', 'diou', 'ciou'] as OverlapKind[])
        expect(overlapAt(kind, F.from(A), 0, F.from(B), 0, 0)).toBeCloseTo(overlapAt(kind, F.from(B), 0, F.from(A), 0, 0), 12);
    }
  });
});

describe('batched overlaps', () => {
  const boxes = F.of(0, 0, 2, 2, 1, 0, 3, 2, 10, 10, 12, 12);

  it('one-to-many equals the pair function', () => {
    for (const kind of ['iou', 'giou', 'diou', 'ciou'] as OverlapKind[]) {
      const row = overlapOneToMany(kind, [0, 0, 2, 2], boxes);
      expect(row).toHaveLength(3);
      row.forEach((v, j) => expect(v).toBe(Math.fround(overlapAt(kind, F.of(0, 0, 2, 2), 0, boxes, j, 0))));
    }
    expect(() => overlapOneToMany('iou', [0, 0, 2], boxes)).toThrow(RangeError);
  });

  it('the N×N matrix is symmetric with a unit diagonal, and N×M works', () => {
    const m = overlapMatrix('iou', boxes);
    expect(m).toHaveLength(9);
    for (let i = 0; i < 3; i++) {
      expect(m[i * 3 + i]).toBe(1);
      for (let j = 0; j < 3; j++) expect(m[i * 3 + j]).toBe(m[j * 3 + i]);
    }
    expect(m[1]).toBe(Math.fround(1 / 3)); // (0,0,2,2) vs (1,0,3,2): 2 / (4 + 4 − 2)
    const rect = overlapMatrix('giou', boxes, {}, F.of(0, 0, 2, 2));
    expect(rect).toHaveLength(3);
    expect(rect[0]).toBe(1);
  });

  it('iouAt reads boxes by index', () => {
    expect(iouAt(boxes, 0, boxes, 1, 0)).toBeCloseTo(1 / 3, 15);
    expect(iouAt(boxes, 2, boxes, 0, 0)).toBe(0);
  });
});
