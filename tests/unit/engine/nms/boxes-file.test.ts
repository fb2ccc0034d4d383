import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBoxesFile } from '../../../../electron/engine/nms/boxes-file.js';
import { FIXTURES } from '../../../support/paths.js';

describe('boxes files (lab nms --boxes)', () => {
  it('reads the lab form with every optional field, renamed to NmsInput', () => {
    const file = parseBoxesFile({
      boxes: [
        [0, 0, 10, 10],
        [1, 0, 11, 10],
      ],
      scores: [0.9, 0.8],
      classes: [0, 2],
      ious: [0.7, 0.9],
      variances: [
        [1, 1, 1, 1],
        [2, 2, 2, 2],
      ],
      densities: [0.1, 0.2],
      imageWidth: 640, // other keys (lab detect --json output) are ignored
    });
    expect(file.format).toBe('lab');
    expect(file.entries).toBeNull();
    expect(Array.from(file.input.boxes)).toEqual([0, 0, 10, 10, 1, 0, 11, 10]);
    expect(Array.from(file.input.classes!)).toEqual([0, 2]);
    expect(file.input.predictedIous).toEqual(Float32Array.of(0.7, 0.9));
    expect(file.input.variances).toHaveLength(8);
    expect(file.input.densities).toEqual(Float32Array.of(0.1, 0.2));
  });

  it('names what is wrong: a short box, a missing field, a length mismatch, a bad class', () => {
    const error = (json: unknown): unknown => {
      try {
        return parseBoxesFile(json);
      } catch (e) {
        return e;
      }
    };
    expect(error({ boxes: [[0, 0, 10]], scores: [0.9] })).toMatchObject({
      code: 'validation',
      messageKey: 'error.nms.boxesFileInvalid',
      params: { entry: 'boxes[0]' },
    });
    expect(error({ boxes: [[0, 0, 1, 1]] })).toMatchObject({ params: { entry: 'scores' } });
    expect(error({ boxes: [[0, 0, 1, 1]], scores: [0.5, 0.4] })).toMatchObject({
      params: { entry: 'scores', issue: 'has 2 entries but boxes has 1' },
    });
    expect(error({ boxes: [[0, 0, 1, 1]], scores: [0.5], classes: [-1] })).toMatchObject({ params: { entry: 'classes[0]' } });
    expect(error({ boxes: [[0, 0, 1, 1]], scores: [0.5], densities: [0.5, 0.5] })).toMatchObject({ params: { entry: 'densities' } });
    expect(error('boxes')).toMatchObject({ params: { entry: '(root)' } });
  });

  it('reads a COCO results array for one image, keeping the array positions', () => {
    const results = JSON.parse(readFileSync(join(FIXTURES, 'coco', 'results.json'), 'utf8')) as unknown[];
    expect(() => parseBoxesFile(results)).toThrow(expect.objectContaining({ messageKey: 'error.nms.boxesFileManyImages', params: { count: 2 } }));
    const two = parseBoxesFile(results, { imageId: 2 });
    expect(two).toMatchObject({ format: 'coco', imageId: 2 });
    expect(Array.from(two.entries!)).toEqual([3, 4]);
    expect(Array.from(two.input.boxes.subarray(0, 4))).toEqual([20, 30, 100, 90]);
    expect(() => parseBoxesFile(results, { imageId: 5 })).toThrow(
      expect.objectContaining({ messageKey: 'error.nms.boxesFileInvalid', params: expect.objectContaining({ entry: 'image_id' }) }),
    );
    expect(parseBoxesFile([]).input.scores).toHaveLength(0);
  });
});
