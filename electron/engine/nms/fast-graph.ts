/**
 * Fast NMS (Bolya et al., YOLACT, ICCV 2019, §3.4) as an ONNX graph — the
 * same decisions as fast.ts, as one matrix and one column max:
 *
 *   X   = triu(IoU(B, B), diagonal excluded)      B score-sorted, best first
 *   K_j = max_i X_ij                              (ReduceMax over axis 0)
 *   keep_j = K_j ≤ N_t                            (LessOrEqual: keep-at-threshold)
 *
 * The boxes arrive already sorted by descending score (onnx-variants.ts sorts
 * them in TypeScript with the same tie rule as every other variant, so the
 * graph needs no TopK and its kept set is the TypeScript one). triu is the
 * standard Trilu operator (upper = 1, k = 1), as YOLACT's `iou.triu_(diagonal=1)`.
 *
 * Inputs: boxes [N, 4] float32 (sorted), offset [1], N_t [1].
 * Outputs: keep [N] bool, K [N] float32 (each box's largest IoU with a better box).
 */
import type { GraphSpec } from '../runtime/onnx-graph.js';
import { iouNodes } from './iou-graph.js';

/** @example encodeModel(fastNmsSpec()) // → Uint8Array (a ~1 kB model) */
export function fastNmsSpec(): GraphSpec {
  const iou = iouNodes('boxes', 'boxes', 'offset');
  return {
    name: 'aigc-lab-fast-nms',
    opset: 17,
    inputs: [
      { name: 'boxes', type: 'float32', shape: ['N', 4] },
      { name: 'offset', type: 'float32', shape: [1] },
      { name: 'N_t', type: 'float32', shape: [1] },
    ],
    outputs: [
      { name: 'keep', type: 'bool', shape: ['N'] },
      { name: 'K', type: 'float32', shape: ['N'] },
    ],
    initializers: [...iou.initializers, { name: 'diagonal_above', dims: [], data: BigInt64Array.of(1n) }],
    nodes: [
      ...iou.nodes,
      { op: 'Trilu', inputs: [iou.output, 'diagonal_above'], outputs: ['X'], attributes: { upper: 1 } },
      { op: 'ReduceMax', inputs: ['X'], outputs: ['K'], attributes: { axes: [0], keepdims: 0 } },
      { op: 'LessOrEqual', inputs: ['K', 'N_t'], outputs: ['keep'] },
    ],
  };
}
