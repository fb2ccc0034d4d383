/**
 * DDIM (Song, Meng & Ermon 2021): predict x̂₀, then jump to the earlier timestep s along the
 * same ε̂. η = 0 is deterministic (the same starting noise always lands on the same point);
 * η = 1 adds as much fresh noise as DDPM.
 */
import { clipX0, type Toy2dStep } from './step.js';

export const ddimStep: Toy2dStep = ({ x, epsHat, t, s, schedule, rng, eta, clip }) => {
  const alphaBar_t = schedule.alphaBar[t]!;
  const alphaBar_s = s >= 0 ? schedule.alphaBar[s]! : 1;
  // Eq. 16: σ = η √((1 − ᾱ_s)/(1 − ᾱ_t)) √(1 − ᾱ_t/ᾱ_s)
  const sigma = eta * Math.sqrt((1 - alphaBar_s) / (1 - alphaBar_t)) * Math.sqrt(1 - alphaBar_t / alphaBar_s);
  const towardNoise = Math.sqrt(Math.max(0, 1 - alphaBar_s - sigma * sigma));
  for (let k = 0; k < x.length; k++) {
    // Eq. 12: x_s = √ᾱ_s x̂₀ + √(1 − ᾱ_s − σ²) ε̂ + σ z,  x̂₀ = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t
    const x0Hat = clipX0((x[k]! - Math.sqrt(1 - alphaBar_t) * epsHat[k]!) / Math.sqrt(alphaBar_t), clip);
    // With x̂₀ clipped, ε̂ is re-derived from it so the step stays on the line through x_t and x̂₀.
    const eps = clip ? (x[k]! - Math.sqrt(alphaBar_t) * x0Hat) / Math.sqrt(1 - alphaBar_t) : epsHat[k]!;
    const next = Math.sqrt(alphaBar_s) * x0Hat + towardNoise * eps;
    x[k] = sigma > 0 ? next + sigma * rng.normal() : next;
  }
};
