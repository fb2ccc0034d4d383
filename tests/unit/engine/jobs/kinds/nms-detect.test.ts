import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { nmsDetect } from '../../../../../electron/engine/jobs/kinds/nms-detect.js';
import { runNms } from '../../../../../electron/engine/nms/index.js';
import { encodeModel, type GraphSpec } from '../../../../../electron/engine/runtime/onnx-graph.js';
import { Runtime } from '../../../../../electron/engine/runtime/ort.js';
import { BUS_JPG, DOG_JPG, HAS_SHARED_FIXTURES, SKIP_REASON, YOLOV8N } from '../../nms/shared-fixtures.js';
import { fakeContext } from './fake-context.js';

const runtime = new Runtime('cpu');
afterAll(() => runtime.releaseAll());

/** A protobuf varint. */
function varint(value: number): number[] {
  const out: number[] = [];
  while (value > 127) {
    out.push((value & 127) | 128);
    value = Math.floor(value / 128);
  }
  out.push(value);
  return out;
}

/** ModelProto field 14 (metadata_props) entries, appended to encoded model bytes (protobuf merges repeated fields). */
function withMetadata(model: Uint8Array, props: Record<string, string>): Uint8Array<ArrayBuffer> {
  const bytes: number[] = [...model];
  for (const [key, value] of Object.entries(props)) {
    const k = [...new TextEncoder().encode(key)];
    const v = [...new TextEncoder().encode(value)];
    const entry = [0x0a, ...varint(k.length), ...k, 0x12, ...varint(v.length), ...v];
    bytes.push((14 << 3) | 2, ...varint(entry.length), ...entry);
  }
  return Uint8Array.from(bytes);
}

/**
 * A fake detector: whatever the image, it outputs `output` (shape `dims`).
 * The image still flows through the graph (its mean × 0 is added), so the
 * input must be fed with the right shape.
 */
function constantDetector(dims: number[], output: Float32Array, input: (number | string)[] = [1, 3, 64, 64]): Uint8Array<ArrayBuffer> {
  const spec: GraphSpec = {
    name: 'fake-yolo',
    opset: 17,
    inputs: [{ name: 'images', type: 'float32', shape: input }],
    outputs: [{ name: 'output0', type: 'float32', shape: dims }],
    initializers: [
      { name: 'raw', dims, data: output },
      { name: 'zero', dims: [], data: Float32Array.of(0) },
    ],
    nodes: [
      { op: 'ReduceMean', inputs: ['images'], outputs: ['mean'], attributes: { keepdims: 0 } },
      { op: 'Mul', inputs: ['mean', 'zero'], outputs: ['nothing'] },
      { op: 'Add', inputs: ['raw', 'nothing'], outputs: ['output0'] },
    ],
  };
  return new Uint8Array(encodeModel(spec));
}

/** A 200×100 photo: in a 64×64 input it is 64×32 with 16 px of grey above and below (r = 0.32). */
async function photo(): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(
    await sharp({ create: { width: 200, height: 100, channels: 3, background: '#4080c0' } })
      .png()
      .toBuffer(),
  );
}

