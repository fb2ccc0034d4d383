/**
 * The NMS lab's data on the wire: candidate boxes in, kept boxes and a
 * per-round trace out. Shared by the engine (electron/engine/nms) and, as
 * types, the renderer. Boxes are absolute xyxy in typed arrays (N×4, row-major).
 */
import { z } from 'zod';

export const NMS_METHOD_NAMES = [
  'greedy',
  'batched',
  'soft-linear',
  'soft-gaussian',
  'weighted',
  'iou-guided',
  'softer',
  'adaptive',
  'diou',
  'fast',
  'matrix',
] as const;

export type NmsMethodName = (typeof NMS_METHOD_NAMES)[number];
export const nmsMethodSchema = z.enum(NMS_METHOD_NAMES);

/**
 * Candidate detections. Boxes are absolute xyxy (x1, y1, x2, y2) with x2 ≥ x1
 * and y2 ≥ y1; boxes.ts converts other formats. Optional per-box fields feed
 * the variants that need them; a variant that needs a missing field refuses
 * with a typed error naming it.
 */
export interface NmsInput {
  /** N×4, row-major xyxy. */
  boxes: Float32Array;
  /** N classification scores; the ranking key of every variant except IoU-guided. */
  scores: Float32Array;
  /** N class ids ≥ 0 (batched NMS; Matrix NMS's label matrix). Ignored by class-agnostic variants. */
  classes?: Int32Array;
  /** N predicted localisation IoUs in [0, 1] (IoU-Net's IoU branch); required by `iou-guided`. */
  predictedIous?: Float32Array;
  /** N×4 predicted per-coordinate variances σ² > 0 for (x1, y1, x2, y2); required by `softer`. */
  variances?: Float32Array;
  /** N predicted object densities d in [0, 1] (Adaptive NMS's density subnet); required by `adaptive`. */
  densities?: Float32Array;
}

/** What happened to one neighbour of the chosen box in one round. */
export type NmsFate =
  | { index: number; fate: 'suppressed' }
  | { index: number; fate: 'decayed'; from: number; to: number }
  | { index: number; fate: 'merged'; weight: number }
  | { index: number; fate: 'untouched' };

/** One overlap computed in a round. `criterion` is the value compared with the threshold when it is not the IoU itself (DIoU-NMS). */
export interface NmsOverlap {
  index: number;
  iou: number;
  criterion?: number;
}

/**
 * One round: the box chosen, every non-zero overlap computed against it, and
 * the fate of each of those neighbours. Boxes with zero overlap are untouched
 * by every variant, so they are not listed (that keeps traces O(overlaps)).
 * Parallel variants (Fast, Matrix) report one "round" per row of their IoU
 * matrix, in score order; there the chosen box need not be kept.
 */
export interface NmsRound {
  /** Index into the input. */
  chosen: number;
  /** The chosen box's final score (equal to its score in the result when it is kept). */
  score: number;
  ious: NmsOverlap[];
  fates: NmsFate[];
}

export interface NmsStats {
  /** Candidates left after the score pre-filter and top-k. */
  candidates: number;
  /** Pairwise overlaps evaluated (what spatial pruning saves). */
  overlaps: number;
}

export interface NmsResult {
  /** Indices into the input, in descending final score (ties: earlier selection first). */
  keep: Int32Array;
  /** Final scores of the kept boxes, same order. */
  scores: Float32Array;
  /** Kept boxes (refined by Weighted/Softer NMS), K×4 xyxy, same order. */
  boxes: Float32Array;
  stats: NmsStats;
  trace?: NmsRound[];
}

// ---------------------------------------------------------------------------
// Scenes, evaluation, timing, detection
// ---------------------------------------------------------------------------

/** Knobs of the seeded synthetic scene generator (engine/nms/scenes.ts documents each). */
export const nmsSceneSpecSchema = z
  .object({
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
    width: z.number().int().min(16).max(8192),
    height: z.number().int().min(16).max(8192),
    objects: z.number().int().min(0).max(2000),
    classes: z.number().int().min(1).max(100),
    crowding: z.number().min(0).max(1),
    candidatesPerObject: z.number().min(0).max(200),
    localizationNoise: z.number().min(0).max(1),
    mismatch: z.number().min(0).max(1),
    falsePositives: z.number().int().min(0).max(10_000),
    minSize: z.number().min(0.001).max(1),
    maxSize: z.number().min(0.001).max(1),
  })
  .strict();
