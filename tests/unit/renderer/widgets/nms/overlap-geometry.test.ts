/**
 * The overlap playground computes the IoU family itself (the renderer may not
 * import engine code); these tests hold it to the engine's iou.ts on random
 * boxes, including touching, nested, identical and degenerate ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { overlapAt } from '../../../../../electron/engine/nms/iou.js';
import { clampBox, overlapGeometry, type Box } from '../../../../../renderer/src/widgets/nms/overlap-geometry.js';

const coordinate = fc.integer({ min: 0, max: 640 });
const box = fc
  .tuple(coordinate, coordinate, coordinate, coordinate)
  .map(([a, b, c, d]): Box => [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)]);
/** Boxes from a small grid, so touching, nested and identical pairs come up often. */
const gridBox = fc
  .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }))
  .map(([a, b, c, d]): Box => [10 * Math.min(a, c), 10 * Math.min(b, d), 10 * Math.max(a, c), 10 * Math.max(b, d)]);

function engine(kind: 'iou' | 'giou' | 'diou' | 'ciou', a: Box, b: Box): number {
  return overlapAt(kind, Float64Array.from(a), 0, Float64Array.from(b), 0, 0);
}

describe('overlapGeometry against the engine (electron/engine/nms/iou.ts)', () => {
  for (const [name, arbitrary] of [
    ['random boxes', box],
    ['boxes on a coarse grid (touching, nested, identical, zero-area)', gridBox],
  ] as const) {
    it(`agrees on IoU, GIoU, DIoU and CIoU for ${name}`, () => {
      fc.assert(
        fc.property(arbitrary, arbitrary, (a, b) => {
          const g = overlapGeometry(a, b);
          expect(g.iou).toBeCloseTo(engine('iou', a, b), 12);
          expect(g.giou).toBeCloseTo(engine('giou', a, b), 12);
          expect(g.diou).toBeCloseTo(engine('diou', a, b), 12);
          expect(g.ciou).toBeCloseTo(engine('ciou', a, b), 12);
        }),
        { numRuns: 2000 },
      );
    });
  }

  it('pins the engine documentation examples', () => {
    const g = overlapGeometry([0, 0, 2, 2], [1, 1, 3, 3]);
    expect(g.iou).toBeCloseTo(1 / 7, 15);
    expect(g.giou).toBeCloseTo(1 / 7 - 2 / 9, 15);
    expect(g.diou).toBeCloseTo(1 / 7 - 2 / 18, 15);
    expect(g.ciou).toBeCloseTo(g.diou, 15);
    expect(overlapGeometry([0, 0, 1, 1], [2, 0, 3, 1]).giou).toBeCloseTo(-1 / 3, 15);
  });

  it('returns the geometry the playground draws', () => {
    const g = overlapGeometry([0, 0, 4, 2], [2, 0, 6, 2]);
    expect(g.intersection).toEqual([2, 0, 4, 2]);
    expect(g.intersectionArea).toBe(4);
    expect(g.unionArea).toBe(12);
    expect(g.enclosing).toEqual([0, 0, 6, 2]);
    expect(g.enclosingArea).toBe(12);
    expect(g.centreA).toEqual({ x: 2, y: 1 });
    expect(g.centreB).toEqual({ x: 4, y: 1 });
    expect(g.rho).toBe(2);
    expect(g.c).toBeCloseTo(Math.sqrt(40), 15);
    expect(overlapGeometry([0, 0, 1, 1], [5, 5, 6, 6]).intersection).toBeNull();
  });
});

describe('clampBox', () => {
  it('keeps a moved box inside the canvas at its size', () => {
    expect(clampBox([-20, 10, 80, 60], 640, 400, 12)).toEqual([0, 10, 100, 60]);
    expect(clampBox([600, 380, 700, 420], 640, 400, 12)).toEqual([540, 360, 640, 400]);
  });

  it('gives a collapsed box the minimum side', () => {
    expect(clampBox([100, 100, 102, 100], 640, 400, 12)).toEqual([100, 100, 112, 112]);
  });
});
