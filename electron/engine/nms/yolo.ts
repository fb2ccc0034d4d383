/**
 * A user's YOLO detector as an NMS input: letterbox preprocessing, the raw
 * output decoded into candidate boxes in the photo's own pixels, and a
 * confidence pre-filter — and deliberately no NMS (the lessons run it, so
 * the learner watches it clean the raw candidates).
 *
 * Output layouts, told apart by the output shape (the anchor count, thousands,
 * always exceeds the channel count, 5 + C or 4 + C for C ≤ a few hundred
 * classes — so the longer non-batch axis is the anchors):
 *   YOLOv5 (and v7)  [1, N, 5 + C]: cx, cy, w, h, objectness, C class scores;
 *                    score = objectness · class score (Ultralytics' `x[:, 5:] *= x[:, 4:5]`)
 *   YOLOv8 / 11      [1, 4 + C, N]: cx, cy, w, h, C class scores; no objectness
 * Each anchor gives one candidate: its best class and that class's score
 * (Ultralytics' multi_label=False), kept when score > confidence (strict, as
 * Ultralytics' `conf > conf_thres`). Boxes are cxcywh in the network input's
 * pixels; they become xyxy, are mapped back through the letterbox and clipped
 * to the image (Ultralytics' scale_boxes + clip_boxes).
 *
 * Letterbox (Ultralytics' LetterBox, auto=False, scaleup=True): scale
 * r = min(H_in/h, W_in/w), resize to round(w·r) × round(h·r) bilinearly, pad
 * to H_in × W_in with grey 114, top = round(dh − 0.1), left = round(dw − 0.1)
 * for dw, dh half the padding (Python's round: halves to even). The tensor is
 * RGB scaled to 0–1, NCHW float32; H_in, W_in come from the model's input
 * shape (640 where it is dynamic).
 */
import { LabError } from '../../common/errors.js';
import { decodeResizedRgb, type ImageSize } from './image.js';

export type YoloLayout = 'yolov5' | 'yolov8';

/** The input size used when the model's input has dynamic height/width. */
export const DEFAULT_INPUT_SIZE = 640;

/** Python's round(): halves go to the even neighbour (round(2.5) = 2). */
function pythonRound(x: number): number {
  const r = Math.round(x);
  const even = Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  return even === 0 ? 0 : even; // round(−0.1) is 0, not −0
}

// ---------------------------------------------------------------------------
// The model's interface
// ---------------------------------------------------------------------------

/** What onnxruntime reports about one input or output (structurally its ValueMetadata). */
export interface ValueInfo {
  name: string;
  isTensor: boolean;
  type?: string;
  shape?: readonly (number | string)[];
}

export interface YoloModelInfo {
  inputName: string;
  outputName: string;
  /** Network input size in pixels. */
  input: ImageSize;
}

function describe(values: readonly ValueInfo[]): string {
  return values.map((v) => `${v.name}: ${v.isTensor ? `${v.type ?? '?'}[${(v.shape ?? []).join(', ')}]` : 'not a tensor'}`).join('; ') || 'none';
}

function layoutError(shape: readonly (number | string)[], detail: string): LabError {
  return new LabError('modelInvalid', {
    messageKey: 'error.nms.modelLayout',
    params: { shape: `[${shape.join(', ')}]` },
    detail,
  });
}

/**
 * Checks a model looks like a YOLO detector: exactly one input, a 4-D float32
 * image [1, 3, H, W] (dimensions may be symbolic), and exactly one 3-D float32
 * output (extra outputs of other ranks, such as the raw heads some YOLOv5
 * exports carry, are ignored). The output's layout is checked on its real
 * shape after the run (detectYoloLayout).
 *
 * @example inspectYoloModel([{ name: 'images', isTensor: true, type: 'float32', shape: [1, 3, 640, 640] }],
 *                           [{ name: 'output0', isTensor: true, type: 'float32', shape: [1, 84, 8400] }])
 * // → { inputName: 'images', outputName: 'output0', input: { width: 640, height: 640 } }
 */
