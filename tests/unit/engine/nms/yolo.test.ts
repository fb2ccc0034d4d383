import { describe, expect, it } from 'vitest';
import { LabError } from '../../../../electron/common/errors.js';
import { DEFAULT_INPUT_SIZE, decodeYolo, detectYoloLayout, inspectYoloModel, letterboxGeometry } from '../../../../electron/engine/nms/yolo.js';

describe('letterboxGeometry (Ultralytics LetterBox, auto=False)', () => {
  it('fits a portrait photo: 810×1080 into 640×640 → 480×640, 80 px grey each side', () => {
    const g = letterboxGeometry({ width: 810, height: 1080 }, { width: 640, height: 640 });
    expect(g.scale).toBeCloseTo(640 / 1080, 12);
    expect(g.resized).toEqual({ width: 480, height: 640 });
    expect(g.pad).toEqual({ top: 0, bottom: 0, left: 80, right: 80 });
  });

  it('splits an odd padding as Ultralytics does (round(d − 0.1) before, round(d + 0.1) after)', () => {
    // 768×576 → r = ⅚ → 640×480, dh = 80; 100×61 → r = 6.4 → 640×390 (390.4), dh = 125 → top 125, bottom 125.
    expect(letterboxGeometry({ width: 768, height: 576 }, { width: 640, height: 640 }).pad).toEqual({ top: 80, bottom: 80, left: 0, right: 0 });
    const odd = letterboxGeometry({ width: 640, height: 481 }, { width: 640, height: 640 });
    expect(odd.resized).toEqual({ width: 640, height: 481 });
    expect(odd.pad).toEqual({ top: 79, bottom: 80, left: 0, right: 0 }); // dh = 79.5
    // Python's round(2.5) = 2: a half in the resized size goes to even.
    expect(letterboxGeometry({ width: 5, height: 2 }, { width: 10, height: 10 }).resized).toEqual({ width: 10, height: 4 });
    expect(letterboxGeometry({ width: 4, height: 5 }, { width: 10, height: 10 }).resized).toEqual({ width: 8, height: 10 });
  });

  it('scales small images up (scaleup=True)', () => {
    const g = letterboxGeometry({ width: 100, height: 50 }, { width: 640, height: 640 });
    expect(g.scale).toBe(6.4);
    expect(g.resized).toEqual({ width: 640, height: 320 });
    expect(g.pad).toEqual({ top: 160, bottom: 160, left: 0, right: 0 });
  });
});

describe('detectYoloLayout', () => {
  it('tells v5 [1, N, 5 + C] from v8/11 [1, 4 + C, N] by which axis is longer', () => {
    expect(detectYoloLayout([1, 84, 8400])).toEqual({ layout: 'yolov8', classes: 80, anchors: 8400 });
    expect(detectYoloLayout([1, 25200, 85])).toEqual({ layout: 'yolov5', classes: 80, anchors: 25200 });
    expect(detectYoloLayout([1, 5, 2100])).toEqual({ layout: 'yolov8', classes: 1, anchors: 2100 });
    expect(detectYoloLayout([1, 6300, 6])).toEqual({ layout: 'yolov5', classes: 1, anchors: 6300 });
  });

  it('refuses other shapes with a typed modelInvalid error', () => {
    for (const dims of [
      [84, 8400],
      [2, 84, 8400],
      [1, 4, 8400],
      [1, 100, 5],
      [1, 85, 85],
      [1, 1, 1, 1],
    ]) {
      expect(() => detectYoloLayout(dims), String(dims)).toThrow(
        expect.objectContaining({ code: 'modelInvalid', messageKey: 'error.nms.modelLayout' }),
      );
    }
  });
});

