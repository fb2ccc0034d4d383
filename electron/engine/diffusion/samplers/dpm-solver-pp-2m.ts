/**
 * DPM-Solver++(2M) (Lu et al. 2022, "DPM-Solver++", Algorithm 2), the multistep
 * second-order solver of the diffusion ODE in data-prediction form, as diffusers'
 * DPMSolverMultistepScheduler runs it (solver_order=2, algorithm_type="dpmsolver++",
 * solver_type="midpoint", final_sigmas_type="zero", lower_order_final=True).
 * With α_t = √ᾱ_t, σ_t = √(1 − ᾱ_t), λ_t = log(α_t/σ_t), h = λ_s − λ_t (t the current,
 * s the next timestep), and D₀ = x̂₀ at t:
 *
 *   first order:   x_s = (σ_s/σ_t) x_t − α_s (e^{−h} − 1) D₀                 (= DDIM, eq. 8)
 *   second order:  r = h_prev/h,  D₁ = (D₀ − x̂₀_prev)/r,
 *                  x_s = (σ_s/σ_t) x_t − α_s (e^{−h} − 1) (D₀ + D₁/2)
 *
 * First order on the first step (no history), the last step (σ_s = 0, so x_s = x̂₀) and,
 * below 15 steps, the second-to-last (diffusers' lower_order_final, for stability).
 *
 * Timesteps follow spacing.ts like every sampler here, 'trailing' by default: diffusers'
 * DPM-Solver spacing never visits t = 0 either, and a step into t = 0 followed by the jump
 * to σ = 0 makes r = h_prev/h tiny and D₁ blow up (tests/unit/engine/diffusion/samplers.test.ts).
 */
import { spacedTimesteps } from '../spacing.js';
import type { NoiseSchedule } from '../schedule.js';
import { alphaBarAt, previousTimestep, type Sampler, type SamplerFactory, type StepState } from './types.js';

/** @example dpmSolverPp2m(noiseSchedule('linear', 1000), { steps: 20 }).timesteps.slice(0, 2) // → [999, 949] */
export const dpmSolverPp2m: SamplerFactory = (schedule: NoiseSchedule, options): Sampler => {
  const spacing = options.spacing ?? 'trailing';
  const timesteps = spacedTimesteps(schedule.steps, options.steps, spacing, options.stepsOffset);
  const n = timesteps.length;
  const lambda = (alpha_bar: number): number => 0.5 * (Math.log(alpha_bar) - Math.log1p(-alpha_bar));
  let previousOriginal: Float32Array | null = null;
  let h_prev = 0;
  return {
    name: 'dpm-solver-pp',
    timesteps,
    spacing,
    stochastic: false,
    step(index: number, { sample, predictedOriginal }: StepState): void {
      const alpha_bar_t = alphaBarAt(schedule, timesteps[index]!);
      const alpha_bar_s = alphaBarAt(schedule, previousTimestep(timesteps, index));
      const sigma_t = Math.sqrt(1 - alpha_bar_t);
      const alpha_s = Math.sqrt(alpha_bar_s);
      const sigma_s = Math.sqrt(1 - alpha_bar_s);
      const last = index === n - 1;
      const lowerOrderFinal = index === n - 2 && n < 15;
      const secondOrder = index > 0 && !last && !lowerOrderFinal && previousOriginal !== null;
      // e^{−h} = (σ_s/α_s)·(α_t/σ_t); 0 at the last step where σ_s = 0 (λ_s = ∞).
      const h = last ? Infinity : lambda(alpha_bar_s) - lambda(alpha_bar_t);
      const exp_neg_h_minus_1 = last ? -1 : Math.expm1(-h);
      const ratio = sigma_s / sigma_t;
      if (secondOrder) {
        const r = h_prev / h;
        for (let i = 0; i < sample.length; i++) {
          const D0 = predictedOriginal[i]!;
          const D1 = (D0 - previousOriginal![i]!) / r;
          sample[i] = ratio * sample[i]! - alpha_s * exp_neg_h_minus_1 * (D0 + 0.5 * D1);
        }
      } else {
        for (let i = 0; i < sample.length; i++) sample[i] = ratio * sample[i]! - alpha_s * exp_neg_h_minus_1 * predictedOriginal[i]!;
      }
      if (!previousOriginal || previousOriginal.length !== predictedOriginal.length) previousOriginal = new Float32Array(predictedOriginal.length);
      previousOriginal.set(predictedOriginal);
      h_prev = h;
    },
  };
};
