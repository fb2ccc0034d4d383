/**
 * The NMS registry: method name → function, option defaults, the input
 * fields it needs, and its score domain. The CLI (`lab nms --method …`), the
 * lessons and the contract test all go through this table.
 */
import { adaptive, adaptiveSpec, type AdaptiveOptions } from './adaptive.js';
import { batched, batchedSpec, type BatchedOptions } from './batched.js';
import { diou, diouSpec, type DiouOptions } from './diou.js';
import { fast, fastSpec, type FastOptions } from './fast.js';
import { greedy, greedySpec, type GreedyOptions } from './greedy.js';
import { iouGuided, iouGuidedSpec, type IouGuidedOptions } from './iou-guided.js';
import { matrix, matrixSpec, type MatrixOptions } from './matrix.js';
import { softGaussian, softGaussianSpec, type SoftGaussianOptions } from './soft-gaussian.js';
import { softLinear, softLinearSpec, type SoftLinearOptions } from './soft-linear.js';
import { softer, softerSpec, type SofterOptions } from './softer.js';
import { LabError } from '../../common/errors.js';
import type { NmsCommonOptions, NmsFunction, NmsInput, NmsMethodName, NmsMethodSpec, NmsResult } from './types.js';
import { weighted, weightedSpec, type WeightedOptions } from './weighted.js';

export interface NmsOptionsByMethod {
  greedy: GreedyOptions;
  batched: BatchedOptions;
  'soft-linear': SoftLinearOptions;
  'soft-gaussian': SoftGaussianOptions;
  weighted: WeightedOptions;
  'iou-guided': IouGuidedOptions;
  softer: SofterOptions;
  adaptive: AdaptiveOptions;
  diou: DiouOptions;
  fast: FastOptions;
  matrix: MatrixOptions;
}

export interface NmsMethodEntry<O extends NmsCommonOptions> extends NmsMethodSpec<O> {
  run: NmsFunction<O>;
}

export const NMS_METHODS: { readonly [K in NmsMethodName]: NmsMethodEntry<NmsOptionsByMethod[K]> } = {
  greedy: { ...greedySpec, run: greedy },
  batched: { ...batchedSpec, run: batched },
  'soft-linear': { ...softLinearSpec, run: softLinear },
  'soft-gaussian': { ...softGaussianSpec, run: softGaussian },
  weighted: { ...weightedSpec, run: weighted },
  'iou-guided': { ...iouGuidedSpec, run: iouGuided },
  softer: { ...softerSpec, run: softer },
  adaptive: { ...adaptiveSpec, run: adaptive },
  diou: { ...diouSpec, run: diou },
  fast: { ...fastSpec, run: fast },
  matrix: { ...matrixSpec, run: matrix },
};

/**
 * Runs a variant by name.
 *
 * @example runNms('greedy', { boxes: Float32Array.of(0, 0, 10, 10, 1, 0, 11, 10), scores: Float32Array.of(0.9, 0.8) }, { N_t: 0.5 }).keep
 * // → Int32Array [0]
 */
export function runNms<K extends NmsMethodName>(method: K, input: NmsInput, options?: Partial<NmsOptionsByMethod[K]>): NmsResult {
  if (!Object.hasOwn(NMS_METHODS, method)) {
    throw new LabError('validation', {
      messageKey: 'error.nms.unknownMethod',
      params: { method: String(method), known: Object.keys(NMS_METHODS).join(', ') },
      detail: `unknown NMS method "${String(method)}"; known: ${Object.keys(NMS_METHODS).join(', ')}`,
    });
  }
  const entry = NMS_METHODS[method] as NmsMethodEntry<NmsOptionsByMethod[K]>;
  return entry.run(input, options);
}

export { NMS_METHOD_NAMES } from './types.js';
export type { NmsInput, NmsMethodName, NmsResult, NmsRound, NmsFate } from './types.js';
