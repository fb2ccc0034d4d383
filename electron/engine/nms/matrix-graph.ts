/**
 * Matrix NMS (Wang et al., SOLOv2, NeurIPS 2020, Eq. 4) as an ONNX graph —
 * the same decays as matrix.ts, all from one matrix:
 *
 *   X       = triu(IoU(B, B) ⊙ [label_i = label_j], diagonal excluded)   B score-sorted
 *   comp_i  = max_k X_ki                                  (column max, as a column [N, 1])
 *   decay_j = min(1, min_i f(X_ij) / f(comp_i))           (ReduceMin over axis 0)
 *   s_j    ← s_j · decay_j;  keep_j = s_j ≥ update_threshold
 *
 *   gaussian: f(X_ij)/f(comp_i) = exp(−σ · (X_ij² − comp_i²))   (one exponential, as matrix.ts)
 *   linear:   f(X_ij)/f(comp_i) = (1 − X_ij)/(1 − comp_i), and +∞ where comp_i = 1
 *
 * Entries with X_ij = 0 (the lower triangle, other classes, boxes that do not
 * touch) give f(0)/f(comp_i) ≥ 1, so the min with 1 makes them no
 * constraint — exactly matrix.ts, which skips them. The linear kernel's
 * comp_i = 1 row would divide by zero; Where picks +∞ there (no constraint),
 * also as matrix.ts. Labels are dense class ids as float32 (exact below 2^24;
 * onnx-variants.ts compacts the ids), all 0 for class-agnostic NMS.
 *
 * Inputs: boxes [N, 4] float32 (sorted by descending score), scores [N], labels [N],
 * offset [1], sigma [1] (Gaussian only), update_threshold [1].
 * Outputs: keep [N] bool, decayed_scores [N] float32.
 */
import type { GraphSpec, NodeSpec } from '../runtime/onnx-graph.js';
import { iouNodes } from './iou-graph.js';
import type { MatrixKernel } from './matrix.js';

/** @example encodeModel(matrixNmsSpec('gaussian')) // → Uint8Array (a ~1.5 kB model) */
export function matrixNmsSpec(kernel: MatrixKernel): GraphSpec {
  const iou = iouNodes('boxes', 'boxes', 'offset');
  const ratio: NodeSpec[] =
    kernel === 'gaussian'
      ? [
          { op: 'Mul', inputs: ['X', 'X'], outputs: ['X_sq'] },
          { op: 'Mul', inputs: ['comp_col', 'comp_col'], outputs: ['comp_sq'] },
          { op: 'Sub', inputs: ['X_sq', 'comp_sq'], outputs: ['sq_diff'] },
          { op: 'Neg', inputs: ['sigma'], outputs: ['neg_sigma'] },
          { op: 'Mul', inputs: ['neg_sigma', 'sq_diff'], outputs: ['exponent'] },
          { op: 'Exp', inputs: ['exponent'], outputs: ['ratio'] },
        ]
      : [
          { op: 'Sub', inputs: ['one', 'X'], outputs: ['f_X'] },
          { op: 'Sub', inputs: ['one', 'comp_col'], outputs: ['f_comp'] },
          { op: 'Div', inputs: ['f_X', 'f_comp'], outputs: ['ratio_raw'] },
          { op: 'Less', inputs: ['comp_col', 'one'], outputs: ['comp_below_one'] },
          { op: 'Where', inputs: ['comp_below_one', 'ratio_raw', 'infinity'], outputs: ['ratio'] },
        ];
  return {
    name: `aigc-lab-matrix-nms-${kernel}`,
    opset: 17,
    inputs: [
      { name: 'boxes', type: 'float32', shape: ['N', 4] },
      { name: 'scores', type: 'float32', shape: ['N'] },
      { name: 'labels', type: 'float32', shape: ['N'] },
      { name: 'offset', type: 'float32', shape: [1] },
      ...(kernel === 'gaussian' ? [{ name: 'sigma', type: 'float32' as const, shape: [1] }] : []),
      { name: 'update_threshold', type: 'float32', shape: [1] },
    ],
    outputs: [
      { name: 'keep', type: 'bool', shape: ['N'] },
      { name: 'decayed_scores', type: 'float32', shape: ['N'] },
    ],
    initializers: [
      ...iou.initializers,
      { name: 'diagonal_above', dims: [], data: BigInt64Array.of(1n) },
      { name: 'zero', dims: [], data: Float32Array.of(0) },
      { name: 'one', dims: [], data: Float32Array.of(1) },
      // Only the linear kernel's Where reads +∞; an unused initializer would make onnxruntime warn.
      ...(kernel === 'linear' ? [{ name: 'infinity', dims: [], data: Float32Array.of(Infinity) }] : []),
      { name: 'axis_0', dims: [1], data: BigInt64Array.of(0n) },
      { name: 'axis_1', dims: [1], data: BigInt64Array.of(1n) },
    ],
    nodes: [
      ...iou.nodes,
      // The label matrix: only boxes of the same class decay each other.
      { op: 'Unsqueeze', inputs: ['labels', 'axis_1'], outputs: ['labels_col'] },
      { op: 'Unsqueeze', inputs: ['labels', 'axis_0'], outputs: ['labels_row'] },
      { op: 'Equal', inputs: ['labels_col', 'labels_row'], outputs: ['same_label'] },
      { op: 'Where', inputs: ['same_label', iou.output, 'zero'], outputs: ['iou_same'] },
      { op: 'Trilu', inputs: ['iou_same', 'diagonal_above'], outputs: ['X'], attributes: { upper: 1 } },
      // comp_i: how much box i is itself suppressed, as a column so row i divides by f(comp_i).
      { op: 'ReduceMax', inputs: ['X'], outputs: ['comp'], attributes: { axes: [0], keepdims: 0 } },
      { op: 'Unsqueeze', inputs: ['comp', 'axis_1'], outputs: ['comp_col'] },
      ...ratio,
      { op: 'ReduceMin', inputs: ['ratio'], outputs: ['column_min'], attributes: { axes: [0], keepdims: 0 } },
      { op: 'Min', inputs: ['column_min', 'one'], outputs: ['decay'] },
      { op: 'Mul', inputs: ['scores', 'decay'], outputs: ['decayed_scores'] },
      { op: 'GreaterOrEqual', inputs: ['decayed_scores', 'update_threshold'], outputs: ['keep'] },
    ],
  };
}
