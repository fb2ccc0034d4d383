/**
 * Pictures for the CLIP lessons 5–7: RGB scenes from `shapes.scenes` onto
 * canvases, canvases to PNG bytes for `clip.similarity` ({ kind: 'bytes' }),
 * and image files from a file picker or a dropped folder.
 */
/** As electron/common/clip.ts MAX_CLIP_IMAGES (the renderer may import only types from there). */
const MAX_CLIP_IMAGES = 64;

/** Draws row-major RGB bytes on a new canvas (nearest-neighbour scaled by `scale`). */
export function rgbCanvas(rgb: Uint8Array, width: number, height: number, scale = 1): HTMLCanvasElement {
  const source = document.createElement('canvas');
  source.width = width;
  source.height = height;
  const context = source.getContext('2d')!;
  const image = context.createImageData(width, height);
  for (let p = 0, q = 0; p < width * height; p++, q += 3) {
    image.data[4 * p] = rgb[q]!;
    image.data[4 * p + 1] = rgb[q + 1]!;
    image.data[4 * p + 2] = rgb[q + 2]!;
    image.data[4 * p + 3] = 255;
  }
  context.putImageData(image, 0, 0);
  if (scale === 1) return source;
  const scaled = document.createElement('canvas');
  scaled.width = width * scale;
  scaled.height = height * scale;
  const target = scaled.getContext('2d')!;
  target.imageSmoothingEnabled = false;
  target.drawImage(source, 0, 0, scaled.width, scaled.height);
  return scaled;
}

export function rgbDataUrl(rgb: Uint8Array, width: number, height: number): string {
  return rgbCanvas(rgb, width, height).toDataURL('image/png');
}

export async function canvasPng(canvas: HTMLCanvasElement): Promise<Uint8Array<ArrayBuffer>> {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the canvas could not be encoded');
  return new Uint8Array(await blob.arrayBuffer());
}

export interface PickedImage {
  name: string;
  bytes: Uint8Array<ArrayBuffer>;
  /** An object URL for the thumbnail; revoke it when the image goes away. */
  url: string;
}

const IMAGE_FILE = /\.(png|jpe?g|webp|gif|bmp|avif|tiff?)$/i;

async function filesOfEntry(entry: FileSystemEntry, out: File[]): Promise<void> {
  if (out.length >= MAX_CLIP_IMAGES) return;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    if (IMAGE_FILE.test(file.name)) out.push(file);
    return;
  }
  if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const child of batch) await filesOfEntry(child, out);
    }
  }
}

/** The image files of a drop (folders are walked), at most MAX_CLIP_IMAGES, in name order. */
export async function droppedImageFiles(transfer: DataTransfer): Promise<File[]> {
  const files: File[] = [];
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (entries.length > 0) for (const entry of entries) await filesOfEntry(entry, files);
  else for (const file of transfer.files) if (IMAGE_FILE.test(file.name) || file.type.startsWith('image/')) files.push(file);
  return files.sort((a, b) => a.name.localeCompare(b.name)).slice(0, MAX_CLIP_IMAGES);
}

export async function readImages(files: readonly File[]): Promise<PickedImage[]> {
  return Promise.all(
    files.slice(0, MAX_CLIP_IMAGES).map(async (file) => ({
      name: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
      url: URL.createObjectURL(file),
    })),
  );
}
