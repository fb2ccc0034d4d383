/**
 * Photos under a lesson's assets/ folder, named in a widget attribute as
 * `<lesson folder>/assets/<file>` (e.g. "02-nms-basics/assets/astronaut.jpg"):
 * widgets do not know which lesson they sit in, so the attribute names it.
 * Both hosts serve the lessons folder at `lessons/` relative to the page.
 */
import { resolveLessonPath } from '../../lessons/markdown';

const ASSET_PATH = /^(\d{2}-[a-z0-9][a-z0-9-]*)\/(assets\/[\w.-]+\.(?:jpe?g|png|webp))$/;

/**
 * The URL of a lesson photo, or null when the path is not of that form.
 *
 * @example lessonPhotoUrl('02-nms-basics/assets/astronaut.jpg') // → 'lessons/02-nms-basics/assets/astronaut.jpg'
 */
export function lessonPhotoUrl(path: string): string | null {
  const match = ASSET_PATH.exec(path.trim());
  if (!match) return null;
  return resolveLessonPath(match[1] ?? '', match[2] ?? '');
}

/** Loads and decodes an image; rejects when it cannot be fetched or decoded. */
export async function loadImage(url: string): Promise<HTMLImageElement> {
  const image = new Image();
  image.decoding = 'async';
  image.src = url;
  await image.decode();
  return image;
}

/** Whether the learner asked the system for less motion (then fades and playback jump instead of animating). */
export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}
