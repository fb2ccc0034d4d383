/**
 * Runs onnxruntime's own NonMaxSuppression operator on our NmsInput through
 * the engine runtime (ort.ts stays the only importer of onnxruntime-node).
 * This is the peer greedy and batched NMS are tested and benchmarked against,
 * and what lesson 5 times live on the learner's machine.
 */
import { encodeModel } from '../runtime/onnx-graph.js';
import { float32Tensor, int64Tensor, type OpenedSession, type Runtime, type SessionTuning } from '../runtime/ort.js';
import { nonMaxSuppressionSpec } from './ort-graphs.js';

export interface OnnxNmsOptions {
  /** IoU threshold (onnxruntime suppresses when IoU > it). */
  N_t: number;
  /** Keep scores > scoreThreshold; −Infinity keeps all. */
  scoreThreshold?: number;
  /** Per class; Infinity (default) = all. */
  maxOutputPerClass?: number;
}

let modelBytes: Uint8Array | null = null;

/** The lowest finite float32; a threshold below every real score that survives the cast to float32 (−Number.MAX_VALUE would not). */
const FLOAT32_LOWEST = -3.4028234663852886e38;

/** Opens (once per runtime and tuning) the one-node NonMaxSuppression model. */
export function openOnnxNms(runtime: Runtime, tuning: SessionTuning = {}): Promise<OpenedSession> {
  modelBytes ??= encodeModel(nonMaxSuppressionSpec());
  return runtime.open({ key: 'builtin:nms-reference', model: modelBytes }, tuning);
}

/**
 * Prepared feeds for one input, so a benchmark can time the run alone.
 * Without classes: one class, scores [1, 1, N]. With classes: C = max + 1
 * classes, score[c][i] = s_i when class_i = c, else −∞ — filtered out by the
 * score threshold (strict >), so each box competes only within its class.
 */
export function onnxNmsFeeds(
  boxes: Float32Array,
  scores: Float32Array,
  options: OnnxNmsOptions,
  classes?: Int32Array,
): Record<string, ReturnType<typeof float32Tensor>> {
  const N = scores.length;
  let C = 1;
  let classScores = scores;
  let scoreThreshold = options.scoreThreshold ?? -Infinity;
  if (classes) {
    for (let i = 0; i < N; i++) C = Math.max(C, classes[i]! + 1);
    classScores = new Float32Array(C * N).fill(-Infinity);
    for (let i = 0; i < N; i++) classScores[classes[i]! * N + i] = scores[i]!;
    scoreThreshold = Math.max(scoreThreshold, FLOAT32_LOWEST);
  }
  const maxOut = options.maxOutputPerClass ?? Infinity;
  return {
    boxes: float32Tensor(boxes, [1, N, 4]),
    scores: float32Tensor(classScores, [1, C, N]),
    // 0 means "no output" to the operator, so "all" is N (at least 1).
    max_output_boxes_per_class: int64Tensor(BigInt64Array.of(BigInt(Number.isFinite(maxOut) ? maxOut : Math.max(1, N))), [1]),
    iou_threshold: float32Tensor(Float32Array.of(options.N_t), [1]),
    // −∞ as a threshold keeps every finite score (> −∞), like passing none.
    score_threshold: float32Tensor(Float32Array.of(scoreThreshold), [1]),
  };
}

/**
 * Selected box indices in the operator's output order (class by class, each
 * in its selection order).
 *
 * @example await onnxNms(runtime, { boxes, scores }, { N_t: 0.5 }) // → Int32Array [0, 2]
 */
export async function onnxNms(
  runtime: Runtime,
  input: { boxes: Float32Array; scores: Float32Array; classes?: Int32Array },
  options: OnnxNmsOptions,
  tuning: SessionTuning = {},
): Promise<Int32Array> {
  const opened = await openOnnxNms(runtime, tuning);
  const outputs = await runtime.run(opened, onnxNmsFeeds(input.boxes, input.scores, options, input.classes));
  return selectedBoxIndices(outputs.selected_indices?.data);
}

/** Column 2 (box index) of a [K, 3] int64 selected_indices tensor. */
export function selectedBoxIndices(data: unknown): Int32Array {
  if (!(data instanceof BigInt64Array)) throw new Error('NonMaxSuppression returned no int64 selected_indices');
  const K = data.length / 3;
  const out = new Int32Array(K);
  for (let k = 0; k < K; k++) out[k] = Number(data[3 * k + 2]!);
  return out;
}