describe('the nms.detect job on built-in fake detectors', () => {
  it('decodes a YOLOv5-layout model end to end, in the photo’s pixels, with the model’s own class names', async () => {
    const N = 100;
    const C = 2;
    const raw = new Float32Array(N * (5 + C));
    raw.set([32, 32, 32, 16, 0.9, 0.1, 0.8], 0); // → (50, 25, 150, 75), score 0.72, class 1
    raw.set([10, 10, 4, 4, 0.1, 0.9, 0.9], 7 * (5 + C)); // objectness 0.1: below the confidence
    const model = withMetadata(constantDetector([1, N, 5 + C], raw), { names: "{0: 'cat', 1: \"dog's toy\"}", stride: '32' });
    const context = fakeContext<'nms.detect'>(runtime);
    const open = vi.spyOn(runtime, 'open');
    const result = await nmsDetect({ model, image: await photo(), confidence: 0.25 }, context);
    expect(open.mock.calls[0]?.[0].key).toMatch(/^model:sha256:[0-9a-f]{64}$/);
    open.mockRestore();
    expect(result).toMatchObject({ imageWidth: 200, imageHeight: 100, layout: 'yolov5', provider: 'cpu', classNames: ['cat', "dog's toy"] });
    expect(Array.from(result.boxes)).toEqual([50, 25, 150, 75]);
    expect(result.scores[0]).toBeCloseTo(0.72, 6);
    expect(Array.from(result.classes)).toEqual([1]);
    expect(context.records.map((r) => r.messageKey)).toEqual([
      'job.nms.detectOpening',
      'job.nms.detectDecoding',
      'job.nms.detectRunning',
      'job.nms.detectDecodingOutput',
    ]);
  });

  it('decodes a YOLOv8-layout model with a dynamic input (letterboxed to 640), naming classes from the caller or "class k"', async () => {
    const N = 200;
    const C = 3;
    const raw = new Float32Array((4 + C) * N);
    // Anchor 5: a box in the middle of the 640×640 input, class 2 at 0.6.
    [320, 320, 320, 160, 0.1, 0.2, 0.6].forEach((v, c) => (raw[c * N + 5] = v));
    const model = constantDetector([1, 4 + C, N], raw, ['batch', 3, 'height', 'width']);
    const image = await photo();
    // 200×100 → r = 3.2, 640×320, 160 px above and below: (160, 240, 480, 400) − (0, 160) → ÷ 3.2 = (50, 25, 150, 75).
    const plain = await nmsDetect({ model, image, confidence: 0.5 }, fakeContext<'nms.detect'>(runtime));
    expect(plain.layout).toBe('yolov8');
    expect(Array.from(plain.boxes)).toEqual([50, 25, 150, 75]);
    expect(plain.classNames).toEqual(['class 0', 'class 1', 'class 2']);
    const named = await nmsDetect({ model, image, confidence: 0.5, classNames: ['a', 'b'] }, fakeContext<'nms.detect'>(runtime));
    expect(named.classNames).toEqual(['a', 'b', 'class 2']);
    expect((await nmsDetect({ model, image, confidence: 0.7 }, fakeContext<'nms.detect'>(runtime))).scores).toHaveLength(0);
  });

  it('refuses what is not a YOLO detector with typed modelInvalid errors', async () => {
    const image = await photo();
    const fail = (model: Uint8Array<ArrayBuffer>, bytes = image): Promise<unknown> =>
      nmsDetect({ model, image: bytes, confidence: 0.25 }, fakeContext<'nms.detect'>(runtime)).catch((e: unknown) => e);
    expect(await fail(new TextEncoder().encode('definitely not onnx'))).toMatchObject({
      code: 'modelInvalid',
      messageKey: 'error.nms.modelUnreadable',
    });
    // A model whose only input is not an image.
    const notImage = new Uint8Array(
      encodeModel({
        name: 'identity',
        opset: 17,
        inputs: [{ name: 'x', type: 'float32', shape: [1, 4] }],
        outputs: [{ name: 'y', type: 'float32', shape: [1, 4] }],
        initializers: [],
        nodes: [{ op: 'Identity', inputs: ['x'], outputs: ['y'] }],
      }),
    );
    expect(await fail(notImage)).toMatchObject({ code: 'modelInvalid', messageKey: 'error.nms.modelInput' });
    // An image model whose 3-D output is no YOLO layout: [1, 3, 4096] would be v8 with −1 classes.
    expect(await fail(constantDetector([1, 3, 4096], new Float32Array(3 * 4096)))).toMatchObject({
      code: 'modelInvalid',
      messageKey: 'error.nms.modelLayout',
    });
    // And a good model with a bad photo.
    expect(await fail(constantDetector([1, 100, 7], new Float32Array(700)), new TextEncoder().encode('GIF89a but not really'))).toMatchObject({
      messageKey: 'error.nms.imageUnreadable',
    });
  });
});

describe.skipIf(!HAS_SHARED_FIXTURES)(`the nms.detect job on the real YOLOv8n (int8)${SKIP_REASON}`, () => {
  const labels = (result: Awaited<ReturnType<typeof nmsDetect>>, N_t: number): string[] => {
    const kept = runNms('batched', { boxes: result.boxes, scores: result.scores, classes: result.classes }, { N_t });
    return Array.from(kept.keep, (k) => result.classNames[result.classes[k]!]!);
  };

  it('finds the bus and the people in bus.jpg after NMS (greedy, class-aware, N_t 0.7 and 0.45, confidence 0.25, as Ultralytics)', async () => {
    const model = new Uint8Array(readFileSync(YOLOV8N));
    const result = await nmsDetect({ model, image: new Uint8Array(readFileSync(BUS_JPG)), confidence: 0.25 }, fakeContext<'nms.detect'>(runtime));
    expect(result).toMatchObject({ imageWidth: 810, imageHeight: 1080, layout: 'yolov8', provider: 'cpu' });
    expect(result.classNames).toHaveLength(80);
    expect(result.classNames.slice(0, 6)).toEqual(['person', 'bicycle', 'car', 'motorcycle', 'airplane', 'bus']);
    expect(result.scores.length).toBeGreaterThan(10); // raw candidates: many duplicates before NMS
    for (const N_t of [0.7, 0.45]) {
      const kept = labels(result, N_t);
      expect(kept.filter((l) => l === 'bus')).toHaveLength(1);
      expect(kept.filter((l) => l === 'person').length).toBeGreaterThanOrEqual(3);
      expect(kept.length).toBeLessThanOrEqual(6);
    }
    // Every box lies inside the photo.
    for (let i = 0; i < result.scores.length; i++) {
      const [x1, y1, x2, y2] = Array.from(result.boxes.subarray(4 * i, 4 * i + 4));
      expect(x1! >= 0 && y1! >= 0 && x2! <= 810 && y2! <= 1080 && x2! >= x1! && y2! >= y1!).toBe(true);
    }
  });

  it('finds the dog, the bicycle and the vehicle in dog_bicycle_truck.jpg', async () => {
    const model = new Uint8Array(readFileSync(YOLOV8N));
    const result = await nmsDetect({ model, image: new Uint8Array(readFileSync(DOG_JPG)), confidence: 0.25 }, fakeContext<'nms.detect'>(runtime));
    const kept = labels(result, 0.7);
    expect(kept).toEqual(expect.arrayContaining(['dog', 'bicycle']));
    expect(kept.some((l) => l === 'truck' || l === 'car')).toBe(true);
  });
});
