import { describe, expect, it } from 'vitest';
import { NMS_METHOD_NAMES, runNms } from '../../../../electron/engine/nms/index.js';
import { TIMING_CLASSES, distinctScores, timingScene } from '../../../../electron/engine/nms/timing-scenes.js';
import { createRng } from '../../../../electron/engine/random/rng.js';

describe('timing scenes (shared by bench/nms.ts and the nms.timing job)', () => {
  it('are seeded: the same arguments give the same scene', () => {
    for (const kind of ['uniform', 'clustered'] as const) {
      const a = timingScene(kind, 500, 7);
      const b = timingScene(kind, 500, 7);
      expect(a.boxes).toEqual(b.boxes);
      expect(a.scores).toEqual(b.scores);
      expect(a.classes).toEqual(b.classes);
      expect(timingScene(kind, 500, 8).boxes).not.toEqual(a.boxes);
    }
  });

  it('keep the boxes the benchmark has always drawn (pinned first box per kind)', () => {
    // The extra per-box fields come from a second generator, so adding them did not move these.
    expect(Array.from(timingScene('uniform', 1000, 2000).boxes.subarray(0, 4))).toEqual(Array.from(Float32Array.of(...pinned.uniform)));
    expect(Array.from(timingScene('clustered', 1000, 2000).boxes.subarray(0, 4))).toEqual(Array.from(Float32Array.of(...pinned.clustered)));
  });

  it('have distinct scores in (0, 1), valid boxes, and every optional field, so all eleven variants run', () => {
    const scene = timingScene('clustered', 2000, 3);
    expect(new Set(scene.scores).size).toBe(2000);
    expect(scene.scores.every((s) => s > 0 && s < 1)).toBe(true);
    for (let i = 0; i < 2000; i++)
      expect(scene.boxes[4 * i + 2]! >= scene.boxes[4 * i]! && scene.boxes[4 * i + 3]! >= scene.boxes[4 * i + 1]!).toBe(true);
    expect(scene.classes.every((c) => c >= 0 && c < TIMING_CLASSES)).toBe(true);
    for (const method of NMS_METHOD_NAMES) expect(() => runNms(method, scene), method).not.toThrow();
  });

  it('distinctScores is a permutation of (k + ½)/N', () => {
    const scores = Array.from(distinctScores(createRng(1), 8)).sort((a, b) => a - b);
    expect(scores).toEqual(Array.from({ length: 8 }, (_, k) => (k + 0.5) / 8));
  });
});

/** Drawn by bench/nms.ts's own scene builder before it moved here (commit fdd2237); exact float32 values. */
const pinned = {
  uniform: [125.0824127197265625, 24.044002532958984375, 223.8435516357421875, 53.527767181396484375],
  clustered: [222.694244384765625, -22.526363372802734375, 249.347747802734375, 74.3305816650390625],
};
