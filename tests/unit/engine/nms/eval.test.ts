import { describe, expect, it } from 'vitest';
import { LabError } from '../../../../electron/common/errors.js';
import { COCO_IOU_THRESHOLDS, averagePrecision101, evaluate, type EvalImage } from '../../../../electron/engine/nms/eval.js';

const F = Float32Array;

describe('averagePrecision101 (COCO 101-point interpolation)', () => {
  it('hand-computed curves', () => {
    // Precision 1 up to recall 0.5, nothing after: points r = 0.00 … 0.50 (51 of 101) score 1.
    expect(averagePrecision101([1, 0.5], [0.5, 0.5])).toBeCloseTo(51 / 101, 12);
    // TP, FP, TP with 2 ground truths: p = [1, ½, ⅔], r = [½, ½, 1]; envelope [1, ⅔, ⅔].
    // r ≤ 0.5 (51 points) → 1; r > 0.5 (50 points) → the first recall ≥ r is index 2 → ⅔.
    expect(averagePrecision101([1, 0.5, 2 / 3], [0.5, 0.5, 1])).toBeCloseTo((51 + 50 * (2 / 3)) / 101, 12);
    expect(averagePrecision101([], [])).toBe(0);
  });

  it('uses COCO’s thresholds', () => {
    expect(COCO_IOU_THRESHOLDS).toHaveLength(10);
    expect(COCO_IOU_THRESHOLDS[0]).toBe(0.5);
    expect(COCO_IOU_THRESHOLDS[9]).toBe(0.95);
  });
});

describe('evaluate', () => {
  const gt = (...boxes: number[]): EvalImage['groundTruth'] => ({ boxes: F.from(boxes) });

  it('a perfect detection scores 1 everywhere', () => {
    const result = evaluate([{ detections: { boxes: F.of(0, 0, 10, 10), scores: F.of(0.9) }, groundTruth: gt(0, 0, 10, 10) }]);
    expect(result).toMatchObject({ precision: 1, recall: 1, ap50: 1, ap75: 1, map: 1, groundTruthCount: 1, detectionCount: 1 });
  });

  it('a higher-scored false positive halves precision: AP = 0.5', () => {
    // Detections by score: FP (far away), then TP. p = [0, ½], r = [0, 1]; envelope [½, ½] → every point ½.
    const result = evaluate([{ detections: { boxes: F.of(50, 50, 60, 60, 0, 0, 10, 10), scores: F.of(0.9, 0.8) }, groundTruth: gt(0, 0, 10, 10) }]);
    expect(result.ap50).toBeCloseTo(0.5, 12);
    expect(result.precision).toBe(0.5);
    expect(result.recall).toBe(1);
  });

  it('TP, FP, TP over two objects: AP = (51 + 50·⅔)/101', () => {
    const result = evaluate([
      {
        detections: { boxes: F.of(0, 0, 10, 10, 50, 50, 60, 60, 20, 0, 30, 10), scores: F.of(0.9, 0.8, 0.7) },
        groundTruth: gt(0, 0, 10, 10, 20, 0, 30, 10),
      },
    ]);
    expect(result.ap50).toBeCloseTo((51 + 50 * (2 / 3)) / 101, 12);
    expect(result.precision).toBeCloseTo(2 / 3, 12);
  });

  it('counts a match only at IoU ≥ t: IoU 0.62 passes 0.50–0.60 and fails 0.65–0.95 → mAP = 0.3', () => {
    // (0,0,10,6.2) vs (0,0,10,10): IoU = 62/100.
    const result = evaluate([{ detections: { boxes: F.of(0, 0, 10, 6.2), scores: F.of(0.9) }, groundTruth: gt(0, 0, 10, 10) }]);
    expect(result.perThreshold.map((row) => row.ap)).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(result.map).toBeCloseTo(0.3, 12);
    expect(result.ap75).toBe(0);
    // Exactly at the threshold counts (≥): IoU 0.5 at t = 0.5.
    expect(evaluate([{ detections: { boxes: F.of(0, 0, 10, 5), scores: F.of(0.9) }, groundTruth: gt(0, 0, 10, 10) }]).ap50).toBe(1);
  });

  it('a duplicate of a matched object is a false positive (why NMS matters)', () => {
    // Two detections on one object: the second finds its ground truth taken. p = [1, ½], r = [1, 1] → AP = 1, precision ½.
    const result = evaluate([{ detections: { boxes: F.of(0, 0, 10, 10, 1, 0, 11, 10), scores: F.of(0.9, 0.8) }, groundTruth: gt(0, 0, 10, 10) }]);
    expect(result.ap50).toBe(1);
    expect(result.precision).toBe(0.5);
  });

  it('matches within a class only and averages AP over classes with ground truth', () => {
    // Class 0: one perfect TP (AP 1). Class 1: its only detection is on a class-0 object → FP, its object missed (AP 0).
    // Class 2: a detection without any ground truth → counted in precision, left out of the AP mean.
    const result = evaluate([
      {
        detections: { boxes: F.of(0, 0, 10, 10, 0, 0, 10, 10, 40, 40, 50, 50), scores: F.of(0.9, 0.8, 0.7), classes: Int32Array.of(0, 1, 2) },
        groundTruth: { boxes: F.of(0, 0, 10, 10, 20, 20, 30, 30), classes: Int32Array.of(0, 1) },
      },
    ]);
    expect(result.ap50).toBeCloseTo(0.5, 12);
    expect(result.precision).toBeCloseTo(1 / 3, 12);
    expect(result.recall).toBe(0.5);
  });

  it('merges images by score and caps detections per image and class', () => {
    const image = (score: number): EvalImage => ({
      detections: { boxes: F.of(0, 0, 10, 10, 50, 50, 60, 60), scores: F.of(score, score + 0.05) },
      groundTruth: gt(0, 0, 10, 10),
    });
    // Image A: FP 0.95, TP 0.9; image B: FP 0.65, TP 0.6. Merged: FP, TP, FP, TP → p = [0, ½, ⅓, ½], r = [0, ½, ½, 1].
    // Envelope [½, ½, ½, ½] → AP = ½.
    expect(evaluate([image(0.9), image(0.6)]).ap50).toBeCloseTo(0.5, 12);
    // With one detection per image and class only the FPs (higher scores) count.
    expect(evaluate([image(0.9), image(0.6)], { maxDetections: 1 }).ap50).toBe(0);
  });

  it('refuses malformed input with typed errors', () => {
    expect(() => evaluate([{ detections: { boxes: F.of(0, 0, 1), scores: F.of(1) }, groundTruth: gt() }])).toThrow(LabError);
    expect(() => evaluate([{ detections: { boxes: F.of(0, 0, 1, 1), scores: F.of(1) }, groundTruth: gt(0, 0, 1) }])).toThrow(LabError);
    expect(() => evaluate([], { iouThresholds: [1.5] })).toThrow(LabError);
    expect(evaluate([]).map).toBe(0);
  });
});
