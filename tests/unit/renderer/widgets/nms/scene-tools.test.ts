import { describe, expect, it } from 'vitest';
import { allPairs, confidentBoxes, focusView, matchDetections, survivors } from '../../../../../renderer/src/widgets/nms/scene-tools.js';
import { prepare } from '../../../../../electron/engine/nms/stages.js';
import { greedyDefaults, greedySpec } from '../../../../../electron/engine/nms/greedy.js';

describe('survivors of the pre-filter and top-k', () => {
  it('match the engine pre-stages', () => {
    const scores = Float32Array.of(0.2, 0.9, 0.5, 0.5, 0.05, 0.3);
    const boxes = new Float32Array(4 * scores.length).map((_, i) => (i % 4 < 2 ? 0 : 10));
    for (const [threshold, topK] of [
      [0, Infinity],
      [0.2, Infinity],
      [0.1, 3],
      [0.5, Infinity],
    ] as const) {
      const engine = prepare(greedySpec, { boxes, scores }, { ...greedyDefaults, scoreThreshold: threshold, topK }).order;
      expect(survivors(scores, threshold, topK)).toEqual(Array.from(engine));
    }
  });

  it('counts the naive pairs', () => {
    expect(allPairs(0)).toBe(0);
    expect(allPairs(1)).toBe(0);
    expect(allPairs(10_000)).toBe(49_995_000);
  });
});

describe('matching kept boxes to objects', () => {
  it('matches each object once, best score first, same class only', () => {
    const gt = Float32Array.of(0, 0, 10, 10, 20, 0, 30, 10);
    const kept = Float32Array.of(0, 0, 10, 10, 1, 0, 11, 10, 20, 0, 30, 10);
    const match = matchDetections(kept, Float32Array.of(0.9, 0.8, 0.7), Int32Array.of(0, 0, 1), gt, Int32Array.of(0, 0), 0.5);
    expect(Array.from(match.matchOf)).toEqual([0, -1, -1]);
    expect(Array.from(match.found)).toEqual([1, 0]);
  });
});

describe('zooming onto the boxes', () => {
  it('keeps the scene aspect ratio and stays inside the scene', () => {
    const view = focusView([Float32Array.of(0, 0, 64, 42)], 640, 420, 0);
    expect(view).toEqual({ x: 0, y: 0, width: 64, height: 42 });
    const wide = focusView([Float32Array.of(100, 100, 300, 110)], 640, 420, 0);
    expect(wide.width / wide.height).toBeCloseTo(640 / 420, 10);
    expect(wide.x).toBeGreaterThanOrEqual(0);
    expect(wide.y + wide.height).toBeLessThanOrEqual(420);
  });

  it('shows the whole scene when there is nothing to show', () => {
    expect(focusView([new Float32Array(0)], 640, 420)).toEqual({ x: 0, y: 0, width: 640, height: 420 });
  });

  it('keeps only confident boxes', () => {
    expect(Array.from(confidentBoxes(Float32Array.of(0, 0, 1, 1, 2, 2, 3, 3), Float32Array.of(0.1, 0.5), 0.3))).toEqual([2, 2, 3, 3]);
  });
});