export function inspectYoloModel(inputs: readonly ValueInfo[], outputs: readonly ValueInfo[]): YoloModelInfo {
  const input = inputs[0];
  const dims = input?.shape ?? [];
  const fixed = (d: number | string | undefined, want: number): boolean => typeof d === 'string' || d === want;
  if (inputs.length !== 1 || !input?.isTensor || input.type !== 'float32' || dims.length !== 4 || !fixed(dims[0], 1) || !fixed(dims[1], 3)) {
    throw new LabError('modelInvalid', {
      messageKey: 'error.nms.modelInput',
      params: { found: describe(inputs) },
      detail: `a YOLO detector has one float32 image input [1, 3, H, W]; this model has ${describe(inputs)}`,
    });
  }
  const side = (d: number | string | undefined): number => (typeof d === 'number' && d > 0 ? d : DEFAULT_INPUT_SIZE);
  const candidates = outputs.filter((o) => o.isTensor && (o.shape ?? []).length === 3);
  const output = candidates[0];
  if (candidates.length !== 1 || output?.type !== 'float32') {
    throw new LabError('modelInvalid', {
      messageKey: 'error.nms.modelOutput',
      params: { found: describe(outputs) },
      detail: `a YOLO detector has one float32 output of rank 3 ([1, N, 5 + C] or [1, 4 + C, N]); this model has ${describe(outputs)}`,
    });
  }
  const shape = output.shape ?? [];
  if (typeof shape[0] === 'number' && shape[0] !== 1) throw layoutError(shape, `the output's batch dimension is ${shape[0]}, not 1`);
  return { inputName: input.name, outputName: output.name, input: { width: side(dims[3]), height: side(dims[2]) } };
}

export interface YoloOutputLayout {
  layout: YoloLayout;
  /** C, the number of classes. */
  classes: number;
  /** N, the number of anchors (candidate boxes). */
  anchors: number;
}

/**
 * The layout of a raw output from its shape.
 *
 * @example detectYoloLayout([1, 84, 8400])  // → { layout: 'yolov8', classes: 80, anchors: 8400 }
 * @example detectYoloLayout([1, 25200, 85]) // → { layout: 'yolov5', classes: 80, anchors: 25200 }
 */
export function detectYoloLayout(dims: readonly number[]): YoloOutputLayout {
  if (dims.length !== 3 || dims[0] !== 1) throw layoutError(dims, `expected [1, N, 5 + C] or [1, 4 + C, N], got [${dims.join(', ')}]`);
  const [, a, b] = dims as [number, number, number];
  if (a < b) {
    if (a < 5) throw layoutError(dims, `[1, ${a}, ${b}] would be YOLOv8 with ${a - 4} classes`);
    return { layout: 'yolov8', classes: a - 4, anchors: b };
  }
  if (b < 6 || a === b) throw layoutError(dims, `[1, ${a}, ${b}] is neither YOLOv5 [1, N, 5 + C] nor YOLOv8 [1, 4 + C, N] with N > channels`);
  return { layout: 'yolov5', classes: b - 5, anchors: a };
}

// ---------------------------------------------------------------------------
// Letterbox
// ---------------------------------------------------------------------------

export interface LetterboxGeometry {
  /** The image (after EXIF orientation). */
  image: ImageSize;
  /** The network input. */
  input: ImageSize;
  /** r: input pixels per image pixel. */
  scale: number;
  /** The resized image inside the input, before padding. */
  resized: ImageSize;
  pad: { top: number; bottom: number; left: number; right: number };
}

/**
 * Ultralytics' LetterBox geometry (auto=False, scaleup=True).
 *
 * @example letterboxGeometry({ width: 810, height: 1080 }, { width: 640, height: 640 })
 * // → { scale: 0.5926, resized: { width: 480, height: 640 }, pad: { top: 0, bottom: 0, left: 80, right: 80 }, … }
 */
export function letterboxGeometry(image: ImageSize, input: ImageSize): LetterboxGeometry {
  const scale = Math.min(input.height / image.height, input.width / image.width);
  const resized = {
    width: Math.max(1, pythonRound(image.width * scale)),
    height: Math.max(1, pythonRound(image.height * scale)),
  };
  const dw = (input.width - resized.width) / 2;
  const dh = (input.height - resized.height) / 2;
  const pad = {
    top: pythonRound(dh - 0.1),
    bottom: pythonRound(dh + 0.1),
    left: pythonRound(dw - 0.1),
    right: pythonRound(dw + 0.1),
  };
  return { image, input, scale, resized, pad };
}

export interface LetterboxedImage {
  geometry: LetterboxGeometry;
  /** [1, 3, H_in, W_in] float32, RGB in 0–1. */
  tensor: Float32Array;
}

