/**
 * The parallel NMS variants on the engine runtime: Fast NMS and Matrix NMS
 * as ONNX graphs (fast-graph.ts, matrix-graph.ts) run on the execution
 * provider the runtime chose — the GPU where there is one, the CPU here —
 * plus the batched IoU matrix on its own (iou-graph.ts).
 *
 * The split between TypeScript and the graph:
 *   TypeScript  validation, score pre-filter, ranking and top-k (stages.ts's
 *               `prepare`, the same code every variant runs), gathering the
 *               boxes in score order, and assembling the result;
 *   graph       the O(M²) part: the IoU matrix of the M ranked candidates,
 *               its upper triangle, the column max / decays and the keep mask.
 * Ranking stays in TypeScript on purpose: it is O(M) (a radix sort), and its
 * tie rule (equal scores: lower input index first) is then the one every
 * other variant uses, so the graphs keep exactly the boxes fast.ts and
 * matrix.ts keep. A TopK node would leave ties to the provider.
 *
 * Only the parallel variants have a graph: greedy NMS and its sequential
 * relatives decide round by round, which is what a matrix cannot express
 * (`runOnnxVariant('greedy', …)` is refused with error.nms.noGraph).
 *
 * Precision: the graphs compute in float32 (what GPUs run), the TypeScript
 * variants in float64 on the same float32 coordinates; IoUs agree within a
 * few float32 ulps. A box whose largest IoU (Fast) or decayed score (Matrix)
 * lies within that distance of its threshold could be decided differently —
 * never on the random scenes of the tests, where both keep the same boxes.
 * One visible difference remains for Matrix NMS: two kept boxes whose decayed
 * scores lie within a float32 ulp of each other (tied input scores, or just
 * thousands of scores in (0, 1)) can swap places, since matrix.ts orders by
 * float64 products and the graph by float32 ones; the kept set and every
 * score (within 1e-6) are the same (2 of 300 random test scenes; a few pairs
 * among 7,627 kept boxes at 8,192 in the benchmark).
 * Memory: the graphs hold a few M × M float32 matrices, so M is capped at
 * MAX_GRAPH_CANDIDATES (use scoreThreshold / topK above it, as YOLACT does).
 * No trace: a graph has no rounds to record (the TypeScript variants trace).
 */
import { LabError } from '../../common/errors.js';
import { encodeModel, type GraphSpec } from '../runtime/onnx-graph.js';
import { float32Tensor, type OpenedSession, type Runtime, type SessionTuning } from '../runtime/ort.js';
import { fastNmsSpec } from './fast-graph.js';
import { fastSpec, type FastOptions } from './fast.js';
import { iouMatrixSpec } from './iou-graph.js';
import { matrixNmsSpec } from './matrix-graph.js';
import { matrixSpec, type MatrixKernel, type MatrixOptions } from './matrix.js';
import { assemble, checkChoice, checkRange, prepare, resolveOptions } from './stages.js';
import type { NmsInput, NmsMethodName, NmsResult } from './types.js';

/** A variant's options by name, as the API carries them (common/nms.ts nmsOptionsSchema). */
export type OnnxVariantOptions = Record<string, number | boolean | string>;

/** The variants with a graph. */
export const ONNX_NMS_METHODS = ['fast', 'matrix'] as const;
export type OnnxNmsMethod = (typeof ONNX_NMS_METHODS)[number];

/** At most this many candidates (after pre-filter and top-k) go into one graph: 8192² float32 = 256 MB per matrix, about 1.5 GB at peak on the CPU provider. */
export const MAX_GRAPH_CANDIDATES = 8192;

export interface OnnxVariantOutcome {
  result: NmsResult;
  /** The execution provider the graph ran on ('cpu', 'cuda', …). */
  provider: string;
}

/** @example isOnnxNmsMethod('matrix') // → true */
export function isOnnxNmsMethod(method: string): method is OnnxNmsMethod {
  return (ONNX_NMS_METHODS as readonly string[]).includes(method);
}

const modelCache = new Map<string, Uint8Array>();

function openGraph(runtime: Runtime, key: string, spec: () => GraphSpec, tuning: SessionTuning): Promise<OpenedSession> {
  let bytes = modelCache.get(key);
  if (!bytes) {
    bytes = encodeModel(spec());
    modelCache.set(key, bytes);
  }
  return runtime.open({ key: `builtin:${key}`, model: bytes }, tuning);
}

