/**
 * Images in and out of the diffusion engine: CHW float tensors in a value range ↔ interleaved
 * RGB bytes, and encoded files (PNG/JPEG/WebP via sharp) ↔ tensors.
 */
import sharp from 'sharp';
import { LabError } from '../../common/errors.js';

/**
 * `count` CHW images (channels 1 or ≥ 3) in [lo, hi] → RGB bytes, images one after another.
 * @example rgbBytes(Float32Array.of(0), 1, 1, 1, 1, [-1, 1]) // → Uint8Array [128, 128, 128] (one grey pixel)
 */
export function rgbBytes(
  images: Float32Array,
  count: number,
  channels: number,
  height: number,
  width: number,
  range: readonly [number, number],
  out: Uint8Array = new Uint8Array(count * height * width * 3),
): Uint8Array {
  const plane = height * width;
  const scale = 255 / (range[1] - range[0]);
  const lo = range[0];
  for (let b = 0; b < count; b++) {
    const base = b * channels * plane;
    const target = b * plane * 3;
    for (let c = 0; c < 3; c++) {
      const source = base + Math.min(c, channels - 1) * plane;
      for (let p = 0; p < plane; p++) {
        const v = Math.round((images[source + p]! - lo) * scale);
        out[target + p * 3 + c] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
  }
  return out;
}

/** RGB bytes (H·W·3) → CHW floats in [lo, hi]. */
export function fromRgbBytes(rgb: Uint8Array, height: number, width: number, range: readonly [number, number] = [-1, 1]): Float32Array {
  const plane = height * width;
  const out = new Float32Array(3 * plane);
  const scale = (range[1] - range[0]) / 255;
  for (let p = 0; p < plane; p++) for (let c = 0; c < 3; c++) out[c * plane + p] = range[0] + rgb[p * 3 + c]! * scale;
  return out;
}

/** Decodes an encoded image and resizes it to a `size`×`size` RGB square (centre crop, as the shapes world is square). */
export async function decodeSquare(bytes: Uint8Array, size: number): Promise<Uint8Array> {
  try {
    const { data } = await sharp(bytes, { limitInputPixels: 40_000_000 })
      .rotate()
      .flatten({ background: '#ffffff' })
      .resize(size, size, { fit: 'cover' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } catch (error) {
    throw new LabError('validation', {
      messageKey: 'error.diffusion.imageUnreadable',
      detail: error instanceof Error ? error.message : String(error),
    });
  }
}

/**
 * A grid PNG of RGB tiles (each width×height), `columns` per row, upscaled `scale`× with
 * nearest-neighbour so 32-pixel samples stay crisp, 2-pixel white gutters.
 */
export async function gridPng(tiles: readonly Uint8Array[], width: number, height: number, columns: number, scale = 1): Promise<Buffer> {
  const rows = Math.ceil(tiles.length / columns);
  const gutter = 2;
  const cellW = width * scale + gutter;
  const cellH = height * scale + gutter;
  const W = columns * cellW + gutter;
  const H = rows * cellH + gutter;
  const canvas = Buffer.alloc(W * H * 3, 255);
  tiles.forEach((tile, k) => {
    const ox = gutter + (k % columns) * cellW;
    const oy = gutter + Math.floor(k / columns) * cellH;
    for (let y = 0; y < height * scale; y++) {
      for (let x = 0; x < width * scale; x++) {
        const s = (Math.floor(y / scale) * width + Math.floor(x / scale)) * 3;
        const d = ((oy + y) * W + ox + x) * 3;
        canvas[d] = tile[s]!;
        canvas[d + 1] = tile[s + 1]!;
        canvas[d + 2] = tile[s + 2]!;
      }
    }
  });
  return sharp(canvas, { raw: { width: W, height: H, channels: 3 } })
    .png()
    .toBuffer();
}

/** Splits images-one-after-another RGB bytes into one Uint8Array per image (views, no copy). */
export function splitImages(bytes: Uint8Array, count: number): Uint8Array[] {
  const per = bytes.length / count;
  return Array.from({ length: count }, (_, i) => bytes.subarray(i * per, (i + 1) * per));
}