describe('decodeYolo', () => {
  // A 200×100 photo into a 64×64 input: r = 0.32, resized 64×32, 16 px grey above and below.
  const geometry = letterboxGeometry({ width: 200, height: 100 }, { width: 64, height: 64 });
  const C = 2;

  it('decodes v8 channel-major output: best class, no objectness, mapped back through the letterbox and clipped', () => {
    const N = 10;
    const out = new Float32Array((4 + C) * N);
    const put = (a: number, values: number[]): void => values.forEach((v, c) => (out[c * N + a] = v));
    put(0, [32, 32, 32, 16, 0.1, 0.8]); // → xyxy (16, 24, 48, 40) in input px → (50, 25, 150, 75) in the photo
    put(3, [2, 20, 8, 8, 0.3, 0.2]); // x1 = −2 → clipped to 0; class 0 with 0.3
    put(5, [32, 32, 10, 10, 0.25, 0.1]); // 0.25 is not > 0.25: dropped
    const r = decodeYolo(out, [1, 4 + C, N], geometry, { confidence: 0.25 });
    expect(r.layout).toBe('yolov8');
    expect(r.classCount).toBe(C);
    expect(Array.from(r.classes)).toEqual([1, 0]);
    expect(Array.from(r.scores)).toEqual([Math.fround(0.8), Math.fround(0.3)]);
    expect(Array.from(r.boxes.subarray(0, 4))).toEqual([50, 25, 150, 75]);
    expect(Array.from(r.boxes.subarray(4, 8)).map((v) => Number(v.toFixed(4)))).toEqual([0, 0, 18.75, 25]);
  });

  it('decodes v5 anchor-major output: score = objectness × class score, objectness pre-filter', () => {
    const N = 10;
    const out = new Float32Array((5 + C) * N);
    out.set([32, 32, 32, 16, 0.5, 0.9, 0.2], 0 * (5 + C)); // score 0.45, class 0
    out.set([32, 32, 32, 16, 0.2, 1, 1], 1 * (5 + C)); // objectness 0.2 ≤ 0.25: dropped
    out.set([32, 32, 32, 16, 0.9, 0.1, 0.25], 2 * (5 + C)); // 0.9 · 0.25 = 0.225 ≤ 0.25: dropped
    const r = decodeYolo(out, [1, N, 5 + C], geometry, { confidence: 0.25 });
    expect(r.layout).toBe('yolov5');
    expect(Array.from(r.classes)).toEqual([0]);
    expect(r.scores[0]).toBeCloseTo(0.45, 6);
    expect(Array.from(r.boxes)).toEqual([50, 25, 150, 75]);
  });

  it('skips anchors with non-finite coordinates and refuses an output whose length does not match its shape', () => {
    const N = 10;
    const out = new Float32Array((4 + C) * N);
    out[0] = Number.NaN;
    out[4 * N] = 0.9;
    expect(decodeYolo(out, [1, 4 + C, N], geometry, { confidence: 0.25 }).scores).toHaveLength(0);
    expect(() => decodeYolo(out.subarray(1), [1, 4 + C, N], geometry, { confidence: 0.25 })).toThrow(LabError);
  });
});

describe('inspectYoloModel', () => {
  const image = { name: 'images', isTensor: true, type: 'float32', shape: [1, 3, 640, 640] };
  const output = { name: 'output0', isTensor: true, type: 'float32', shape: [1, 84, 8400] };

  it('finds the input size, 640 where it is dynamic, and ignores extra outputs of other ranks', () => {
    expect(inspectYoloModel([image], [output])).toEqual({ inputName: 'images', outputName: 'output0', input: { width: 640, height: 640 } });
    expect(inspectYoloModel([{ ...image, shape: ['batch', 3, 'h', 'w'] }], [output]).input).toEqual({
      width: DEFAULT_INPUT_SIZE,
      height: DEFAULT_INPUT_SIZE,
    });
    expect(inspectYoloModel([{ ...image, shape: [1, 3, 384, 640] }], [output]).input).toEqual({ width: 640, height: 384 });
    const heads = { name: '345', isTensor: true, type: 'float32', shape: [1, 3, 80, 80, 85] };
    expect(inspectYoloModel([image], [{ ...output, shape: [1, 25200, 85] }, heads]).outputName).toBe('output0');
  });

  it('names what is wrong: the input, or the output', () => {
    const input = (values: Parameters<typeof inspectYoloModel>[0]): unknown => {
      try {
        return inspectYoloModel(values, [output]);
      } catch (error) {
        return error;
      }
    };
    for (const bad of [
      [],
      [image, image],
      [{ ...image, type: 'float16' }],
      [{ ...image, shape: [1, 3, 640] }],
      [{ ...image, shape: [1, 1, 640, 640] }],
      [{ ...image, shape: [4, 3, 640, 640] }],
    ]) {
      expect(input(bad)).toMatchObject({ code: 'modelInvalid', messageKey: 'error.nms.modelInput' });
    }
    expect(() => inspectYoloModel([image], [{ ...output, shape: [1, 84] }])).toThrow(
      expect.objectContaining({ code: 'modelInvalid', messageKey: 'error.nms.modelOutput' }),
    );
    expect(() => inspectYoloModel([image], [output, output])).toThrow(expect.objectContaining({ messageKey: 'error.nms.modelOutput' }));
    expect(() => inspectYoloModel([image], [{ ...output, shape: [2, 84, 8400] }])).toThrow(
      expect.objectContaining({ messageKey: 'error.nms.modelLayout' }),
    );
  });
});
