import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { LabError } from '../../../../electron/common/errors.js';
import { preprocessorConfigSchema, type PreprocessorConfig } from '../../../../electron/engine/clip/model-files.js';
import { cropAndNormalize, preprocessImage, resizeTarget } from '../../../../electron/engine/clip/preprocess.js';
import { CLIP_SKIP_REASON, HAS_CLIP_FIXTURE, readFixtureJson } from './shared-fixtures.js';

const config = (fields: Record<string, unknown>): PreprocessorConfig => preprocessorConfigSchema.parse(fields);

/** 4×2 RGB, pixel (x, y) as listed; the 2×2 centre crop is columns 1–2. */
const PIXELS = [
  [
    [0, 0, 0],
    [255, 0, 51],
    [51, 102, 153],
    [9, 9, 9],
  ],
  [
    [1, 1, 1],
    [0, 255, 255],
    [102, 51, 0],
    [9, 9, 9],
  ],
];
const tiny = { data: Uint8Array.from(PIXELS.flat(2)), width: 4, height: 2 };

async function labError(promise: Promise<unknown>): Promise<LabError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LabError);
  return error as LabError;
}

const close = (values: ArrayLike<number>, expected: number[], digits = 6): void => {
  expect([...(values as Float32Array)]).toEqual(expected.map((v) => expect.closeTo(v, digits)));
};

describe('crop → rescale → normalise, by hand', () => {
  const cropConfig = config({
    do_resize: false,
    crop_size: { height: 2, width: 2 },
    rescale_factor: 1 / 255,
    image_mean: [0.5, 0.5, 0.5],
    image_std: [0.5, 0.25, 0.5],
  });

  it('crops columns 1–2, rescales by 1/255, then normalises per channel, in CHW order', async () => {
    // R: [255, 51, 0, 102]/255 = [1, .2, 0, .4] → (v − .5)/.5 = [1, −.6, −1, −.2]
    // G: [0, 102, 255, 51]/255 = [0, .4, 1, .2] → (v − .5)/.25 = [−2, −.4, 2, −1.2]
    // B: [51, 153, 255, 0]/255 = [.2, .6, 1, 0] → (v − .5)/.5 = [−.6, .2, 1, −1]
    const out = await preprocessImage(tiny, cropConfig);
    expect([out.height, out.width]).toEqual([2, 2]);
    close(out.data, [1, -0.6, -1, -0.2, -2, -0.4, 2, -1.2, -0.6, 0.2, 1, -1]);
  });

  it('leaves 0–255 values when rescale and normalise are off', () => {
    const out = cropAndNormalize(tiny, config({ do_resize: false, crop_size: { height: 2, width: 2 }, do_rescale: false, do_normalize: false }));
    close(out.data, [255, 51, 0, 102, 0, 102, 255, 51, 51, 153, 255, 0]);
  });

  it('zero-pads a crop larger than the image before normalising (as transformers does)', () => {
    const out = cropAndNormalize(tiny, config({ crop_size: { height: 4, width: 4 }, image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5] }));
    // top = ⌊(2 − 4)/2⌋ = −1: row 0 is padding → (0 − .5)/.5 = −1; row 1 col 0 is pixel (0, 0) = 0 → −1 too.
    expect([out.height, out.width]).toEqual([4, 4]);
    expect(out.data[0]).toBeCloseTo(-1, 6);
    expect(out.data[1 * 4 + 1]).toBeCloseTo((255 / 255 - 0.5) / 0.5, 6); // R of pixel (1, 0)
  });
});

describe('resize', () => {
  it('computes the shortest-edge target as transformers does (long side truncated)', () => {
    expect(resizeTarget(300, 200, { shortest_edge: 224 })).toEqual({ width: 336, height: 224 });
    expect(resizeTarget(200, 333, { shortest_edge: 64 })).toEqual({ width: 64, height: 106 });
    expect(resizeTarget(10, 10, { height: 3, width: 5 })).toEqual({ width: 5, height: 3 });
  });

  it('resizes raw RGB by the shortest edge, then crops; a flat colour stays flat', async () => {
    const flat = { data: new Uint8Array(8 * 4 * 3), width: 8, height: 4 };
    for (let i = 0; i < 8 * 4; i++) flat.data.set([100, 150, 200], i * 3);
    for (const resample of [2, 3]) {
      const out = await preprocessImage(
        flat,
        config({ size: { shortest_edge: 2 }, crop_size: { height: 2, width: 2 }, resample, do_normalize: false }),
      );
      expect([out.height, out.width]).toEqual([2, 2]);
      close(
        out.data,
        [100, 100, 100, 100, 150, 150, 150, 150, 200, 200, 200, 200].map((v) => v / 255),
        2,
      );
    }
  });

  it('resizes to a fixed {height, width} without a crop', async () => {
    const out = await preprocessImage(tiny, config({ size: { height: 3, width: 5 }, do_center_crop: false }));
    expect([out.height, out.width, out.data.length]).toEqual([3, 5, 45]);
  });
});