/**
 * Decodes an encoded photo (EXIF-oriented, alpha flattened, pixel limit
 * enforced: image.ts) and letterboxes it into the network's input tensor.
 *
 * @example const { tensor, geometry } = await letterboxImage(readFileSync('bus.jpg'), { width: 640, height: 640 });
 * // tensor.length → 1228800; geometry.pad → { top: 0, bottom: 0, left: 80, right: 80 }
 */
export async function letterboxImage(
  bytes: Uint8Array,
  input: ImageSize = { width: DEFAULT_INPUT_SIZE, height: DEFAULT_INPUT_SIZE },
): Promise<LetterboxedImage> {
  const { source, rgb } = await decodeResizedRgb(bytes, (image) => {
    const planned = letterboxGeometry(image, input);
    return { ...planned.resized, pad: planned.pad };
  });
  const geometry = letterboxGeometry(source, input);
  const plane = input.width * input.height;
  const tensor = new Float32Array(3 * plane);
  // HWC bytes → CHW floats in 0–1.
  for (let p = 0, q = 0; p < plane; p++, q += 3) {
    tensor[p] = rgb[q]! / 255;
    tensor[plane + p] = rgb[q + 1]! / 255;
    tensor[2 * plane + p] = rgb[q + 2]! / 255;
  }
  return { geometry, tensor };
}

// ---------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------

export interface YoloCandidates {
  layout: YoloLayout;
  /** C, from the output shape. */
  classCount: number;
  /** K×4 xyxy in image pixels, clipped to the image. */
  boxes: Float32Array;
  scores: Float32Array;
  classes: Int32Array;
}

/**
 * Raw output → candidates in image pixels, pre-filtered by confidence, in
 * anchor order (no NMS).
 *
 * @example decodeYolo(output, [1, 84, 8400], geometry, { confidence: 0.25 })
 * // → { layout: 'yolov8', classCount: 80, boxes: Float32Array(4K), scores: Float32Array(K), classes: Int32Array(K) }
 */
export function decodeYolo(
  output: Float32Array,
  dims: readonly number[],
  geometry: LetterboxGeometry,
  options: { confidence: number },
): YoloCandidates {
  const { layout, classes: C, anchors: N } = detectYoloLayout(dims);
  const channels = layout === 'yolov8' ? 4 + C : 5 + C;
  if (output.length !== N * channels) throw layoutError(dims, `the output holds ${output.length} values, not ${N}·${channels}`);
  // v8 is channel-major (value c of anchor a at c·N + a), v5 anchor-major (a·channels + c).
  const at = layout === 'yolov8' ? (a: number, c: number): number => output[c * N + a]! : (a: number, c: number): number => output[a * channels + c]!;
  const firstClass = layout === 'yolov8' ? 4 : 5;
  const { scale, pad, image } = geometry;
  const boxes: number[] = [];
  const scores: number[] = [];
  const classes: number[] = [];
  for (let a = 0; a < N; a++) {
    const objectness = layout === 'yolov5' ? at(a, 4) : 1;
    // v5: objectness ≤ conf means no class can pass (class scores ≤ 1), as Ultralytics' first filter.
    if (layout === 'yolov5' && !(objectness > options.confidence)) continue;
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < C; c++) {
      const s = at(a, firstClass + c);
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    const score = objectness * bestScore;
    if (!(score > options.confidence)) continue;
    const cx = at(a, 0);
    const cy = at(a, 1);
    const w = at(a, 2);
    const h = at(a, 3);
    if (!Number.isFinite(cx + cy + w + h)) continue; // a broken anchor is not a candidate
    // cxcywh (input px) → xyxy → minus padding, over r → clipped to the image.
    const clipX = (x: number): number => Math.min(image.width, Math.max(0, (x - pad.left) / scale));
    const clipY = (y: number): number => Math.min(image.height, Math.max(0, (y - pad.top) / scale));
    const x1 = clipX(cx - w / 2);
    const y1 = clipY(cy - h / 2);
    boxes.push(x1, y1, Math.max(x1, clipX(cx + w / 2)), Math.max(y1, clipY(cy + h / 2)));
    scores.push(score);
    classes.push(best);
  }
  return { layout, classCount: C, boxes: Float32Array.from(boxes), scores: Float32Array.from(scores), classes: Int32Array.from(classes) };
}