function outputData(outputs: Record<string, { data: unknown }>, name: string): Float32Array | Uint8Array {
  const data = outputs[name]?.data;
  if (data instanceof Float32Array || data instanceof Uint8Array) return data;
  throw new LabError('internal', { detail: `the NMS graph returned no ${name} output` });
}

function tooManyCandidates(method: string, count: number): LabError {
  return new LabError('validation', {
    messageKey: 'error.nms.graphTooLarge',
    params: { method, count, max: MAX_GRAPH_CANDIDATES },
    detail: `${method} on the ONNX device builds ${count}×${count} matrices; at most ${MAX_GRAPH_CANDIDATES} candidates (set scoreThreshold or topK)`,
  });
}

/** The ranked candidates' boxes, gathered in score order (row q = input box order[q]). */
function gatherBoxes(boxes: Float32Array, order: Int32Array): Float32Array {
  const sorted = new Float32Array(4 * order.length);
  for (let q = 0; q < order.length; q++) sorted.set(boxes.subarray(4 * order[q]!, 4 * order[q]! + 4), 4 * q);
  return sorted;
}

/**
 * Runs Fast or Matrix NMS as an ONNX graph on the runtime's provider. Options
 * are the TypeScript variant's (N_t; kernel, sigma, updateThreshold; the
 * common offset, scoreThreshold, topK, maxOutput), checked the same way.
 *
 * @example await runOnnxVariant(runtime, 'fast', { boxes: Float32Array.of(0, 0, 10, 10, 6, 0, 16, 10, 12, 0, 22, 10), scores: Float32Array.of(0.9, 0.8, 0.7) }, { N_t: 0.2 })
 * // → { result: { keep: Int32Array [0], … }, provider: 'cpu' }   (as fast.ts)
 */
export async function runOnnxVariant(
  runtime: Runtime,
  method: NmsMethodName,
  input: NmsInput,
  options: OnnxVariantOptions = {},
  tuning: SessionTuning = {},
): Promise<OnnxVariantOutcome> {
  if (method === 'fast') return onnxFast(runtime, input, options as Partial<FastOptions>, tuning);
  if (method === 'matrix') return onnxMatrix(runtime, input, options as Partial<MatrixOptions>, tuning);
  throw new LabError('unsupported', {
    messageKey: 'error.nms.noGraph',
    params: { method, methods: ONNX_NMS_METHODS.join(', ') },
    detail: `${method} has no ONNX graph: only the parallel variants (${ONNX_NMS_METHODS.join(', ')}) run on the 'onnx' device`,
  });
}

/**
 * Fast NMS on the runtime (fast-graph.ts).
 *
 * @example (await onnxFast(runtime, { boxes, scores }, { N_t: 0.5 })).result.keep // → the same Int32Array as fast({ boxes, scores }, { N_t: 0.5 }).keep
 */
export async function onnxFast(
  runtime: Runtime,
  input: NmsInput,
  options: Partial<FastOptions> = {},
  tuning: SessionTuning = {},
): Promise<OnnxVariantOutcome> {
  const o = resolveOptions(fastSpec, { ...options, trace: false });
  checkRange('fast', 'N_t', o.N_t, 0, 1);
  const { order, stats } = prepare(fastSpec, input, o);
  const M = order.length;
  if (M > MAX_GRAPH_CANDIDATES) throw tooManyCandidates('fast', M);
  const opened = await openGraph(runtime, 'nms-fast', fastNmsSpec, tuning);
  const selected: number[] = [];
  if (M > 0) {
    const outputs = await runtime.run(opened, {
      boxes: float32Tensor(gatherBoxes(input.boxes, order), [M, 4]),
      offset: float32Tensor(Float32Array.of(o.offset), [1]),
      N_t: float32Tensor(Float32Array.of(o.N_t), [1]),
    });
    const keep = outputData(outputs, 'keep');
    for (let q = 0; q < M; q++) if (keep[q]) selected.push(order[q]!);
    stats.overlaps = (M * (M - 1)) / 2; // the whole upper triangle, no early exit on a GPU
  }
  const finals = Float64Array.from(selected, (i) => input.scores[i]!);
  return { result: assemble(input, Int32Array.from(selected), finals, null, o.maxOutput, stats), provider: opened.provider };
}

/** Class ids → dense labels 0, 1, … as float32 (exact: fewer than 2^24 distinct ids fit any graph). */
function denseLabels(classes: Int32Array | undefined, order: Int32Array): Float32Array {
  const labels = new Float32Array(order.length);
  if (!classes) return labels;
  const ids = new Map<number, number>();
  for (let q = 0; q < order.length; q++) {
    const c = classes[order[q]!]!;
    let label = ids.get(c);
    if (label === undefined) {
      label = ids.size;
      ids.set(c, label);
    }
    labels[q] = label;
  }
  return labels;
}

