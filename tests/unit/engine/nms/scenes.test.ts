import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../../electron/engine/nms/eval.js';
import { NMS_METHOD_NAMES, runNms } from '../../../../electron/engine/nms/index.js';
import type { NmsScene } from '../../../../electron/common/nms.js';
import { DEFAULT_SCENE, generateScene } from '../../../../electron/engine/nms/scenes.js';

const mean = (values: ArrayLike<number>): number => Array.from(values).reduce((a, b) => a + b, 0) / Math.max(1, values.length);

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ma = mean(a);
  const mb = mean(b);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - ma) * (b[i]! - mb);
    da += (a[i]! - ma) ** 2;
    db += (b[i]! - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}

describe('generateScene', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = generateScene({ seed: 3 });
    const b = generateScene({ seed: 3 });
    const c = generateScene({ seed: 4 });
    expect(Array.from(a.candidates.boxes)).toEqual(Array.from(b.candidates.boxes));
    expect(Array.from(a.candidates.scores)).toEqual(Array.from(b.candidates.scores));
    expect(Array.from(a.candidates.boxes)).not.toEqual(Array.from(c.candidates.boxes));
  });

  it('produces input every variant accepts, with consistent lengths and ranges', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const scene = generateScene({ seed, objects: 10, crowding: 0.7 });
      const N = scene.candidates.scores.length;
      expect(scene.candidates.boxes).toHaveLength(4 * N);
      expect(scene.candidates.variances).toHaveLength(4 * N);
      expect(scene.groundTruth.boxes).toHaveLength(40);
      for (let i = 0; i < N; i++) {
        const [x1, y1, x2, y2] = Array.from(scene.candidates.boxes.subarray(4 * i, 4 * i + 4));
        expect(x1! >= 0 && y1! >= 0 && x2! <= 640 && y2! <= 480 && x2! >= x1! && y2! >= y1!).toBe(true);
      }
      for (const method of NMS_METHOD_NAMES) expect(() => runNms(method, scene.candidates)).not.toThrow();
    }
  });

  it('its knobs do what they say', () => {
    const seeds = [1, 2, 3, 4, 5, 6];
    const avg = (pick: (seed: number) => number): number => mean(seeds.map(pick));
    // Crowding raises ground-truth density.
    expect(avg((seed) => mean(generateScene({ seed, objects: 12, crowding: 0.9 }).groundTruth.densities))).toBeGreaterThan(
      avg((seed) => mean(generateScene({ seed, objects: 12, crowding: 0 }).groundTruth.densities)) + 0.05,
    );
    // Localisation noise lowers the candidates' true IoU.
    expect(avg((seed) => mean(generateScene({ seed, localizationNoise: 0.02 }).candidates.trueIous))).toBeGreaterThan(
      avg((seed) => mean(generateScene({ seed, localizationNoise: 0.2 }).candidates.trueIous)) + 0.1,
    );
    // Mismatch decouples score from localisation.
    const corr = (mismatch: number): number =>
      avg((seed) => {
        const c = generateScene({ seed, mismatch, falsePositives: 0 }).candidates;
        return correlation(c.scores, c.trueIous);
      });
    expect(corr(0)).toBeGreaterThan(0.8);
    expect(corr(1)).toBeLessThan(0.3);
  });

  it('end to end: NMS raises precision over the raw candidates on a sparse, clean scene', () => {
    const scene = generateScene({ seed: 11, objects: 6, crowding: 0, localizationNoise: 0.04, falsePositives: 3 });
    const raw = evaluate([{ detections: scene.candidates, groundTruth: scene.groundTruth }]);
    const kept = runNms('batched', scene.candidates, { N_t: 0.5 });
    const classes = Int32Array.from(kept.keep, (i) => scene.candidates.classes[i]!);
    const after = evaluate([{ detections: { boxes: kept.boxes, scores: kept.scores, classes }, groundTruth: scene.groundTruth }]);
    expect(after.precision).toBeGreaterThan(raw.precision);
    expect(after.recall).toBe(1);
    expect(after.ap50).toBeGreaterThan(0.9);
  });
});

describe('generateScene: bad specs', () => {
  it('refuses minSize > maxSize with a typed error instead of drawing negative sizes', () => {
    expect(() => generateScene({ minSize: 0.5, maxSize: 0.1 })).toThrow(
      expect.objectContaining({ code: 'validation', messageKey: 'error.nms.sceneSizeOrder', params: { minSize: 0.5, maxSize: 0.1 } }),
    );
  });

  it('refuses values outside the contract schema, naming the field (direct callers skip the API boundary)', () => {
    expect(() => generateScene({ objects: 1e9 })).toThrow(
      expect.objectContaining({ messageKey: 'error.nms.badScene', params: { field: 'objects' } }),
    );
    expect(() => generateScene({ width: Number.NaN })).toThrow(
      expect.objectContaining({ messageKey: 'error.nms.badScene', params: { field: 'width' } }),
    );
    expect(() => generateScene({ candidatesPerObject: Infinity })).toThrow(expect.objectContaining({ messageKey: 'error.nms.badScene' }));
    expect(() => generateScene({ minSize: 2 })).toThrow(expect.objectContaining({ messageKey: 'error.nms.badScene', params: { field: 'minSize' } }));
  });

  it('treats an explicit undefined as the default, and fits the largest objects inside a non-square image', () => {
    expect(generateScene({ seed: undefined }).spec.seed).toBe(DEFAULT_SCENE.seed);
    const scene = generateScene({ seed: 5, width: 200, height: 40, minSize: 1, maxSize: 1, objects: 20, crowding: 1 });
    const gt = scene.groundTruth.boxes;
    for (let i = 0; i < gt.length; i += 4) {
      expect(gt[i]! >= 0 && gt[i + 1]! >= 0 && gt[i + 2]! <= 200 && gt[i + 3]! <= 40).toBe(true);
    }
  });

  it('returns the wire type NmsScene (the spec is the full, checked NmsSceneSpec)', () => {
    const scene: NmsScene = generateScene({ seed: 2 });
    expect(Object.keys(scene.spec).sort()).toEqual(Object.keys(DEFAULT_SCENE).sort());
  });
});
