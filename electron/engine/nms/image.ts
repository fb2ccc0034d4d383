/**
 * Decoding a learner's photo for a detector, with sharp (libvips): JPEG,
 * PNG, WebP, GIF, AVIF, TIFF. What the lab adds on top:
 *   - EXIF orientation is applied (a phone photo taken upright is upright, and
 *     the boxes land where the learner sees the objects);
 *   - alpha is flattened onto the letterbox grey (114), so transparent
 *     regions look like padding — "nothing here" — to a YOLO model;
 *   - images over MAX_IMAGE_PIXELS are refused from their header, before any
 *     pixel is decoded (a decompression bomb: a few kB of PNG that would
 *     expand to gigabytes), and sharp's own limitInputPixels guards the
 *     decoder with the same number;
 *   - anything sharp cannot read is a typed error, never an exception.
 * sharp is imported lazily so a job worker that never decodes an image never
 * loads libvips.
 */
import type sharp from 'sharp';
import type { Sharp } from 'sharp';
import { LabError } from '../../common/errors.js';

/** 40 megapixels: an 8K frame (33 MP) or a 40 MP camera still fits, a bomb does not. */
export const MAX_IMAGE_PIXELS = 40_000_000;

/** The grey Ultralytics pads letterboxes with (and the lab flattens alpha onto). */
export const PAD_VALUE = 114;

/** An image after EXIF orientation, in its displayed size. */
export interface ImageSize {
  width: number;
  height: number;
}

type SharpFactory = typeof sharp;

let sharpFactory: Promise<SharpFactory> | null = null;

function loadSharp(): Promise<SharpFactory> {
  sharpFactory ??= import('sharp').then((module) => module.default);
  return sharpFactory;
}

function unreadable(error: unknown): LabError {
  return new LabError('validation', {
    messageKey: 'error.nms.imageUnreadable',
    detail: `the image could not be decoded: ${(error instanceof Error ? error.message : String(error)).slice(0, 300)}`,
  });
}

async function openImage(bytes: Uint8Array, maxPixels: number): Promise<{ image: Sharp; size: ImageSize }> {
  const open = await loadSharp();
  // failOn 'error': a phone photo with a harmless warning (a truncated thumbnail) still loads; real corruption does not.
  const image = open(bytes, { autoOrient: true, limitInputPixels: maxPixels, failOn: 'error', pages: 1 });
  let metadata;
  try {
    // The header alone, without sharp's limit (which would only say "exceeds"), so the error can give the size.
    metadata = await open(bytes, { autoOrient: true, limitInputPixels: false, pages: 1 }).metadata();
  } catch (error) {
    throw unreadable(error);
  }
  const width = metadata.autoOrient.width;
  const height = metadata.autoOrient.height;
  if (!(width > 0 && height > 0)) throw unreadable(new Error(`no size in the header (${width}×${height})`));
  if (width * height > maxPixels) {
    throw new LabError('validation', {
      messageKey: 'error.nms.imageTooLarge',
      params: { width, height, maxPixels },
      detail: `the image is ${width}×${height} = ${width * height} pixels; at most ${maxPixels} are decoded (downscale it first)`,
    });
  }
  return { image, size: { width, height } };
}

/**
 * The displayed size of an encoded image (after EXIF orientation), from its header alone.
 *
 * @example await imageSize(readFileSync('bus.jpg')) // → { width: 810, height: 1080 }
 */
export async function imageSize(bytes: Uint8Array, maxPixels = MAX_IMAGE_PIXELS): Promise<ImageSize> {
  return (await openImage(bytes, maxPixels)).size;
}

export interface ResizedImage {
  /** The oriented image's size before resizing. */
  source: ImageSize;
  /** Interleaved RGB, 8 bits per channel, row-major: (target.width × target.height × 3) bytes. */
  rgb: Uint8Array;
}

/**
 * Decodes, orients, flattens alpha, resizes to `resize` (bilinear, as
 * OpenCV's INTER_LINEAR in Ultralytics' letterbox) and pads by `pad` pixels
 * of grey 114 on each side, giving 8-bit RGB.
 *
 * @example await decodeResizedRgb(bytes, (size) => ({ width: 480, height: 640, pad: { top: 0, bottom: 0, left: 80, right: 80 } }))
 * // → { source: { width: 810, height: 1080 }, rgb: Uint8Array(640 · 640 · 3) }
 */
export async function decodeResizedRgb(
  bytes: Uint8Array,
  plan: (source: ImageSize) => { width: number; height: number; pad: { top: number; bottom: number; left: number; right: number } },
  maxPixels = MAX_IMAGE_PIXELS,
): Promise<ResizedImage> {
  const { image, size } = await openImage(bytes, maxPixels);
  const { width, height, pad } = plan(size);
  const grey = { r: PAD_VALUE, g: PAD_VALUE, b: PAD_VALUE };
  try {
    const { data, info } = await image
      .flatten({ background: grey })
      .resize(width, height, { fit: 'fill', kernel: 'linear' })
      .extend({ ...pad, background: grey })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const expected = (width + pad.left + pad.right) * (height + pad.top + pad.bottom) * 3;
    if (info.channels !== 3 || data.length !== expected) {
      throw new Error(`decoded ${info.width}×${info.height}×${info.channels}, expected ${expected} RGB bytes`);
    }
    return { source: size, rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (error) {
    if (error instanceof LabError) throw error;
    throw unreadable(error);
  }
}
