/**
 * The types every NMS variant shares: one input shape, one result shape, one
 * trace shape. Each variant lives in its own file with the signature
 *
 *   (input: NmsInput, options?: Partial<XOptions>) => NmsResult
 *
 * and no base class: the shared steps (validation, ranking, output assembly)
 * are plain functions in stages.ts, the overlap maths in iou.ts.
 */

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

/** Which optional input fields a variant needs. */
export type NmsInputField = 'classes' | 'predictedIous' | 'variances' | 'densities';

/**
 * Options every variant accepts. The pre-stages run in this order:
 * validation → score pre-filter → top-k → the algorithm → maxOutput.
 */
export interface NmsCommonOptions {
  /** 0 (default): width = x2 − x1. 1: the legacy pixel convention, width = x2 − x1 + 1. */
  offset: 0 | 1;
  /** Drop candidates with score ≤ scoreThreshold before NMS (strict, as onnxruntime's operator; compared in float32 like the scores). −∞ keeps all. */
  scoreThreshold: number;
  /** Keep only the topK highest-scoring candidates (after the pre-filter) before NMS; Infinity keeps all. */
  topK: number;
  /** Return at most this many boxes (the first maxOutput in output order); Infinity returns all. */
  maxOutput: number;
  /** Record one NmsRound per round (costs memory; refused above TRACE_MAX_CANDIDATES candidates). */
  trace: boolean;
  /** Wall-clock budget in ms; past it the variant stops with a typed error instead of running on. */
  budgetMs: number;
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

/** Scores any finite real (ranking only), or probabilities in [0, 1] (variants that multiply or average by score). */
export type ScoreDomain = 'real' | 'probability';

/** What the registry and the shared stages know about a variant. */
export interface NmsMethodSpec<O extends NmsCommonOptions> {
  name: NmsMethodName;
  defaults: O;
  requires: readonly NmsInputField[];
  scoreDomain: ScoreDomain;
}

export type NmsFunction<O extends NmsCommonOptions> = (input: NmsInput, options?: Partial<O>) => NmsResult;
