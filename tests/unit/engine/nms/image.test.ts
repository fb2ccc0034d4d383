import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MAX_IMAGE_PIXELS, PAD_VALUE, decodeResizedRgb, imageSize } from '../../../../electron/engine/nms/image.js';
import { letterboxImage } from '../../../../electron/engine/nms/yolo.js';

/**
 * A decompression bomb's front door: a real 16×16 PNG whose IHDR is patched
 * to claim width × height (CRC fixed), so the header parses but the pixels
 * would expand to width·height·3 bytes.
 */
async function pngClaiming(width: number, height: number): Promise<Uint8Array> {
  const png = Buffer.from(
    await sharp({ create: { width: 16, height: 16, channels: 3, background: '#000' } })
      .png()
      .toBuffer(),
  );
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)) >>> 0, 29);
  return new Uint8Array(png);
}

async function solid(width: number, height: number, rgb: [number, number, number], format: 'png' | 'jpeg'): Promise<Uint8Array> {
  const image = sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } });
  return new Uint8Array(await (format === 'png' ? image.png() : image.jpeg({ quality: 95 })).toBuffer());
}

describe('image decoding (sharp)', () => {
  it('honours EXIF orientation: a 40×20 JPEG tagged "rotate 90°" is a 20×40 photo', async () => {
    const bytes = new Uint8Array(
      await sharp({ create: { width: 40, height: 20, channels: 3, background: '#336699' } })
        .jpeg()
        .withMetadata({ orientation: 6 })
        .toBuffer(),
    );
    expect(await imageSize(bytes)).toEqual({ width: 20, height: 40 });
    const { geometry } = await letterboxImage(bytes, { width: 64, height: 64 });
    expect(geometry.image).toEqual({ width: 20, height: 40 });
    expect(geometry.resized).toEqual({ width: 32, height: 64 });
  });

  it('letterboxes into NCHW float32 RGB in 0–1 with grey 114 padding, and flattens alpha onto that grey', async () => {
    // Left half opaque red, right half fully transparent.
    const rgba = new Uint8Array(20 * 10 * 4);
    for (let y = 0; y < 10; y++) for (let x = 0; x < 10; x++) rgba.set([255, 0, 0, 255], 4 * (y * 20 + x));
    const png = new Uint8Array(
      await sharp(rgba, { raw: { width: 20, height: 10, channels: 4 } })
        .png()
        .toBuffer(),
    );
    const { tensor, geometry } = await letterboxImage(png, { width: 20, height: 20 });
    expect(geometry.pad).toEqual({ top: 5, bottom: 5, left: 0, right: 0 });
    expect(tensor).toHaveLength(3 * 20 * 20);
    const at = (c: number, y: number, x: number): number => tensor[c * 400 + y * 20 + x]!;
    const grey = PAD_VALUE / 255;
    expect([at(0, 0, 0), at(1, 0, 0), at(2, 0, 0)].map((v) => v.toFixed(4))).toEqual([grey, grey, grey].map((v) => v.toFixed(4))); // padding
    expect([at(0, 10, 2), at(1, 10, 2), at(2, 10, 2)]).toEqual([1, 0, 0]); // red, channel order RGB
    expect([at(0, 10, 17), at(1, 10, 17), at(2, 10, 17)].map((v) => v.toFixed(4))).toEqual([grey, grey, grey].map((v) => v.toFixed(4))); // transparent → grey
  });

  it('turns greyscale into three equal channels', async () => {
    const grey = new Uint8Array(
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
        .greyscale()
        .png()
        .toBuffer(),
    );
    const { rgb } = await decodeResizedRgb(grey, () => ({ width: 8, height: 8, pad: { top: 0, bottom: 0, left: 0, right: 0 } }));
    expect(rgb).toHaveLength(8 * 8 * 3);
    expect(rgb[0]).toBe(rgb[1]);
    expect(rgb[1]).toBe(rgb[2]);
  });

  it('refuses a decompression bomb from its header, before decoding anything', async () => {
    const bomb = await pngClaiming(100_000, 100_000);
    await expect(imageSize(bomb)).rejects.toMatchObject({
      code: 'validation',
      messageKey: 'error.nms.imageTooLarge',
      params: { width: 100_000, height: 100_000, maxPixels: MAX_IMAGE_PIXELS },
    });
    await expect(letterboxImage(bomb)).rejects.toMatchObject({ messageKey: 'error.nms.imageTooLarge' });
    // A real (small) image over a lowered limit is refused the same way.
    await expect(imageSize(await solid(100, 100, [1, 2, 3], 'png'), 5000)).rejects.toMatchObject({ messageKey: 'error.nms.imageTooLarge' });
  });

  it('turns bytes that are not an image, or a truncated one, into a typed error', async () => {
    await expect(imageSize(new TextEncoder().encode('not an image at all'))).rejects.toMatchObject({ messageKey: 'error.nms.imageUnreadable' });
    const jpeg = await solid(64, 64, [200, 10, 10], 'jpeg');
    await expect(letterboxImage(jpeg.subarray(0, 200))).rejects.toMatchObject({ messageKey: 'error.nms.imageUnreadable' });
    // The pixel data of a 16×16 PNG cannot fill the 64×64 its header claims.
    await expect(letterboxImage(await pngClaiming(64, 64))).rejects.toMatchObject({ messageKey: 'error.nms.imageUnreadable' });
  });
});
