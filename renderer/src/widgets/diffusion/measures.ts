/**
 * Small numbers the diffusion lessons compute from what the engine returns: when a schedule
 * has (almost) erased the image, how different a batch of samples is from itself, how
 * alike two text embeddings are, and which steps a filmstrip shows. Pure, so unit tests pin them.
 */

/**
 * The signal share below which the image counts as "almost gone": ᾱ_t < 0.01 means
 * x_t = √ᾱ_t x₀ + √(1−ᾱ_t) ε keeps under a tenth of x₀'s amplitude (√0.01 = 0.1) against
 * almost all of ε's, a signal-to-noise ratio ᾱ/(1−ᾱ) below 1/99.
 */
export const ALMOST_GONE_ALPHA_BAR = 0.01;

/**
 * The first timestep t with ᾱ_t below `threshold`, or null when the schedule never gets there.
 *
 * @example almostGoneStep(Float64Array.of(0.9, 0.5, 0.009, 0.001)) // → 2
 */
export function almostGoneStep(alphasCumprod: ArrayLike<number>, threshold = ALMOST_GONE_ALPHA_BAR): number | null {
  for (let t = 0; t < alphasCumprod.length; t++) if (alphasCumprod[t]! < threshold) return t;
  return null;
}

/** Bytes of image `index` in RGB images stored back to back (each width · height · 3 bytes). */
export function imageAt(images: Uint8Array, index: number, width: number, height: number): Uint8Array {
  const size = width * height * 3;
  return images.subarray(index * size, (index + 1) * size);
}

/**
 * Diversity of a batch: the root-mean-square pixel difference between every pair of images,
 * averaged over pairs, on a 0…1 scale (0: all identical). Classifier-free guidance pushes it
 * down as the scale grows: samples agree more with the prompt and with each other.
 *
 * @example meanPairwiseDistance(Uint8Array.of(0, 0, 0, 255, 255, 255), 2, 3) // → 1
 */
export function meanPairwiseDistance(images: Uint8Array, count: number, bytesPerImage: number): number {
  if (count < 2) return 0;
  let total = 0;
  let pairs = 0;
  for (let a = 0; a < count; a++) {
    for (let b = a + 1; b < count; b++) {
      let squared = 0;
      for (let i = 0; i < bytesPerImage; i++) {
        const d = (images[a * bytesPerImage + i]! - images[b * bytesPerImage + i]!) / 255;
        squared += d * d;
      }
      total += Math.sqrt(squared / bytesPerImage);
      pairs++;
    }
  }
  return total / pairs;
}

/**
 * Cosine similarity of two vectors (1: same direction, 0: unrelated).
 *
 * @example cosine([1, 0], [1, 1]) // → 0.7071…
 */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * Up to `frames` indices spread evenly over 0 … count − 1, always with the first and the last.
 *
 * @example filmstripIndices(50, 6) // → [0, 10, 20, 29, 39, 49]
 */
export function filmstripIndices(count: number, frames: number): number[] {
  if (count <= 0) return [];
  if (count <= frames) return Array.from({ length: count }, (_, i) => i);
  return Array.from({ length: frames }, (_, k) => Math.round((k * (count - 1)) / (frames - 1)));
}

/** Mean absolute difference between two equally long byte images, 0…1: how far apart two samplers' results are. */
export function meanAbsoluteDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length || a.length === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / (255 * a.length);
}
