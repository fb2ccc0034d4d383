/**
 * Image → CLIP `pixel_values` (float32, CHW) following a Hugging Face
 * CLIPImageProcessor config, in its order: resize → centre crop → rescale →
 * normalise. Decoding and resizing use sharp (libvips); the crop and the
 * arithmetic are done here on the raw RGB bytes so they match the Python
 * processor exactly.
 *
 * Inputs: a file path, encoded bytes (PNG/JPEG/WebP/…), or raw RGB
 * (`{ data, width, height }`, H×W×3 uint8, as the procedural shapes renderer
 * makes) — all three go through the same resize/crop/normalise path.
 */
import type sharp from 'sharp';

// sharp is imported lazily (as in nms/image.ts) so a worker that never decodes an image never loads libvips.
let sharpFactory: Promise<typeof sharp> | null = null;
function loadSharp(): Promise<typeof sharp> {
  sharpFactory ??= import('sharp').then((module) => module.default);
  return sharpFactory;
}

type ResizeKernel = 'nearest' | 'linear' | 'cubic' | 'lanczos3';
import { LabError } from '../../common/errors.js';
import type { PreprocessorConfig } from './model-files.js';

/** Raw interleaved RGB, row-major: data[(y * width + x) * 3 + c]. */
export interface RawRgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

export type ClipImageInput = string | Uint8Array | RawRgbImage;

export interface PreprocessOptions {
  /** Decompression-bomb guard: larger inputs are refused before decoding (sharp's limitInputPixels). Default 40 Mpx. */
  maxInputPixels?: number;
}

/** 40 megapixels, the same bound as nms/image.ts: an 8K frame fits, a bomb does not. */
export const DEFAULT_MAX_INPUT_PIXELS = 40_000_000;

export interface PixelValues {
  /** float32 [3, height, width]. */
  data: Float32Array;
  height: number;
  width: number;
}

/** PIL resampling code → sharp kernel (box and hamming have no sharp twin; bilinear is the closest). */
const KERNELS: Record<number, ResizeKernel> = { 0: 'nearest', 1: 'lanczos3', 2: 'linear', 3: 'cubic', 4: 'linear', 5: 'linear' };

function isRaw(input: ClipImageInput): input is RawRgbImage {
  return typeof input === 'object' && !(input instanceof Uint8Array);
}

/** Maps sharp's error strings onto the lab's typed errors. */
function imageError(error: unknown, source: string, maxInputPixels: number): LabError {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) {
    return new LabError('validation', { messageKey: 'error.clip.imageTooLarge', params: { source, max: maxInputPixels }, detail: message });
  }
  if (/unsupported image format/i.test(message)) {
    return new LabError('unsupported', { messageKey: 'error.clip.imageFormat', params: { source }, detail: message });
  }
  if (/input file is missing|ENOENT|EACCES/i.test(message)) {
    return new LabError('fileAccess', { params: { path: source }, detail: message });
  }
  return new LabError('validation', { messageKey: 'error.clip.imageUnreadable', params: { source }, detail: message });
}

function sourceName(input: ClipImageInput): string {
  if (typeof input === 'string') return input;
  if (input instanceof Uint8Array) return `${input.byteLength} bytes`;
  return `${input.width}×${input.height} RGB`;
}

/** Decodes to raw RGB: EXIF orientation applied, alpha flattened onto white, any colour space converted to sRGB. */
async function decode(input: string | Uint8Array, maxInputPixels: number): Promise<RawRgbImage> {
  const sharp = await loadSharp();
  const { data, info } = await sharp(input, { limitInputPixels: maxInputPixels, failOn: 'warning' })
    .rotate()
    .flatten({ background: { r: 255, g: 255, b: 255 } })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

function checkRaw(image: RawRgbImage, maxInputPixels: number): void {
  const { data, width, height } = image;
  if (
    !(data instanceof Uint8Array) ||
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width < 1 ||
    height < 1 ||
    data.length !== width * height * 3
  ) {
    throw new LabError('validation', {
      messageKey: 'error.clip.rawImageShape',
      params: { width: String(width), height: String(height), length: data instanceof Uint8Array ? data.length : 0 },
    });
  }
  if (width * height > maxInputPixels) {
    throw new LabError('validation', { messageKey: 'error.clip.imageTooLarge', params: { source: sourceName(image), max: maxInputPixels } });
  }
}

/**
 * Output size of the resize step, as transformers' get_resize_output_image_size:
 * the short side becomes `shortest_edge`, the long side int(shortest_edge · long / short).
 */
export function resizeTarget(width: number, height: number, size: PreprocessorConfig['size']): { width: number; height: number } {
  if ('height' in size) return { width: size.width, height: size.height };
  const s = size.shortest_edge;
  if (width <= height) return { width: s, height: Math.floor((s * height) / width) };
  return { width: Math.floor((s * width) / height), height: s };
}

async function resize(image: RawRgbImage, target: { width: number; height: number }, resample: number): Promise<RawRgbImage> {
  if (target.width === image.width && target.height === image.height) return image;
  const sharp = await loadSharp();
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(target.width, target.height, { fit: 'fill', kernel: KERNELS[resample] ?? 'cubic' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

/**
 * Centre crop, rescale and normalise in one pass (HF order: crop → rescale → normalise):
 *   x = (p · rescale_factor − mean_c) / std_c
 * The crop offset is ⌊(H − h)/2⌋, ⌊(W − w)/2⌋; a crop larger than the image is zero-padded, as transformers does.
 */
export function cropAndNormalize(image: RawRgbImage, config: PreprocessorConfig): PixelValues {
  const h = config.do_center_crop ? config.crop_size.height : image.height;
  const w = config.do_center_crop ? config.crop_size.width : image.width;
  const top = Math.floor((image.height - h) / 2);
  const left = Math.floor((image.width - w) / 2);
  const scale = config.do_rescale ? config.rescale_factor : 1;
  const mean = config.do_normalize ? config.image_mean : [0, 0, 0];
  const std = config.do_normalize ? config.image_std : [1, 1, 1];
  const out = new Float32Array(3 * h * w);
  for (let c = 0; c < 3; c++) {
    const m = mean[c]!;
    const sd = std[c]!;
    for (let y = 0; y < h; y++) {
      const sy = y + top;
      for (let x = 0; x < w; x++) {
        const sx = x + left;
        const inside = sy >= 0 && sy < image.height && sx >= 0 && sx < image.width;
        const p = inside ? image.data[(sy * image.width + sx) * 3 + c]! : 0;
        out[(c * h + y) * w + x] = (p * scale - m) / sd;
      }
    }
  }
  return { data: out, height: h, width: w };
}

/**
 * @example await preprocessImage('cat.jpg', openaiPreprocessor) // → { data: Float32Array(3·224·224), height: 224, width: 224 }
 */
export async function preprocessImage(input: ClipImageInput, config: PreprocessorConfig, options: PreprocessOptions = {}): Promise<PixelValues> {
  const maxInputPixels = options.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS;
  let image: RawRgbImage;
  if (isRaw(input)) {
    checkRaw(input, maxInputPixels);
    image = input;
  } else {
    try {
      image = await decode(input, maxInputPixels);
    } catch (error) {
      throw imageError(error, sourceName(input), maxInputPixels);
    }
  }
  if (config.do_resize) {
    try {
      image = await resize(image, resizeTarget(image.width, image.height, config.size), config.resample);
    } catch (error) {
      throw imageError(error, sourceName(input), maxInputPixels);
    }
  }
  return cropAndNormalize(image, config);
}
