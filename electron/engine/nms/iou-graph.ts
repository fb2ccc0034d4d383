/**
 * The batched IoU matrix as an ONNX graph: every pair of two box sets at
 * once, by broadcasting a column of boxes [N, 1] against a row [1, M] — the
 * shape of torchvision's `box_iou` and the first step of Fast and Matrix NMS
 * on a GPU. Built with encodeModel from standard opset-17 operators only
 * (Split, Transpose, Min, Max, Sub, Add, Relu, Mul, Div), with dynamic N and
 * M, so any execution provider (CPU, CUDA, DirectML, CoreML, WebGPU) can run
 * it; nothing here is specific to one.
 *
 * For boxes a_i and b_j (xyxy) and the pixel offset o (0, or 1 for the legacy
 * convention; iou.ts):
 *   w_ij  = max(0, min(x2_i, x2_j) − max(x1_i, x1_j) + o)        (Relu)
 *   h_ij  = max(0, min(y2_i, y2_j) − max(y1_i, y1_j) + o)
 *   I_ij  = w_ij · h_ij
 *   U_ij  = area_i + area_j − I_ij,  area = (x2 − x1 + o)(y2 − y1 + o)
 *   IoU_ij = I_ij / max(U_ij, FLT_MIN)
 * The max with FLT_MIN only matters for 0/0 (two boxes of zero area, or
 * none overlapping with both areas 0), which iou.ts defines as 0: with
 * I_ij = 0 the quotient is 0, and whenever I_ij > 0, U_ij ≥ I_ij > 0.
 * Arithmetic is float32 (the GPU's type), iou.ts's float64; on the same
 * float32 coordinates they agree within a few float32 ulps (≤ 1e-6, tested).
 */
import type { GraphSpec, NodeSpec } from '../runtime/onnx-graph.js';

/** The smallest normal float32: the floor of U_ij that turns 0/0 into 0. */
const FLT_MIN = 1.1754943508222875e-38;

/** Names of the IoU sub-graph's tensors, so Fast and Matrix NMS can append to it. */
export interface IouNodes {
  nodes: NodeSpec[];
  initializers: GraphSpec['initializers'];
  /** The [N, M] IoU matrix. */
  output: string;
}

/**
 * Nodes computing IoU_ij between `a` [N, 4] and `b` [M, 4] (the same name for
 * a box set with itself), both xyxy, with the pixel offset `offset` ([1] float32).
 *
 * @example iouNodes('boxes', 'boxes', 'offset').output // → 'iou'
 */
export function iouNodes(a: string, b: string, offset: string): IouNodes {
  // Columns of a: four [N, 1] tensors. Rows of b: transpose to [4, M], split into four [1, M].
  const [ax1, ay1, ax2, ay2] = ['a_x1', 'a_y1', 'a_x2', 'a_y2'];
  const [bx1, by1, bx2, by2] = ['b_x1', 'b_y1', 'b_x2', 'b_y2'];
  const nodes: NodeSpec[] = [
    { op: 'Split', inputs: [a], outputs: [ax1, ay1, ax2, ay2], attributes: { axis: 1 } },
    { op: 'Transpose', inputs: [b], outputs: ['b_t'], attributes: { perm: [1, 0] } },
    { op: 'Split', inputs: ['b_t'], outputs: [bx1, by1, bx2, by2], attributes: { axis: 0 } },
    // Intersection: w_ij, h_ij (broadcast [N, 1] against [1, M]).
    { op: 'Min', inputs: [ax2, bx2], outputs: ['ix2'] },
    { op: 'Max', inputs: [ax1, bx1], outputs: ['ix1'] },
    { op: 'Sub', inputs: ['ix2', 'ix1'], outputs: ['iw_raw'] },
    { op: 'Add', inputs: ['iw_raw', offset], outputs: ['iw_off'] },
    { op: 'Relu', inputs: ['iw_off'], outputs: ['w'] },
    { op: 'Min', inputs: [ay2, by2], outputs: ['iy2'] },
    { op: 'Max', inputs: [ay1, by1], outputs: ['iy1'] },
    { op: 'Sub', inputs: ['iy2', 'iy1'], outputs: ['ih_raw'] },
    { op: 'Add', inputs: ['ih_raw', offset], outputs: ['ih_off'] },
    { op: 'Relu', inputs: ['ih_off'], outputs: ['h'] },
    { op: 'Mul', inputs: ['w', 'h'], outputs: ['I'] },
    // Areas: [N, 1] and [1, M].
    ...areaNodes('a', ax1, ay1, ax2, ay2, offset),
    ...areaNodes('b', bx1, by1, bx2, by2, offset),
    { op: 'Add', inputs: ['area_a', 'area_b'], outputs: ['area_sum'] },
    { op: 'Sub', inputs: ['area_sum', 'I'], outputs: ['U'] },
    { op: 'Max', inputs: ['U', 'flt_min'], outputs: ['U_safe'] },
    { op: 'Div', inputs: ['I', 'U_safe'], outputs: ['iou'] },
  ];
  return { nodes, initializers: [{ name: 'flt_min', dims: [], data: Float32Array.of(FLT_MIN) }], output: 'iou' };
}

function areaNodes(set: string, x1: string, y1: string, x2: string, y2: string, offset: string): NodeSpec[] {
  return [
    { op: 'Sub', inputs: [x2, x1], outputs: [`${set}_w_raw`] },
    { op: 'Add', inputs: [`${set}_w_raw`, offset], outputs: [`${set}_w`] },
    { op: 'Sub', inputs: [y2, y1], outputs: [`${set}_h_raw`] },
    { op: 'Add', inputs: [`${set}_h_raw`, offset], outputs: [`${set}_h`] },
    { op: 'Mul', inputs: [`${set}_w`, `${set}_h`], outputs: [`area_${set}`] },
  ];
}

/**
 * The stand-alone IoU matrix: boxes_a [N, 4], boxes_b [M, 4], offset [1] → iou [N, M].
 *
 * @example encodeModel(iouMatrixSpec()) // → Uint8Array; run with N = 2, M = 2 on
 * // a = b = [[0, 0, 2, 2], [1, 0, 3, 2]] → iou [[1, ⅓], [⅓, 1]]
 */
export function iouMatrixSpec(): GraphSpec {
  const iou = iouNodes('boxes_a', 'boxes_b', 'offset');
  return {
    name: 'aigc-lab-iou-matrix',
    opset: 17,
    inputs: [
      { name: 'boxes_a', type: 'float32', shape: ['N', 4] },
      { name: 'boxes_b', type: 'float32', shape: ['M', 4] },
      { name: 'offset', type: 'float32', shape: [1] },
    ],
    outputs: [{ name: iou.output, type: 'float32', shape: ['N', 'M'] }],
    initializers: iou.initializers,
    nodes: iou.nodes,
  };
}
