import { createHash } from 'node:crypto';
import { LabError } from '../../../common/errors.js';
import { parseUltralyticsNames, readOnnxMetadata } from '../../nms/onnx-metadata.js';
import { decodeYolo, inspectYoloModel, letterboxImage } from '../../nms/yolo.js';
import { float32Tensor, type OpenedSession } from '../../runtime/ort.js';
import type { JobFunction } from '../context.js';

function detail(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim().slice(0, 500);
}

/**
 * The class names: the caller's, else the model's own (Ultralytics exports
 * store them in the ONNX metadata), else "class 0", …; always exactly C.
 */
function namesFor(classCount: number, model: Uint8Array, given: readonly string[] | undefined): string[] {
  const fromModel = given ? null : parseUltralyticsNames(readOnnxMetadata(model).get('names') ?? '');
  const names = given ?? fromModel ?? [];
  return Array.from({ length: classCount }, (_, c) => names[c] ?? `class ${c}`);
}

/**
 * A user's YOLO (v5/v8/11) ONNX detector on a user's photo: the raw
 * candidates in the photo's pixels, confidence-filtered, without NMS
 * (engine/nms/yolo.ts). The session is cached by the sha256 of the model's
 * bytes, so a second photo through the same model skips session creation.
 * A file that is not a loadable ONNX model, or not a YOLO detector, is a
 * typed 'modelInvalid' error saying which part is wrong.
 *
 * @example jobs.start { kind: 'nms.detect', args: { model: <yolov8n.onnx bytes>, image: <bus.jpg bytes>, confidence: 0.25 } }
 * // → { imageWidth: 810, imageHeight: 1080, layout: 'yolov8', boxes, scores, classes, classNames: ['person', …], provider: 'cpu' }
 */
export const nmsDetect: JobFunction<'nms.detect'> = async ({ model, image, confidence, classNames }, context) => {
  context.progress(0, 'job.nms.detectOpening');
  const key = `model:sha256:${createHash('sha256').update(model).digest('hex')}`;
  let opened: OpenedSession;
  try {
    opened = await context.runtime.open({ key, model });
  } catch (error) {
    throw new LabError('modelInvalid', { messageKey: 'error.nms.modelUnreadable', detail: detail(error) });
  }
  const info = inspectYoloModel(opened.session.inputMetadata, opened.session.outputMetadata);
  await context.checkpoint();

  context.progress(0.25, 'job.nms.detectDecoding');
  const { tensor, geometry } = await letterboxImage(image, info.input);
  await context.checkpoint();

  context.progress(0.5, 'job.nms.detectRunning', undefined, { provider: opened.provider });
  let output;
  try {
    output = (await context.runtime.run(opened, { [info.inputName]: float32Tensor(tensor, [1, 3, info.input.height, info.input.width]) }))[
      info.outputName
    ];
  } catch (error) {
    throw new LabError('modelInvalid', { messageKey: 'error.nms.modelRunFailed', detail: detail(error) });
  }
  if (!output || !(output.data instanceof Float32Array)) {
    throw new LabError('modelInvalid', {
      messageKey: 'error.nms.modelOutput',
      params: { found: info.outputName },
      detail: 'the output is not float32',
    });
  }
  await context.checkpoint();

  context.progress(0.9, 'job.nms.detectDecodingOutput');
  const candidates = decodeYolo(output.data, output.dims, geometry, { confidence });
  return {
    imageWidth: geometry.image.width,
    imageHeight: geometry.image.height,
    boxes: candidates.boxes,
    scores: candidates.scores,
    classes: candidates.classes,
    classNames: namesFor(candidates.classCount, model, classNames),
    layout: candidates.layout,
    provider: opened.provider,
  };
};
