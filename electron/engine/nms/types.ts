/**
 * The types every NMS variant shares: one input shape, one result shape, one
 * trace shape. Each variant lives in its own file with the signature
 *
 *   (input: NmsInput, options?: Partial<XOptions>) => NmsResult
 *
 * and no base class: the shared steps (validation, ranking, output assembly)
 * are plain functions in stages.ts, the overlap maths in iou.ts.
 */

import type { NmsInput, NmsMethodName, NmsResult } from '../../common/nms.js';

export { NMS_METHOD_NAMES } from '../../common/nms.js';
export type { NmsFate, NmsInput, NmsMethodName, NmsOverlap, NmsResult, NmsRound, NmsStats } from '../../common/nms.js';

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
