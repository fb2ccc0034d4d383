/**
 * A noise schedule: the β_t of one schedule file (schedules/linear.ts, scaled-linear.ts,
 * cosine.ts) and everything DDPM (Ho et al. 2020) derives from it, in diffusers' indexing:
 * timestep t runs 0 … T − 1 and `alphasCumprod[0]` = 1 − β₀ (the linear schedule's 0.9999).
 *
 *   α_t = 1 − β_t,  ᾱ_t = ∏_{s ≤ t} α_s                      (Ho et al. eq. 4's notation)
 *   q(x_t | x₀) = N(√ᾱ_t x₀, (1 − ᾱ_t) I)
 *   SNR(t) = ᾱ_t / (1 − ᾱ_t)                                 (Kingma et al. 2021, eq. 4)
 */
import type { DiffusionScheduleArgs, DiffusionScheduleResult, ScheduleName } from '../../common/diffusion.js';
import { DIFFUSERS_BETA_SCHEDULES } from '../../common/diffusion.js';
import { LabError } from '../../common/errors.js';
import { cosine } from './schedules/cosine.js';
import { linear } from './schedules/linear.js';
import { scaledLinear } from './schedules/scaled-linear.js';
import type { BetaOptions, BetaSchedule } from './schedules/types.js';
import { spacedTimesteps } from './spacing.js';

export type { BetaOptions } from './schedules/types.js';

export const BETA_SCHEDULES: Record<ScheduleName, BetaSchedule> = { linear, 'scaled-linear': scaledLinear, cosine };

export interface NoiseSchedule {
  readonly name: ScheduleName;
  /** T, the number of training timesteps. */
  readonly steps: number;
  readonly betas: Float64Array;
  readonly alphas: Float64Array;
  /** ᾱ_t. */
  readonly alphasCumprod: Float64Array;
  /** √ᾱ_t, the signal's scale in x_t. */
  readonly sqrtAlphasCumprod: Float64Array;
  /** √(1 − ᾱ_t), the noise's scale in x_t. */
  readonly sqrtOneMinusAlphasCumprod: Float64Array;
  /** ᾱ_t / (1 − ᾱ_t). */
  readonly snr: Float64Array;
  /** log SNR(t) = λ_t · 2 in DPM-Solver's notation (λ_t = log α_t − log σ_t). */
  readonly logSnr: Float64Array;
}

/** Accepts our names and diffusers' (`squaredcos_cap_v2` → cosine). */
export function scheduleName(name: string): ScheduleName {
  if (name in BETA_SCHEDULES) return name as ScheduleName;
  const mapped = (DIFFUSERS_BETA_SCHEDULES as Record<string, ScheduleName>)[name];
  if (!mapped) throw new RangeError(`unknown β schedule "${name}"; use linear, scaled-linear or cosine`);
  return mapped;
}

/** β_t of a schedule by name. @example betas('linear', 1000)[0] // → 0.0001 */
export function betas(name: ScheduleName | keyof typeof DIFFUSERS_BETA_SCHEDULES, T: number, options: BetaOptions = {}): Float64Array {
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`T must be a positive integer, got ${T}`);
  return BETA_SCHEDULES[scheduleName(name)](T, options);
}

/**
 * @example noiseSchedule('linear', 1000).alphasCumprod[499] // → 0.0786…
 */
export function noiseSchedule(name: ScheduleName | keyof typeof DIFFUSERS_BETA_SCHEDULES, T: number, options: BetaOptions = {}): NoiseSchedule {
  const beta = betas(name, T, options);
  const alphas = new Float64Array(T);
  const alphasCumprod = new Float64Array(T);
  const sqrtAlphasCumprod = new Float64Array(T);
  const sqrtOneMinusAlphasCumprod = new Float64Array(T);
  const snr = new Float64Array(T);
  const logSnr = new Float64Array(T);
  let alpha_bar = 1;
  for (let t = 0; t < T; t++) {
    alphas[t] = 1 - beta[t]!;
    alpha_bar *= alphas[t]!;
    alphasCumprod[t] = alpha_bar;
    sqrtAlphasCumprod[t] = Math.sqrt(alpha_bar);
    sqrtOneMinusAlphasCumprod[t] = Math.sqrt(1 - alpha_bar);
    snr[t] = alpha_bar / (1 - alpha_bar);
    logSnr[t] = Math.log(alpha_bar) - Math.log1p(-alpha_bar);
  }
  return { name: scheduleName(name), steps: T, betas: beta, alphas, alphasCumprod, sqrtAlphasCumprod, sqrtOneMinusAlphasCumprod, snr, logSnr };
}

/** A schedule from explicit ᾱ values (tests and hand examples); β_t follows as 1 − ᾱ_t/ᾱ_{t−1}. */
export function scheduleFromAlphasCumprod(alphasCumprod: readonly number[] | Float64Array, name: ScheduleName = 'linear'): NoiseSchedule {
  const T = alphasCumprod.length;
  const ab = Float64Array.from(alphasCumprod);
  const beta = Float64Array.from(ab, (a, t) => 1 - a / (t === 0 ? 1 : ab[t - 1]!));
  return {
    name,
    steps: T,
    betas: beta,
    alphas: Float64Array.from(beta, (b) => 1 - b),
    alphasCumprod: ab,
    sqrtAlphasCumprod: Float64Array.from(ab, Math.sqrt),
    sqrtOneMinusAlphasCumprod: Float64Array.from(ab, (a) => Math.sqrt(1 - a)),
    snr: Float64Array.from(ab, (a) => a / (1 - a)),
    logSnr: Float64Array.from(ab, (a) => Math.log(a) - Math.log1p(-a)),
  };
}

/**
 * The `diffusion.schedule` method: curves for charts and the timesteps a sampler visits.
 * @example describeSchedule({ schedule: 'linear', steps: 50, spacing: 'trailing' }).timesteps.slice(0, 2) // → [999, 979]
 */
export function describeSchedule(args: DiffusionScheduleArgs): DiffusionScheduleResult {
  const T = args.T ?? 1000;
  const schedule = noiseSchedule(args.schedule, T, { betaStart: args.betaStart, betaEnd: args.betaEnd });
  const spacing = args.spacing ?? 'leading';
  const stepsOffset = args.stepsOffset ?? 0;
  let timesteps: number[] = [];
  if (args.steps !== undefined) {
    if (args.steps > T) throw new LabError('validation', { messageKey: 'error.diffusion.tooManySteps', params: { steps: args.steps, T } });
    try {
      timesteps = spacedTimesteps(T, args.steps, spacing, stepsOffset);
    } catch (error) {
      throw new LabError('validation', { messageKey: 'error.diffusion.stepsOffset', params: { offset: stepsOffset }, detail: String(error) });
    }
  }
  return {
    schedule: args.schedule,
    T,
    betas: schedule.betas,
    alphasCumprod: schedule.alphasCumprod,
    logSnr: schedule.logSnr,
    timesteps,
    spacing,
    stepsOffset,
  };
}
