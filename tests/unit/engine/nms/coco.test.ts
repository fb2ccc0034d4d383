import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cocoEvalImages, parseCocoDetections, parseCocoGroundTruth } from '../../../../electron/engine/nms/coco.js';
import { evaluate } from '../../../../electron/engine/nms/eval.js';
import { runNms } from '../../../../electron/engine/nms/index.js';
import { FIXTURES } from '../../../support/paths.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, 'coco', name), 'utf8'));

describe('COCO ground truth', () => {
  it('reads images, categories and non-crowd annotations as xyxy boxes per image', () => {
    const gt = parseCocoGroundTruth(fixture('instances.json'));
    expect(gt.images).toEqual([
      { id: 1, width: 640, height: 480, fileName: 'street.jpg' },
      { id: 2, width: 320, height: 240, fileName: 'park.jpg' },
    ]);
    expect([...gt.categories]).toEqual([
      [1, 'person'],
      [3, 'car'],
      [18, 'dog'],
    ]);
    expect(gt.crowdSkipped).toBe(1);
    const one = gt.boxesByImage.get(1)!;
    expect(Array.from(one.boxes)).toEqual([100, 100, 150, 200, 300, 200, 420, 260]);
    expect(Array.from(one.classes)).toEqual([1, 3]);
    expect(Array.from(gt.boxesByImage.get(2)!.classes)).toEqual([18, 1]);
  });

  it('names the first bad entry', () => {
    const good = fixture('instances.json') as { images: object[]; annotations: object[]; categories: object[] };
    const bad = (patch: object): unknown => {
      try {
        return parseCocoGroundTruth({ ...good, ...patch });
      } catch (error) {
        return error;
      }
    };
    expect(bad({ annotations: [{ image_id: 1, category_id: 1, bbox: [0, 0, 10] }] })).toMatchObject({
      code: 'validation',
      messageKey: 'error.nms.cocoInvalid',
      params: { file: 'groundTruth', entry: 'annotations[0].bbox' },
    });
    expect(bad({ annotations: [{ image_id: 9, category_id: 1, bbox: [0, 0, 1, 1] }] })).toMatchObject({
      params: { entry: 'annotations[0].image_id' },
    });
    expect(bad({ annotations: [{ image_id: 1, category_id: 2, bbox: [0, 0, 1, 1] }] })).toMatchObject({
      params: { entry: 'annotations[0].category_id' },
    });
    expect(bad({ images: [{ id: 1 }, { id: 1 }] })).toMatchObject({ params: { entry: 'images[1].id' } });
    expect(bad({ images: 'none' })).toMatchObject({ params: { entry: 'images' } });
    expect(parseCocoGroundTruth.bind(null, null)).toThrow(
      expect.objectContaining({ messageKey: 'error.nms.cocoInvalid', params: expect.objectContaining({ entry: '(root)' }) }),
    );
  });
});

describe('COCO detection results', () => {
  it('become one NMS input per image, remembering each box’s position in the array', () => {
    const images = parseCocoDetections(fixture('results.json'));
    expect(images.map((i) => i.imageId)).toEqual([1, 2]);
    expect(Array.from(images[0]!.entries)).toEqual([0, 1, 2]);
    expect(Array.from(images[1]!.entries)).toEqual([3, 4]);
    expect(Array.from(images[0]!.input.boxes.subarray(4, 8))).toEqual([102, 101, 152, 201]);
    expect(Array.from(images[0]!.input.scores)).toEqual(Array.from(Float32Array.of(0.9, 0.8, 0.7)));
    expect(Array.from(images[0]!.input.classes)).toEqual([1, 1, 3]);
    expect(parseCocoDetections([])).toEqual([]);
  });

  it('names the first bad entry (a negative width, a string id)', () => {
    expect(() => parseCocoDetections(fixture('bad-bbox.json'))).toThrow(
      expect.objectContaining({
        code: 'validation',
        messageKey: 'error.nms.cocoInvalid',
        params: expect.objectContaining({ file: 'detections', entry: '[1].bbox[2]' }),
      }),
    );
    expect(() => parseCocoDetections(fixture('bad-image.json'))).toThrow(
      expect.objectContaining({ params: expect.objectContaining({ entry: '[1].image_id' }) }),
    );
    expect(() => parseCocoDetections({ not: 'an array' })).toThrow(expect.objectContaining({ params: expect.objectContaining({ entry: '(root)' }) }));
  });
});

describe('COCO files through NMS and evaluation', () => {
  it('evaluates raw and NMS-cleaned detections against the ground truth', () => {
    const gt = parseCocoGroundTruth(fixture('instances.json'));
    const detections = parseCocoDetections(fixture('results.json'));
    // Raw: person 0.9 ✓, person 0.8 ✗ (duplicate), car ✓ | dog 0.95 ✓, dog 0.6 ✗; image 2's person is missed.
    const raw = evaluate(cocoEvalImages(gt, detections));
    expect(raw.groundTruthCount).toBe(4);
    expect(raw.precision).toBeCloseTo(3 / 5, 12);
    expect(raw.recall).toBeCloseTo(3 / 4, 12);
    // AP@0.5 per class: person recall ½ at precision 1 → 51/101; car 1; dog 1.
    expect(raw.ap50).toBeCloseTo((51 / 101 + 1 + 1) / 3, 12);
    const cleaned = detections.map((d) => {
      const result = runNms('batched', d.input, { N_t: 0.5 });
      return { ...d, input: { boxes: result.boxes, scores: result.scores, classes: Int32Array.from(result.keep, (k) => d.input.classes[k]!) } };
    });
    const after = evaluate(cocoEvalImages(gt, cleaned));
    expect(after.detectionCount).toBe(3);
    expect(after.precision).toBe(1);
    expect(after.recall).toBeCloseTo(3 / 4, 12);
    expect(after.ap50).toBeCloseTo(raw.ap50, 12);
  });

  it('refuses detections for an image the ground truth does not have', () => {
    const gt = parseCocoGroundTruth(fixture('instances.json'));
    const stray = parseCocoDetections([{ image_id: 77, category_id: 1, bbox: [0, 0, 1, 1], score: 0.5 }]);
    expect(() => cocoEvalImages(gt, stray)).toThrow(
      expect.objectContaining({ messageKey: 'error.nms.cocoInvalid', params: expect.objectContaining({ entry: '[0].image_id' }) }),
    );
  });
});