/**
 * Matrix NMS on the runtime (matrix-graph.ts). σ must be finite here
 * (σ = ∞ would make the graph compute ∞ · 0).
 *
 * @example (await onnxMatrix(runtime, { boxes, scores }, { kernel: 'linear' })).result.scores // → within 1e-6 of matrix(…, { kernel: 'linear' }).scores
 */
export async function onnxMatrix(
  runtime: Runtime,
  input: NmsInput,
  options: Partial<MatrixOptions> = {},
  tuning: SessionTuning = {},
): Promise<OnnxVariantOutcome> {
  const o = resolveOptions(matrixSpec, { ...options, trace: false });
  checkChoice<MatrixKernel>('matrix', 'kernel', o.kernel, ['gaussian', 'linear']);
  checkRange('matrix', 'sigma', o.sigma, 0, Infinity, { lo: true, hi: true });
  checkRange('matrix', 'updateThreshold', o.updateThreshold, 0, 1);
  const { order, stats } = prepare(matrixSpec, input, o);
  const M = order.length;
  if (M > MAX_GRAPH_CANDIDATES) throw tooManyCandidates('matrix', M);
  const gaussian = o.kernel === 'gaussian';
  const opened = await openGraph(runtime, `nms-matrix-${o.kernel}`, () => matrixNmsSpec(o.kernel), tuning);
  const selected: number[] = [];
  const finals: number[] = [];
  if (M > 0) {
    const outputs = await runtime.run(opened, {
      boxes: float32Tensor(gatherBoxes(input.boxes, order), [M, 4]),
      scores: float32Tensor(
        Float32Array.from(order, (i) => input.scores[i]!),
        [M],
      ),
      labels: float32Tensor(denseLabels(input.classes, order), [M]),
      offset: float32Tensor(Float32Array.of(o.offset), [1]),
      ...(gaussian ? { sigma: float32Tensor(Float32Array.of(o.sigma), [1]) } : {}),
      update_threshold: float32Tensor(Float32Array.of(o.updateThreshold), [1]),
    });
    const keep = outputData(outputs, 'keep');
    const decayed = outputData(outputs, 'decayed_scores');
    for (let q = 0; q < M; q++) {
      if (!keep[q]) continue;
      selected.push(order[q]!);
      finals.push(decayed[q]!);
    }
    stats.overlaps = (M * (M - 1)) / 2;
  }
  return { result: assemble(input, Int32Array.from(selected), Float64Array.from(finals), null, o.maxOutput, stats), provider: opened.provider };
}

/**
 * The batched IoU matrix on the runtime: out[i·M + j] = IoU(a_i, b_j), as
 * iou.ts's overlapMatrix('iou', a, { offset }, b) within 1e-6. Boxes are
 * xyxy and are not validated here beyond their shape (it is a building block).
 *
 * @example await onnxIouMatrix(runtime, Float32Array.of(0, 0, 2, 2, 1, 0, 3, 2)) // → { iou: Float32Array [1, 0.333…, 0.333…, 1], provider: 'cpu' }
 */
export async function onnxIouMatrix(
  runtime: Runtime,
  a: Float32Array,
  b: Float32Array = a,
  options: { offset?: 0 | 1 } = {},
  tuning: SessionTuning = {},
): Promise<{ iou: Float32Array; provider: string }> {
  const N = a.length / 4;
  const M = b.length / 4;
  if (!Number.isInteger(N) || !Number.isInteger(M)) {
    throw new LabError('validation', { messageKey: 'error.nms.boxesShape', params: { length: Number.isInteger(N) ? b.length : a.length } });
  }
  if (N > MAX_GRAPH_CANDIDATES || M > MAX_GRAPH_CANDIDATES) throw tooManyCandidates('iou', Math.max(N, M));
  const opened = await openGraph(runtime, 'iou-matrix', iouMatrixSpec, tuning);
  if (N === 0 || M === 0) return { iou: new Float32Array(0), provider: opened.provider };
  const outputs = await runtime.run(opened, {
    boxes_a: float32Tensor(a, [N, 4]),
    boxes_b: float32Tensor(b, [M, 4]),
    offset: float32Tensor(Float32Array.of(options.offset ?? 0), [1]),
  });
  const iou = outputData(outputs, 'iou');
  return { iou: Float32Array.from(iou), provider: opened.provider };
}
