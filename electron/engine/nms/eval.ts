/**
 * Detection quality against ground truth, COCO style, so the lessons can put
 * a number on each NMS variant: precision and recall at IoU 0.5, AP@0.5,
 * AP@0.75 and mAP@[.5:.95].
 *
 * The protocol follows pycocotools' COCOeval (bbox, all areas, no crowd
 * regions):
 *   - per image and class, at most `maxDetections` (100) highest-scoring
 *     detections take part;
 *   - at each IoU threshold t ∈ {0.50, 0.55, …, 0.95}, detections are visited
 *     in descending score and each matches the still-unmatched ground-truth
 *     box of its class with the highest IoU, provided IoU ≥ t (a matched
 *     detection is a true positive, any other a false positive);
 *   - per class, the detections of all images are merged by descending score
 *     (stable), precision/recall curves are accumulated, the precision is made
 *     monotone (p_i ← max_{j ≥ i} p_j) and sampled at the 101 recall points
 *     0, 0.01, …, 1 (the first point whose recall reaches r; 0 past the end);
 *     AP is their mean;
 *   - a class without ground truth is left out of the mean; AP over classes
 *     is their mean; mAP is the mean over the ten thresholds.
 * IoU uses offset 0 (COCO's continuous convention).
 */
import { LabError } from '../../common/errors.js';
import type { NmsEvaluation, NmsThresholdMetrics } from '../../common/nms.js';
import { validateBoxes } from './boxes.js';
import { iouAt } from './iou.js';

export interface EvalImage {
  /** Detections: N×4 xyxy, N scores, optional N classes (default all 0). */
  detections: { boxes: Float32Array; scores: Float32Array; classes?: Int32Array };
  /** Ground truth: G×4 xyxy, optional G classes (default all 0). */
  groundTruth: { boxes: Float32Array; classes?: Int32Array };
}

export interface EvalOptions {
  /** IoU thresholds of the mAP; default 0.50:0.05:0.95 (COCO). */
  iouThresholds?: readonly number[];
  /** Detections per image and class considered; default 100 (COCO's maxDets for AP). */
  maxDetections?: number;
}

/** numpy.linspace(start, stop, num) bit for bit (k·step + start, the last point exactly stop), as pycocotools builds its grids. */
function linspace(start: number, stop: number, num: number): number[] {
  const step = (stop - start) / (num - 1);
  return Array.from({ length: num }, (_, k) => (k === num - 1 ? stop : k * step + start));
}

/** COCO's IoU thresholds 0.50:0.05:0.95 (pycocotools' iouThrs; its 0.9 is 0.8999999999999999, here too). */
export const COCO_IOU_THRESHOLDS: readonly number[] = linspace(0.5, 0.95, 10);
/** COCO's 101 recall points (recThrs). */
const RECALL_THRESHOLDS: readonly number[] = linspace(0, 1, 101);

/**
 * Average precision of one precision/recall curve with COCO's 101-point interpolation.
 *
 * @example averagePrecision101([1, 0.5], [0.5, 0.5]) // → 0.504950…  (precision 1 at recall ≤ 0.5: 51 of 101 points)
 */
export function averagePrecision101(precision: readonly number[], recall: readonly number[]): number {
  const n = precision.length;
  // Monotone envelope: p_i ← max_{j ≥ i} p_j.
  const envelope = precision.slice();
  for (let i = n - 2; i >= 0; i--) envelope[i] = Math.max(envelope[i]!, envelope[i + 1]!);
  let sum = 0;
  let i = 0;
  for (const r of RECALL_THRESHOLDS) {
    while (i < n && recall[i]! < r) i++; // numpy.searchsorted(recall, r, side='left')
    if (i >= n) break;
    sum += envelope[i]!;
  }
  return sum / RECALL_THRESHOLDS.length;
}

interface Candidate {
  image: number;
  det: number;
  score: number;
}

/**
 * Evaluates detections of one or more images against their ground truth.
 *
 * @example evaluate([{ detections: { boxes: Float32Array.of(0, 0, 10, 10), scores: Float32Array.of(0.9) },
 *                      groundTruth: { boxes: Float32Array.of(0, 0, 10, 10) } }])
 * // → { precision: 1, recall: 1, ap50: 1, ap75: 1, map: 1, … }
 */