describe('decoding with sharp', () => {
  const noResize = config({ do_resize: false, do_center_crop: false, do_normalize: false });
  const at = (out: { data: Float32Array; height: number; width: number }, c: number, y: number, x: number): number =>
    Math.round(out.data[(c * out.height + y) * out.width + x]! * 255);

  it('decodes PNG bytes and file paths to the same pixels as the raw input', async () => {
    const png = await sharp(tiny.data, { raw: { width: 4, height: 2, channels: 3 } })
      .png()
      .toBuffer();
    const fromRaw = await preprocessImage(tiny, noResize);
    const fromPng = await preprocessImage(new Uint8Array(png), noResize);
    close(fromPng.data, [...fromRaw.data]);
  });

  it('honours EXIF orientation (6 = rotate 90° clockwise: the left half ends up on top)', async () => {
    const data = new Uint8Array(16 * 8 * 3);
    for (let y = 0; y < 8; y++) for (let x = 0; x < 16; x++) data.set(x < 8 ? [255, 0, 0] : [0, 0, 255], (y * 16 + x) * 3);
    const jpeg = await sharp(data, { raw: { width: 16, height: 8, channels: 3 } })
      .jpeg({ quality: 100 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const out = await preprocessImage(new Uint8Array(jpeg), noResize);
    expect([out.width, out.height]).toEqual([8, 16]);
    expect(at(out, 0, 1, 4)).toBeGreaterThan(200); // top: red
    expect(at(out, 2, 1, 4)).toBeLessThan(60);
    expect(at(out, 2, 14, 4)).toBeGreaterThan(200); // bottom: blue
    expect(at(out, 0, 14, 4)).toBeLessThan(60);
  });

  it('flattens alpha onto white', async () => {
    const rgba = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 255]);
    const png = await sharp(rgba, { raw: { width: 2, height: 1, channels: 4 } })
      .png()
      .toBuffer();
    const out = await preprocessImage(new Uint8Array(png), noResize);
    expect([0, 1, 2].map((c) => at(out, c, 0, 0))).toEqual([255, 255, 255]); // fully transparent → white
    expect([0, 1, 2].map((c) => at(out, c, 0, 1))).toEqual([255, 0, 0]); // opaque red stays red
  });

  it('refuses images over the pixel limit, encoded or raw (decompression-bomb guard)', async () => {
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } })
      .png()
      .toBuffer();
    const encoded = await labError(preprocessImage(new Uint8Array(png), noResize, { maxInputPixels: 1000 }));
    expect(encoded.messageKey).toBe('error.clip.imageTooLarge');
    const raw = await labError(preprocessImage(tiny, noResize, { maxInputPixels: 4 }));
    expect(raw.messageKey).toBe('error.clip.imageTooLarge');
  });

  it('turns unsupported, truncated and missing images into typed errors', async () => {
    const garbage = await labError(preprocessImage(new TextEncoder().encode('this is not an image at all'), noResize));
    expect(garbage).toMatchObject({ code: 'unsupported', messageKey: 'error.clip.imageFormat' });

    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3070a0' } })
      .jpeg()
      .toBuffer();
    const truncated = await labError(preprocessImage(new Uint8Array(jpeg.subarray(0, Math.floor(jpeg.length / 2))), noResize));
    expect(truncated.messageKey).toBe('error.clip.imageUnreadable');

    const missing = await labError(preprocessImage('/nonexistent/cat.jpg', noResize));
    expect(missing.code).toBe('fileAccess');

    const badRaw = await labError(preprocessImage({ data: new Uint8Array(5), width: 2, height: 2 }, noResize));
    expect(badRaw.messageKey).toBe('error.clip.rawImageShape');
  });
});

describe.skipIf(!HAS_CLIP_FIXTURE)(`the real OpenAI CLIP preprocessor_config.json${CLIP_SKIP_REASON}`, () => {
  it('turns a 300×200 image into [3, 224, 224] normalised with the OpenAI mean and std', async () => {
    const openai = preprocessorConfigSchema.parse(readFixtureJson('preprocessor_config.json'));
    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 128, g: 64, b: 32 } } })
      .png()
      .toBuffer();
    const out = await preprocessImage(new Uint8Array(png), openai);
    expect([out.height, out.width, out.data.length]).toEqual([224, 224, 3 * 224 * 224]);
    const mean = [0.48145466, 0.4578275, 0.40821073];
    const std = [0.26862954, 0.26130258, 0.27577711];
    [128, 64, 32].forEach((v, c) => {
      expect(out.data[c * 224 * 224 + 112 * 224 + 112]).toBeCloseTo((v / 255 - mean[c]!) / std[c]!, 2);
    });
  });
});
