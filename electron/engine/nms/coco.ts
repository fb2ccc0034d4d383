/**
 * COCO-format files as NMS lab inputs:
 *   - ground truth (instances_*.json): { images: [{ id, width?, height?, file_name? }],
 *     annotations: [{ image_id, category_id, bbox: [x, y, w, h], iscrowd? }],
 *     categories: [{ id, name }] } — other fields (segmentation, info, licenses) are ignored;
 *   - detection results (what a detector writes for COCOeval): [{ image_id, category_id,
 *     bbox: [x, y, w, h], score }].
 * Both are validated with zod; a bad file is a typed error naming the first
 * bad entry by its JSON path (`annotations[3].bbox[2]`), never an exception.
 * Boxes become absolute xyxy (boxes.ts's storage); category ids are kept as
 * the class ids (COCO's 1–90, not renumbered), so detections and ground truth
 * match by the same ids in eval.ts.
 *
 * Crowd annotations (iscrowd = 1) are left out of the ground truth and
 * counted: eval.ts has no crowd regions (COCOeval would ignore detections
 * matched to them instead of counting them as false positives).
 */
import { z } from 'zod';
import { LabError } from '../../common/errors.js';
import { MAX_BOXES } from './boxes.js';
import type { EvalImage } from './eval.js';

const INT32_MAX = 2 ** 31 - 1;
const id = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const categoryId = z.number().int().min(0).max(INT32_MAX);
/** COCO's [x, y, width, height], finite, with width and height ≥ 0. */
const bbox = z.tuple([z.number(), z.number(), z.number().min(0), z.number().min(0)]);

const groundTruthSchema = z.object({
  images: z
    .array(
      z.object({
        id,
        width: z.number().int().positive().optional(),
        height: z.number().int().positive().optional(),
        file_name: z.string().max(4096).optional(),
      }),
    )
    .max(1_000_000),
  annotations: z
    .array(
      z.object({
        image_id: id,
        category_id: categoryId,
        bbox,
        iscrowd: z.union([z.literal(0), z.literal(1)]).optional(),
      }),
    )
    .max(MAX_BOXES),
  categories: z
    .array(z.object({ id: categoryId, name: z.string().max(200) }))
    .max(100_000)
    .optional(),
});

const detectionSchema = z.object({ image_id: id, category_id: categoryId, bbox, score: z.number() });
const detectionsSchema = z.array(detectionSchema).max(MAX_BOXES);

export type CocoDetection = z.infer<typeof detectionSchema>;

/** `['annotations', 3, 'bbox', 2]` → `annotations[3].bbox[2]`. */
function pathOf(path: readonly PropertyKey[]): string {
  return (
    path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '') || '(root)'
  );
}

function invalid(file: 'groundTruth' | 'detections', entry: string, issue: string): LabError {
  return new LabError('validation', {
    messageKey: 'error.nms.cocoInvalid',
    params: { file, entry, issue },
    detail: `COCO ${file === 'groundTruth' ? 'ground truth' : 'detection results'}: ${entry}: ${issue}`,
  });
}

function parseWith<T>(schema: z.ZodType<T>, json: unknown, file: 'groundTruth' | 'detections'): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw invalid(file, pathOf(issue?.path ?? []), issue?.message ?? 'invalid');
}

/** [x, y, w, h] → xyxy into `out` at box k. */
function putXywh(out: Float32Array, k: number, [x, y, w, h]: readonly [number, number, number, number]): void {
  out[4 * k] = x;
  out[4 * k + 1] = y;
  out[4 * k + 2] = x + w;
  out[4 * k + 3] = y + h;
}

export interface CocoImage {
  id: number;
  width: number | null;
  height: number | null;
  fileName: string | null;
}

export interface CocoGroundTruth {
  images: CocoImage[];
  /** Category id → name. */
  categories: Map<number, string>;
  /** Per image id: its non-crowd boxes (xyxy) and category ids, in file order. */
  boxesByImage: Map<number, { boxes: Float32Array; classes: Int32Array }>;
  /** Crowd annotations left out (see the top of this file). */
  crowdSkipped: number;
}

/**
 * Parses a COCO ground-truth file (already JSON-parsed).
 *
 * @example parseCocoGroundTruth({ images: [{ id: 1 }], annotations: [{ image_id: 1, category_id: 3, bbox: [10, 20, 30, 40] }], categories: [{ id: 3, name: 'car' }] })
 * // → { images: [{ id: 1, … }], boxesByImage: Map { 1 → { boxes: Float32Array [10, 20, 40, 60], classes: Int32Array [3] } }, … }
 */
