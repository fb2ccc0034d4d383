/**
 * Seeded Gaussian noise for the forward process and the samplers, reproducible on every
 * platform: standard normals from engine/random/rng.ts (mulberry32 uniforms → Box–Muller,
 * the cosine value first, then its sine partner), written in order into flat buffers.
 *
 * A sampler run draws, from one stream per seed: first x_T (image-major, CHW within each
 * image, so image 0 of a batch is the same whatever the batch size), then, for the
 * stochastic samplers (DDPM, DDIM with η > 0), one buffer of z per step.
 */
import { createRng, type Rng } from '../random/rng.js';

export interface GaussianNoise {
  /** Fills `out` with independent N(0, 1) draws and returns it. */
  fill(out: Float32Array): Float32Array;
}

/** @example gaussianNoise(1).fill(new Float32Array(2)) // → the first two createRng(1).normal() values, as float32 */
export function gaussianNoise(seed: number | Rng): GaussianNoise {
  const rng = typeof seed === 'number' ? createRng(seed) : seed;
  return {
    fill(out) {
      for (let i = 0; i < out.length; i++) out[i] = rng.normal();
      return out;
    },
  };
}
