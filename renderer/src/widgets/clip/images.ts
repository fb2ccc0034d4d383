/**
 * The images a CLIP widget scores: bundled sample photos, the learner's own
 * files and webcam snapshots (sent as encoded bytes), and generated scenes of
 * the shapes world (sent as a seed; the engine renders the same pixels the
 * built-in model was trained on).
 */
import type { ClipImageSpec, ShapesScenePreview } from '../../../../electron/common/clip';
import type { Locale } from '../../../../electron/common/api';
import { host } from '../../host';
import { t } from '../../i18n';
import { resolveLessonPath } from '../../lessons/markdown';

/** Same limit as the wire (electron/common/clip.ts MAX_CLIP_IMAGE_BYTES), checked before an upload. */
export const MAX_IMAGE_BYTES = 50 * 1024 * 1024;
export const IMAGE_ACCEPT = 'image/png,image/jpeg,image/webp,image/gif,image/avif';

export type ClipImageItem =
  | {
      kind: 'photo';
      /** Stable key for lists. */
      id: string;
      /** The file name or the sample's name. */
      name: string;
      /** Where it came from, for the thumbnail's caption. */
      origin: 'sample' | 'file' | 'camera';
      bytes: Uint8Array<ArrayBuffer>;
      /** An object URL for the thumbnail; revoked with `releaseImage`. */
      url: string;
    }
  | {
      kind: 'scene';
      id: string;
      seed: number;
      /** The scene's facts and caption, from `shapes.scene`. */
      scene: Omit<ShapesScenePreview, 'rgb'>;
      /** A data URL of the scene (PNG) for the thumbnail. */
      url: string;
    };

/** The bundled photos (lessons/05-clip-zero-shot/assets/, public domain / CC0; see their LICENSE.md). */
export const SAMPLE_PHOTOS = ['astronaut', 'chelsea', 'coffee', 'rocket'] as const;
export type SamplePhoto = (typeof SAMPLE_PHOTOS)[number];
const SAMPLE_DIR = '05-clip-zero-shot';

let nextId = 0;
const newId = (prefix: string): string => `${prefix}-${++nextId}`;

export function toImageSpec(item: ClipImageItem): ClipImageSpec {
  return item.kind === 'scene' ? { kind: 'scene', seed: item.seed } : { kind: 'bytes', data: item.bytes };
}

/** What a thumbnail is called in tables and chart legends (a sample photo by its translated name). */
export function imageLabel(item: ClipImageItem, locale: Locale): string {
  if (item.kind === 'scene') return item.scene.caption[locale];
  return item.origin === 'sample' ? t(`clipLessons.sample.${item.name}`) : item.name;
}

export function photoFromBytes(
  bytes: Uint8Array<ArrayBuffer>,
  name: string,
  origin: 'sample' | 'file' | 'camera',
  type = 'image/jpeg',
): ClipImageItem {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  return { kind: 'photo', id: newId('photo'), name, origin, bytes, url };
}

/** Fetches a bundled sample as bytes (the same file the engine then decodes). */
export async function loadSample(sample: SamplePhoto): Promise<ClipImageItem> {
  const path = resolveLessonPath(SAMPLE_DIR, `assets/${sample}.jpg`);
  if (!path) throw new Error(`no path for sample ${sample}`);
  const response = await fetch(path);
  if (!response.ok) throw new Error(`sample ${sample}: HTTP ${response.status}`);
  return photoFromBytes(new Uint8Array(await response.arrayBuffer()), sample, 'sample');
}

/** RGB bytes → a PNG data URL, through a canvas (the page's own code; no upload). */
function rgbToDataUrl(rgb: Uint8Array, width: number, height: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return '';
  const image = ctx.createImageData(width, height);
  for (let p = 0; p < width * height; p++) {
    image.data[p * 4] = rgb[p * 3]!;
    image.data[p * 4 + 1] = rgb[p * 3 + 1]!;
    image.data[p * 4 + 2] = rgb[p * 3 + 2]!;
    image.data[p * 4 + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
  return canvas.toDataURL('image/png');
}

export interface SceneRequest {
  seed: number;
  shape?: string;
  colour?: string;
  count?: number;
}

/** Thumbnails are drawn at this size; the model still sees the scene at its own 64 × 64. */
const THUMBNAIL_RESOLUTION = 128;

/** Asks the engine for the first scene from `seed` with the given facts, with its pixels for a thumbnail. */
export async function loadScene(request: SceneRequest): Promise<ClipImageItem> {
  const match = {
    ...(request.shape ? { shape: request.shape } : {}),
    ...(request.colour ? { colour: request.colour } : {}),
    ...(request.count ? { count: request.count } : {}),
  };
  const preview = await host.call('shapes.scene', {
    seed: request.seed,
    resolution: THUMBNAIL_RESOLUTION,
    ...(Object.keys(match).length > 0 ? { match } : {}),
  });
  const { rgb, ...scene } = preview;
  return { kind: 'scene', id: newId('scene'), seed: preview.seed, scene, url: rgbToDataUrl(rgb, preview.width, preview.height) };
}

export function releaseImage(item: ClipImageItem): void {
  if (item.kind === 'photo') URL.revokeObjectURL(item.url);
}