export type NmsSceneSpec = z.infer<typeof nmsSceneSpecSchema>;

export interface NmsScene {
  spec: NmsSceneSpec;
  groundTruth: { boxes: Float32Array; classes: Int32Array; densities: Float32Array };
  /** Candidates with every field; `object` is the ground-truth index each came from (−1: false positive), `trueIous` its IoU with it. */
  candidates: Required<NmsInput> & { object: Int32Array; trueIous: Float32Array };
}

export interface NmsThresholdMetrics {
  iou: number;
  ap: number;
  precision: number;
  recall: number;
  truePositives: number;
  falsePositives: number;
}

/** Precision/recall at IoU 0.5, AP@0.5, AP@0.75 and COCO mAP@[.5:.95] (101-point interpolation). */
export interface NmsEvaluation {
  precision: number;
  recall: number;
  ap50: number;
  ap75: number;
  map: number;
  groundTruthCount: number;
  detectionCount: number;
  perThreshold: NmsThresholdMetrics[];
}

/** Where a parallel variant runs: plain TypeScript, or as an ONNX graph on the runtime's execution provider. */
export const NMS_DEVICES = ['typescript', 'onnx'] as const;
export type NmsDevice = (typeof NMS_DEVICES)[number];

export const NMS_TIMING_SCENES = ['uniform', 'clustered'] as const;
export type NmsTimingScene = (typeof NMS_TIMING_SCENES)[number];

/** Why a timing point was not measured: its predicted time is over the job's per-point budget, or its ONNX graph would be too large. */
export const NMS_TIMING_SKIP_REASONS = ['budget', 'tooLarge'] as const;
export type NmsTimingSkipReason = (typeof NMS_TIMING_SKIP_REASONS)[number];

export interface NmsTimingPoint {
  method: NmsMethodName;
  device: NmsDevice;
  /** The execution provider for device 'onnx' ('cpu', 'cuda', …); null for TypeScript. */
  provider: string | null;
  scene: NmsTimingScene;
  boxes: number;
  /** Median wall time in milliseconds; null when the point was skipped. */
  ms: number | null;
  /** Boxes kept (0 for a skipped point). */
  kept: number;
  /** Runs the median is over: the requested repeats, fewer when the budget allowed fewer, 0 when skipped. */
  repeats?: number;
  /** Present when the point was not measured (ms is null); messageKey/params say why in the learner's language. */
  skipped?: { reason: NmsTimingSkipReason; predictedMs: number | null; messageKey: string; params: Record<string, string | number> };
}

/** Raw candidates of a detector on one image, in the image's own pixel coordinates (xyxy). */
export interface NmsDetections {
  imageWidth: number;
  imageHeight: number;
  boxes: Float32Array;
  scores: Float32Array;
  classes: Int32Array;
  /** Class names when the model or the caller supplied them; otherwise "class 0", … */
  classNames: string[];
  /** The model family the decoder recognised from the output shape. */
  layout: 'yolov5' | 'yolov8';
  provider: string;
}

// ---------------------------------------------------------------------------
// Schemas for the API (api.ts)
// ---------------------------------------------------------------------------

/** 1,000,000 boxes is the most any NMS call accepts (engine/nms/boxes.ts MAX_BOXES). */
const MAX_VALUES = 4_000_000;

const float32s = z.instanceof(Float32Array).refine((a) => a.length <= MAX_VALUES, 'too many values');
const int32s = z.instanceof(Int32Array).refine((a) => a.length <= MAX_VALUES, 'too many values');

export const nmsInputSchema = z
  .object({
    boxes: float32s,
    scores: float32s,
    classes: int32s.optional(),
    predictedIous: float32s.optional(),
    variances: float32s.optional(),
    densities: float32s.optional(),
  })
  .strict();

/** A variant's options by name (N_t, sigma, beta, …); each variant validates its own and names a bad one. */
export const nmsOptionsSchema = z.record(z.string().max(40), z.union([z.number(), z.boolean(), z.string().max(40)]));
