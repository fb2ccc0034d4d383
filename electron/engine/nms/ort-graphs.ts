/**
 * ONNX graph specs for NMS, built with encodeModel (no opaque binaries).
 * Specs only: onnx-nms.ts runs them through the engine runtime.
 */
import type { GraphSpec } from '../runtime/onnx-graph.js';

/**
 * One NonMaxSuppression node (ai.onnx opset ≥ 11), the reference our greedy
 * and batched NMS are compared with in tests and benchmarks.
 *   boxes [1, N, 4] float32, scores [1, C, N] float32,
 *   max_output_boxes_per_class [1] int64, iou_threshold [1] float32,
 *   score_threshold [1] float32 → selected_indices [K, 3] int64 (batch, class, box)
 * center_point_box = 0: boxes are two diagonal corners. The spec says
 * [y1, x1, y2, x2]; IoU is symmetric in x and y, so xyxy gives the same
 * selection. onnxruntime's CPU kernel (non_max_suppression.cc) suppresses
 * when IoU > iou_threshold, keeps boxes with score > score_threshold, pops
 * candidates from a score-ordered priority queue (ties in no defined order),
 * stops a class after max_output_boxes_per_class, and returns nothing when
 * that is 0. It computes IoU in float32.
 *
 * @example encodeModel(nonMaxSuppressionSpec()) // → Uint8Array (a ~200-byte model)
 */
export function nonMaxSuppressionSpec(): GraphSpec {
  return {
    name: 'aigc-lab-nms-reference',
    opset: 17,
    inputs: [
      { name: 'boxes', type: 'float32', shape: [1, 'N', 4] },
      { name: 'scores', type: 'float32', shape: [1, 'C', 'N'] },
      { name: 'max_output_boxes_per_class', type: 'int64', shape: [1] },
      { name: 'iou_threshold', type: 'float32', shape: [1] },
      { name: 'score_threshold', type: 'float32', shape: [1] },
    ],
    outputs: [{ name: 'selected_indices', type: 'int64', shape: ['K', 3] }],
    initializers: [],
    nodes: [
      {
        op: 'NonMaxSuppression',
        inputs: ['boxes', 'scores', 'max_output_boxes_per_class', 'iou_threshold', 'score_threshold'],
        outputs: ['selected_indices'],
        attributes: { center_point_box: 0 },
      },
    ],
  };
}
