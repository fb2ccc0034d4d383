/**
 * DDPM ancestral sampling (Ho et al. 2020, Algorithm 2) on a possibly shortened chain: between the
 * visited timesteps t and s < t the step uses the respaced β′ = 1 − ᾱ_t/ᾱ_s (Nichol & Dhariwal
 * 2021, §4), which is the paper's β_t itself when no step is skipped. Fixed-small variance β̃.
 * Written through x̂₀ and the posterior mean (eq. 7) so x̂₀ can be clipped to the data's range.
 */
import { clipX0, type Toy2dStep } from './step.js';

export const ddpmStep: Toy2dStep = ({ x, epsHat, t, s, schedule, rng, clip }) => {
  const alphaBar_t = schedule.alphaBar[t]!;
  const alphaBar_s = s >= 0 ? schedule.alphaBar[s]! : 1;
  const beta_t = 1 - alphaBar_t / alphaBar_s;
  const alpha_t = 1 - beta_t;
  // Eq. 7: μ̃_t(x_t, x̂₀) = √ᾱ_s β_t/(1 − ᾱ_t) · x̂₀ + √α_t (1 − ᾱ_s)/(1 − ᾱ_t) · x_t
  const x0Coefficient = (Math.sqrt(alphaBar_s) * beta_t) / (1 - alphaBar_t);
  const xtCoefficient = (Math.sqrt(alpha_t) * (1 - alphaBar_s)) / (1 - alphaBar_t);
  // §3.2: σ_t² = β̃_t = (1 − ᾱ_s)/(1 − ᾱ_t) · β_t; no noise on the last step (Algorithm 2, z = 0 at t = 1).
  const sigma_t = s >= 0 ? Math.sqrt(((1 - alphaBar_s) / (1 - alphaBar_t)) * beta_t) : 0;
  for (let k = 0; k < x.length; k++) {
    // Eq. 15: x̂₀ = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t (unclipped, μ̃ equals eq. 11's μ_θ)
    const x0Hat = clipX0((x[k]! - Math.sqrt(1 - alphaBar_t) * epsHat[k]!) / Math.sqrt(alphaBar_t), clip);
    const mean = x0Coefficient * x0Hat + xtCoefficient * x[k]!;
    x[k] = sigma_t > 0 ? mean + sigma_t * rng.normal() : mean;
  }
};
