/**
 * Class-aware ("batched") greedy NMS, torchvision's `batched_nms`: boxes of
 * different classes never suppress each other; within a class it is greedy
 * NMS (greedy.ts) with the same tie and threshold rules.
 *
 * torchvision gets this by shifting each class's boxes by class × (max
 * coordinate + 1) so classes cannot overlap, then running one NMS. The shift
 * is exact only while the shifted coordinates stay exactly representable;
 * in float32 a large shift rounds the boxes and can change an IoU near N_t.
 * We instead run one pass over all classes in a single score order and skip
 * pairs of different classes — the same answer as separate per-class runs,
 * bit for bit, with one sort. Output is in descending score across classes
 * (as torchvision), not grouped by class (as onnxruntime's operator).
 */
import { greedyGrid, greedyTextbook } from './greedy.js';
import { COMMON_DEFAULTS, assemble, checkRange, prepare, resolveOptions } from './stages.js';
import type { NmsCommonOptions, NmsInput, NmsMethodSpec, NmsResult, NmsRound } from './types.js';

export interface BatchedOptions extends NmsCommonOptions {
  /** IoU threshold N_t in [0, 1]: suppress a same-class box when IoU > N_t. */
  N_t: number;
}

export const batchedDefaults: BatchedOptions = { ...COMMON_DEFAULTS, N_t: 0.5 };

export const batchedSpec: NmsMethodSpec<BatchedOptions> = { name: 'batched', defaults: batchedDefaults, requires: ['classes'], scoreDomain: 'real' };

/**
 * @example batched({ boxes: Float32Array.of(0, 0, 10, 10, 1, 0, 11, 10), scores: Float32Array.of(0.9, 0.8), classes: Int32Array.of(0, 1) })
 * // → { keep: Int32Array [0, 1], … }   (IoU ≈ 0.82 but different classes)
 */
export function batched(input: NmsInput, options?: Partial<BatchedOptions>): NmsResult {
  const o = resolveOptions(batchedSpec, options);
  checkRange('batched', 'N_t', o.N_t, 0, 1);
  const { order, deadline, stats } = prepare(batchedSpec, input, o);
  const classes = input.classes!;
  const trace: NmsRound[] | undefined = o.trace ? [] : undefined;
  const selected = trace
    ? greedyTextbook(input.boxes, order, o.N_t, o.offset, classes, o.maxOutput, deadline, stats, trace, input.scores)
    : greedyGrid(input.boxes, order, o.N_t, o.offset, classes, o.maxOutput, deadline, stats);
  const finalScores = new Float64Array(selected.length);
  for (let k = 0; k < selected.length; k++) finalScores[k] = input.scores[selected[k]!]!;
  return assemble(input, selected, finalScores, null, o.maxOutput, stats, trace);
}