export function evaluate(images: readonly EvalImage[], options: EvalOptions = {}): NmsEvaluation {
  const thresholds = options.iouThresholds ?? COCO_IOU_THRESHOLDS;
  const maxDetections = options.maxDetections ?? 100;
  if (!thresholds.every((t) => t >= 0 && t <= 1) || thresholds.length === 0) {
    throw new LabError('validation', {
      messageKey: 'error.nms.badOption',
      params: { method: 'eval', option: 'iouThresholds', value: String(thresholds), expected: 'numbers in [0, 1]' },
    });
  }
  // Validate and index every image by class.
  const classesOf = (classes: Int32Array | undefined, count: number): Int32Array => classes ?? new Int32Array(count);
  const allClasses = new Set<number>();
  const perImage = images.map((image, imageIndex) => {
    const D = validateBoxes(image.detections.boxes, image.detections.scores, 'real');
    const G = image.groundTruth.boxes.length / 4;
    if (!Number.isInteger(G))
      throw new LabError('validation', { messageKey: 'error.nms.boxesShape', params: { length: image.groundTruth.boxes.length, image: imageIndex } });
    validateBoxes(image.groundTruth.boxes, new Float32Array(G), 'real');
    const detClasses = classesOf(image.detections.classes, D);
    const gtClasses = classesOf(image.groundTruth.classes, G);
    if (detClasses.length !== D || gtClasses.length !== G) {
      throw new LabError('validation', {
        messageKey: 'error.nms.lengthMismatch',
        params: {
          field: 'classes',
          expected: detClasses.length !== D ? D : G,
          actual: detClasses.length !== D ? detClasses.length : gtClasses.length,
        },
      });
    }
    detClasses.forEach((c) => allClasses.add(c));
    gtClasses.forEach((c) => allClasses.add(c));
    return { image, D, G, detClasses, gtClasses };
  });

  const perThreshold: NmsThresholdMetrics[] = thresholds.map((iou) => ({ iou, ap: 0, precision: 0, recall: 0, truePositives: 0, falsePositives: 0 }));
  const apSums = new Float64Array(thresholds.length);
  let classesWithGt = 0;
  let groundTruthCount = 0;
  let detectionCount = 0;

  for (const cls of [...allClasses].sort((a, b) => a - b)) {
    let gtTotal = 0;
    const candidates: Candidate[] = [];
    // matched[t][image] → for each considered detection (in per-image order), matched or not.
    const isTp: Uint8Array[][] = thresholds.map(() => []);
    for (let imageIndex = 0; imageIndex < perImage.length; imageIndex++) {
      const { image, D, G, detClasses, gtClasses } = perImage[imageIndex]!;
      const gts = Array.from({ length: G }, (_, g) => g).filter((g) => gtClasses[g] === cls);
      gtTotal += gts.length;
      // This image's detections of this class, best first (stable), capped at maxDetections.
      const dets = Array.from({ length: D }, (_, d) => d)
        .filter((d) => detClasses[d] === cls)
        .sort((a, b) => image.detections.scores[b]! - image.detections.scores[a]!)
        .slice(0, maxDetections);
      for (let t = 0; t < thresholds.length; t++) {
        const used = new Uint8Array(gts.length);
        const tp = new Uint8Array(dets.length);
        const threshold = Math.min(thresholds[t]!, 1 - 1e-10);
        dets.forEach((d, k) => {
          // Best still-unmatched ground truth with IoU ≥ t (pycocotools keeps the last of equal IoUs).
          let best = -1;
          let bestIou = threshold;
          gts.forEach((g, j) => {
            if (used[j]) return;
            const value = iouAt(image.detections.boxes, d, image.groundTruth.boxes, g, 0);
            if (value < bestIou) return;
            bestIou = value;
            best = j;
          });
          if (best >= 0) {
            used[best] = 1;
            tp[k] = 1;
          }
        });
        isTp[t]![imageIndex] = tp;
      }
      dets.forEach((d, k) => candidates.push({ image: imageIndex, det: k, score: image.detections.scores[d]! }));
    }
    groundTruthCount += gtTotal;
    detectionCount += candidates.length;
    // Merge all images by descending score; Array.prototype.sort is stable (pycocotools' mergesort).
    candidates.sort((a, b) => b.score - a.score);
    for (let t = 0; t < thresholds.length; t++) {
      const precision: number[] = [];
      const recall: number[] = [];
      let tps = 0;
      let fps = 0;
      for (const c of candidates) {
        if (isTp[t]![c.image]![c.det]) tps++;
        else fps++;
        precision.push(tps / (tps + fps));
        recall.push(gtTotal > 0 ? tps / gtTotal : 0);
      }
      perThreshold[t]!.truePositives += tps;
      perThreshold[t]!.falsePositives += fps;
      if (gtTotal > 0) apSums[t]! += averagePrecision101(precision, recall);
    }
    if (gtTotal > 0) classesWithGt++;
  }

  for (let t = 0; t < thresholds.length; t++) {
    const row = perThreshold[t]!;
    row.ap = classesWithGt > 0 ? apSums[t]! / classesWithGt : 0;
    row.precision = row.truePositives + row.falsePositives > 0 ? row.truePositives / (row.truePositives + row.falsePositives) : 0;
    row.recall = groundTruthCount > 0 ? row.truePositives / groundTruthCount : 0;
  }
  const at = (iou: number): NmsThresholdMetrics | undefined => perThreshold.find((row) => Math.abs(row.iou - iou) < 1e-9);
  const first = at(0.5) ?? perThreshold[0]!;
  return {
    precision: first.precision,
    recall: first.recall,
    ap50: at(0.5)?.ap ?? Number.NaN,
    ap75: at(0.75)?.ap ?? Number.NaN,
    map: perThreshold.reduce((sum, row) => sum + row.ap, 0) / perThreshold.length,
    groundTruthCount,
    detectionCount,
    perThreshold,
  };
}
