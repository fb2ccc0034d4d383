/**
 * The one signature every toy sampler step has (ddpm.ts, ddim.ts), and the x̂₀ clipping they share.
 */
import { TOY2D_EXTENT } from '../../../common/toy2d.js';
import type { Rng } from '../../random/rng.js';
import type { Toy2dSchedule } from './schedule.js';

/** What every sampler step gets: the points x_t (updated in place to x_s), ε̂_θ(x_t, t), and the indices t > s (s = −1: the clean end). */
export interface Toy2dStepInput {
  x: Float32Array;
  epsHat: Float32Array;
  t: number;
  s: number;
  schedule: Toy2dSchedule;
  rng: Rng;
  /** DDIM's η (DDPM ignores it). */
  eta: number;
  /** Clip x̂₀ to ±TOY2D_EXTENT, the box every dataset lies in. */
  clip: boolean;
}

/**
 * x̂₀ clipped to the data's box. Near t = T, x̂₀ = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t divides by a tiny √ᾱ_t
 * (≈ 0.006 for the linear schedule, ≈ 0.0002 for the cosine one) and a small error in ε̂ would throw
 * the point far away; the data never leaves the box, so neither should the estimate.
 */
export function clipX0(x0Hat: number, clip: boolean): number {
  return clip ? Math.min(TOY2D_EXTENT, Math.max(-TOY2D_EXTENT, x0Hat)) : x0Hat;
}

export type Toy2dStep = (input: Toy2dStepInput) => void;
