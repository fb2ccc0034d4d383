/**
 * The candidate files `lab nms --boxes FILE.json` reads, as an NmsInput:
 *
 *   1. the lab's own form (absolute xyxy):
 *        { "boxes": [[x1, y1, x2, y2], …], "scores": […],
 *          "classes"?: […], "ious"?: […], "variances"?: [[σ²x1, σ²y1, σ²x2, σ²y2], …], "densities"?: […] }
 *      `ious` are the predicted localisation IoUs (IoU-guided NMS), `variances`
 *      the per-coordinate σ² (Softer-NMS), `densities` the predicted densities
 *      (Adaptive NMS). Other keys are ignored, so `lab detect --json` output
 *      (which has boxes, scores and classes) can be fed straight back in;
 *   2. a COCO detection-results array [{ image_id, category_id, bbox: [x, y, w, h], score }]
 *      (coco.ts); with more than one image in it, `imageId` picks one, since
 *      NMS runs per image.
 * Indices in the result (`keep`) are positions in the file's arrays: for the
 * COCO form, positions in the results array (`entries`).
 * The shape is checked here, naming the bad entry (`boxes[3][2]`, or a field
 * whose length differs from `boxes`); the values (finite, x2 ≥ x1, …) are then
 * checked by the NMS variant itself (boxes.ts), like any other input.
 */
import { z } from 'zod';
import { LabError } from '../../common/errors.js';
import type { nmsInputSchema } from '../../common/nms.js';
import { MAX_BOXES } from './boxes.js';
import { parseCocoDetections } from './coco.js';

const quad = z.tuple([z.number(), z.number(), z.number(), z.number()]);
const labFileSchema = z.object({
  boxes: z.array(quad).max(MAX_BOXES),
  scores: z.array(z.number()).max(MAX_BOXES),
  classes: z
    .array(
      z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1),
    )
    .max(MAX_BOXES)
    .optional(),
  ious: z.array(z.number()).max(MAX_BOXES).optional(),
  variances: z.array(quad).max(MAX_BOXES).optional(),
  densities: z.array(z.number()).max(MAX_BOXES).optional(),
});

/** An NmsInput as the API carries it (typed arrays over plain ArrayBuffers). */
export type BoxesFileInput = z.infer<typeof nmsInputSchema>;

export interface BoxesFile {
  format: 'lab' | 'coco';
  input: BoxesFileInput;
  /** COCO form: entries[k] = the results-array index of input box k. Null for the lab's form (identity). */
  entries: Int32Array | null;
  /** COCO form: the image these boxes belong to. */
  imageId: number | null;
}

function invalid(entry: string, issue: string): LabError {
  return new LabError('validation', {
    messageKey: 'error.nms.boxesFileInvalid',
    params: { entry, issue },
    detail: `${entry}: ${issue}`,
  });
}

function pathOf(path: readonly PropertyKey[]): string {
  return (
    path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '') || '(root)'
  );
}

/**
 * Reads an already JSON-parsed boxes file.
 *
 * @example parseBoxesFile({ boxes: [[0, 0, 10, 10], [1, 0, 11, 10]], scores: [0.9, 0.8] }).input.boxes
 * // → Float32Array [0, 0, 10, 10, 1, 0, 11, 10]
 * @example parseBoxesFile({ boxes: [[0, 0, 10]], scores: [0.9] })
 * // throws LabError { messageKey: 'error.nms.boxesFileInvalid', params: { entry: 'boxes[0]', … } }
 */
export function parseBoxesFile(json: unknown, options: { imageId?: number } = {}): BoxesFile {
  if (Array.isArray(json)) return cocoForm(json, options.imageId);
  const parsed = labFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(pathOf(issue?.path ?? []), issue?.message ?? 'invalid');
  }
  const data = parsed.data;
  const N = data.boxes.length;
  for (const field of ['scores', 'classes', 'ious', 'variances', 'densities'] as const) {
    const values = data[field];
    if (values && values.length !== N) throw invalid(field, `has ${values.length} entries but boxes has ${N}`);
  }
  const input: BoxesFileInput = { boxes: Float32Array.from(data.boxes.flat()), scores: Float32Array.from(data.scores) };
  if (data.classes) input.classes = Int32Array.from(data.classes);
  if (data.ious) input.predictedIous = Float32Array.from(data.ious);
  if (data.variances) input.variances = Float32Array.from(data.variances.flat());
  if (data.densities) input.densities = Float32Array.from(data.densities);
  return { format: 'lab', input, entries: null, imageId: null };
}

function cocoForm(json: unknown[], imageId: number | undefined): BoxesFile {
  const images = parseCocoDetections(json);
  if (images.length === 0) {
    return {
      format: 'coco',
      input: { boxes: new Float32Array(0), scores: new Float32Array(0), classes: new Int32Array(0) },
      entries: new Int32Array(0),
      imageId: imageId ?? null,
    };
  }
  let chosen = images[0]!;
  if (imageId !== undefined) {
    const found = images.find((image) => image.imageId === imageId);
    if (!found) throw invalid('image_id', `no detection has image_id ${imageId} (the file has ${images.map((i) => i.imageId).join(', ')})`);
    chosen = found;
  } else if (images.length > 1) {
    throw new LabError('validation', {
      messageKey: 'error.nms.boxesFileManyImages',
      params: { count: images.length },
      detail: `the results array covers ${images.length} images (${images
        .slice(0, 10)
        .map((i) => i.imageId)
        .join(', ')}${images.length > 10 ? ', …' : ''}); NMS runs per image, so pick one with --image-id`,
    });
  }
  return { format: 'coco', input: chosen.input, entries: chosen.entries, imageId: chosen.imageId };
}