export function parseCocoGroundTruth(json: unknown): CocoGroundTruth {
  const data = parseWith(groundTruthSchema, json, 'groundTruth');
  const images: CocoImage[] = [];
  const seen = new Set<number>();
  data.images.forEach((image, k) => {
    if (seen.has(image.id)) throw invalid('groundTruth', `images[${k}].id`, `image id ${image.id} appears twice`);
    seen.add(image.id);
    images.push({ id: image.id, width: image.width ?? null, height: image.height ?? null, fileName: image.file_name ?? null });
  });
  const categories = new Map<number, string>();
  (data.categories ?? []).forEach((category, k) => {
    if (categories.has(category.id)) throw invalid('groundTruth', `categories[${k}].id`, `category id ${category.id} appears twice`);
    categories.set(category.id, category.name);
  });
  const perImage = new Map<number, number[]>();
  let crowdSkipped = 0;
  data.annotations.forEach((annotation, k) => {
    if (!seen.has(annotation.image_id)) throw invalid('groundTruth', `annotations[${k}].image_id`, `no image has id ${annotation.image_id}`);
    if (categories.size > 0 && !categories.has(annotation.category_id)) {
      throw invalid('groundTruth', `annotations[${k}].category_id`, `no category has id ${annotation.category_id}`);
    }
    if (annotation.iscrowd === 1) {
      crowdSkipped++;
      return;
    }
    const list = perImage.get(annotation.image_id) ?? [];
    list.push(k);
    perImage.set(annotation.image_id, list);
  });
  const boxesByImage = new Map<number, { boxes: Float32Array; classes: Int32Array }>();
  for (const image of images) {
    const list = perImage.get(image.id) ?? [];
    const boxes = new Float32Array(4 * list.length);
    list.forEach((a, k) => putXywh(boxes, k, data.annotations[a]!.bbox));
    boxesByImage.set(image.id, { boxes, classes: Int32Array.from(list, (a) => data.annotations[a]!.category_id) });
  }
  return { images, categories, boxesByImage, crowdSkipped };
}

/** One image's detections as an NMS input, with where each box came from. */
export interface CocoImageDetections {
  imageId: number;
  input: { boxes: Float32Array<ArrayBuffer>; scores: Float32Array<ArrayBuffer>; classes: Int32Array<ArrayBuffer> };
  /** entries[k] = the index in the results array of box k. */
  entries: Int32Array;
}

/**
 * Parses a COCO detection-results array (already JSON-parsed) into one NMS
 * input per image, in order of first appearance; boxes keep the array's order.
 *
 * @example parseCocoDetections([{ image_id: 7, category_id: 1, bbox: [0, 0, 10, 10], score: 0.9 }])
 * // → [{ imageId: 7, input: { boxes: Float32Array [0, 0, 10, 10], scores: Float32Array [0.9], classes: Int32Array [1] }, entries: Int32Array [0] }]
 */
export function parseCocoDetections(json: unknown): CocoImageDetections[] {
  const detections = parseWith(detectionsSchema, json, 'detections');
  const perImage = new Map<number, number[]>();
  detections.forEach((detection, k) => {
    const list = perImage.get(detection.image_id) ?? [];
    list.push(k);
    perImage.set(detection.image_id, list);
  });
  return [...perImage].map(([imageId, list]) => {
    const boxes = new Float32Array(4 * list.length);
    list.forEach((d, k) => putXywh(boxes, k, detections[d]!.bbox));
    return {
      imageId,
      input: {
        boxes,
        scores: Float32Array.from(list, (d) => detections[d]!.score),
        classes: Int32Array.from(list, (d) => detections[d]!.category_id),
      },
      entries: Int32Array.from(list),
    };
  });
}

/**
 * Pairs detections with ground truth per image, for eval.ts's `evaluate`:
 * one EvalImage per ground-truth image (an image without detections has
 * none). Detections for an image the ground truth does not have are a typed
 * error naming the first such entry.
 *
 * @example evaluate(cocoEvalImages(parseCocoGroundTruth(gt), parseCocoDetections(results))).map // → COCO mAP@[.5:.95]
 */
export function cocoEvalImages(
  groundTruth: CocoGroundTruth,
  detections: readonly (Pick<CocoImageDetections, 'imageId' | 'entries'> & { input: EvalImage['detections'] })[],
): EvalImage[] {
  const byImage = new Map(detections.map((d) => [d.imageId, d]));
  for (const d of detections) {
    if (!groundTruth.boxesByImage.has(d.imageId)) {
      throw invalid('detections', `[${d.entries[0] ?? 0}].image_id`, `the ground truth has no image with id ${d.imageId}`);
    }
  }
  return groundTruth.images.map((image) => {
    const gt = groundTruth.boxesByImage.get(image.id)!;
    const d = byImage.get(image.id);
    return {
      detections: d ? d.input : { boxes: new Float32Array(0), scores: new Float32Array(0), classes: new Int32Array(0) },
      groundTruth: gt,
    };
  });
}
