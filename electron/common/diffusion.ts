/**
 * The diffusion lab's data on the wire: schedules, samplers, the
 * `diffusion.*` job kinds and the `diffusion.schedule` method, and the JSON
 * config of a noise-prediction model folder (built-in or imported). Shared by
 * the engine (electron/engine/diffusion) and, as types, the renderer.
 * Images travel as interleaved RGB bytes (Uint8Array, H·W·3 per image,
 * images one after another), curves as Float64Arrays, never as JSON lists.
 */
import { z } from 'zod';
import type { ProviderName } from './api.js';

/** The lab's own conditional model, trained on the shapes world and shipped in models/builtin/. */
export const BUILTIN_DIFFUSION_ID = 'shapes-diffusion';

/** β schedules by their wire names; configs may use diffusers' names (DIFFUSERS_BETA_SCHEDULES). */
export const SCHEDULE_NAMES = ['linear', 'scaled-linear', 'cosine'] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];
export const scheduleNameSchema = z.enum(SCHEDULE_NAMES);

/** diffusers' `beta_schedule` values → ours. */
export const DIFFUSERS_BETA_SCHEDULES = { linear: 'linear', scaled_linear: 'scaled-linear', squaredcos_cap_v2: 'cosine' } as const satisfies Record<
  string,
  ScheduleName
>;

/** Timestep spacing as diffusers names it (Lin et al. 2024, "Common diffusion noise schedules and sample steps are flawed", Table 2). */
export const SPACINGS = ['leading', 'trailing', 'linspace'] as const;
export type Spacing = (typeof SPACINGS)[number];
export const spacingSchema = z.enum(SPACINGS);

export const SAMPLER_NAMES = ['ddpm', 'ddim', 'dpm-solver-pp'] as const;
export type SamplerName = (typeof SAMPLER_NAMES)[number];
export const samplerNameSchema = z.enum(SAMPLER_NAMES);

/** What the network predicts: the noise ε (DDPM) or the velocity v = √ᾱ ε − √(1−ᾱ) x₀ (Salimans & Ho 2022). */
export const PREDICTION_TYPES = ['epsilon', 'v_prediction'] as const;
export type PredictionType = (typeof PREDICTION_TYPES)[number];

export const MAX_TRAIN_TIMESTEPS = 10_000;
export const MAX_SAMPLING_STEPS = 1000;
/** Images per `diffusion.sample` call (one batch through the network; two with guidance). */
export const MAX_DIFFUSION_IMAGES = 64;
export const MAX_GUIDANCE = 30;
/** x_t at most this many timesteps per `diffusion.forward` call. */
export const MAX_FORWARD_TIMESTEPS = 64;
export const MAX_FORWARD_RESOLUTION = 256;
export const DEFAULT_FORWARD_RESOLUTION = 64;
export const MAX_DIFFUSION_IMAGE_BYTES = 50 * 1024 * 1024;
/** Step images are sent at most this often (the display rate); the last step always goes. */
export const STEP_STREAM_INTERVAL_MS = 34;
/** ε̂ is drawn as bytes over this range (a standard normal sits almost entirely inside ±3). */
export const EPSILON_DISPLAY_RANGE = [-3, 3] as const;

const seedSchema = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);

/** Model ids as the model store writes them (folder names): no separators, so never a path. */
export const diffusionModelIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, dots, dashes and underscores');

/** β schedule parameters shared by the method, the jobs and model configs. */
export const scheduleSpecSchema = z
  .object({
    schedule: scheduleNameSchema,
    /** Training timesteps T (default 1000). */
    T: z.number().int().min(2).max(MAX_TRAIN_TIMESTEPS).optional(),
    betaStart: z.number().positive().max(0.5).optional(),
    betaEnd: z.number().positive().max(0.999).optional(),
  })
  .strict();
export type ScheduleSpec = z.infer<typeof scheduleSpecSchema>;

/** `diffusion.schedule`: a β schedule, its ᾱ_t and log-SNR, and (with `steps`) the timesteps a sampler visits. */
export const diffusionScheduleArgsSchema = scheduleSpecSchema
  .extend({
    steps: z.number().int().min(1).max(MAX_SAMPLING_STEPS).optional(),
    spacing: spacingSchema.optional(),
    stepsOffset: z.number().int().min(0).max(100).optional(),
  })
  .strict();
export type DiffusionScheduleArgs = z.infer<typeof diffusionScheduleArgsSchema>;

export interface DiffusionScheduleResult {
  schedule: ScheduleName;
  T: number;
  /** β_t, t = 0 … T − 1. */
  betas: Float64Array;
  /** ᾱ_t = ∏_{s ≤ t} (1 − β_s). */
  alphasCumprod: Float64Array;
  /** log(ᾱ_t / (1 − ᾱ_t)), natural log. */
  logSnr: Float64Array;
  /** Noisiest first; empty without `steps`. */
  timesteps: number[];
  spacing: Spacing;
  stepsOffset: number;
}

/** An image to noise: encoded bytes (PNG/JPEG/WebP…) or a seeded scene of the shapes world. */
export const diffusionImageSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('bytes'),
      data: z
        .instanceof(Uint8Array)
        .refine((bytes) => bytes.length > 0 && bytes.length <= MAX_DIFFUSION_IMAGE_BYTES, 'image must be 1 byte to 50 MB'),
    })
    .strict(),
  z.object({ kind: z.literal('scene'), seed: seedSchema }).strict(),
]);
export type DiffusionImageSpec = z.infer<typeof diffusionImageSchema>;

export const diffusionSampleArgsSchema = z
  .object({
    /** Default 'shapes-diffusion'. */
    model: diffusionModelIdSchema.optional(),
    /** Encoded by the model's text encoder (config `condition_model`); '' or absent is the unconditional model. */
    prompt: z.string().max(1000).optional(),
    sampler: samplerNameSchema,
    steps: z.number().int().min(1).max(MAX_SAMPLING_STEPS),
    /** DDIM only: 0 deterministic … 1 DDPM-like (default 0). */
    eta: z.number().min(0).max(1).optional(),
    /** Classifier-free guidance scale w: 0 unconditional, 1 conditional, > 1 stronger (default: the model's). */
    guidance: z.number().min(0).max(MAX_GUIDANCE).optional(),
    seed: seedSchema,
    count: z.number().int().min(1).max(MAX_DIFFUSION_IMAGES).optional(),
    /** Default: 'leading' for ddpm/ddim (diffusers' default), 'trailing' for dpm-solver-pp. */
    spacing: spacingSchema.optional(),
    /** Clip x̂₀ to the model's value range before each update (default true). */
    clipSample: z.boolean().optional(),
    /** Stream step images in progress payloads (default true). */
    stream: z.boolean().optional(),
    /** Also return x_t and x̂₀ every this many steps (and the last) in the result's `trace`. */
    traceEvery: z.number().int().min(1).max(MAX_SAMPLING_STEPS).optional(),
  })
  .strict();
export type DiffusionSampleArgs = z.infer<typeof diffusionSampleArgsSchema>;

/** One denoising step as the renderer sees it: `count` images each, RGB bytes, images one after another. */
export interface DiffusionStepPayload {
  /** 0-based step index; the step went from timestep `t` to `tPrev` (−1 after the last). */
  index: number;
  steps: number;
  t: number;
  tPrev: number;
  width: number;
  height: number;
  count: number;
  /** x_{t_prev} after this step, drawn over the model's value range. */
  xt: Uint8Array;
  /** The (guided) predicted noise ε̂, drawn over EPSILON_DISPLAY_RANGE. */
  epsilon: Uint8Array;
  /** The predicted clean image x̂₀, drawn over the value range. */
  x0: Uint8Array;
  /** Since sampling began (after loading and text encoding). */
  elapsedMs: number;
}

export interface DiffusionTraceEntry {
  index: number;
  t: number;
  xt: Uint8Array;
  x0: Uint8Array;
}

export interface DiffusionSampleResult {
  model: string;
  prompt: string;
  sampler: SamplerName;
  steps: number;
  spacing: Spacing;
  timesteps: number[];
  eta: number;
  guidance: number;
  seed: number;
  width: number;
  height: number;
  count: number;
  /** The final images, RGB bytes, one after another. */
  images: Uint8Array;
  trace: DiffusionTraceEntry[];
  timing: {
    /** Reading the config and opening (or reusing) the session. */
    loadMs: number;
    /** The prompt through the text encoder (0 without a prompt). */
    encodeMs: number;
    /** From the start of sampling to the end of the first step. */
    firstStepMs: number;
    sampleMs: number;
    /** sampleMs / steps. */
    perStepMs: number;
    totalMs: number;
  };
  provider: ProviderName;
}

export const FORWARD_METHODS = ['closed-form', 'step-by-step'] as const;

export const diffusionForwardArgsSchema = z
  .object({
    image: diffusionImageSchema,
    /** Side of the square the image is resized to (default 64). */
    resolution: z.number().int().min(8).max(MAX_FORWARD_RESOLUTION).optional(),
    schedule: scheduleSpecSchema,
    timesteps: z
      .array(
        z
          .number()
          .int()
          .min(0)
          .max(MAX_TRAIN_TIMESTEPS - 1),
      )
      .min(1)
      .max(MAX_FORWARD_TIMESTEPS),
    seed: seedSchema,
    /** 'closed-form' samples q(x_t | x₀) once per t with one shared ε; 'step-by-step' runs q(x_t | x_{t−1}) from x₀ (default closed-form). */
    method: z.enum(FORWARD_METHODS).optional(),
  })
  .strict();
export type DiffusionForwardArgs = z.infer<typeof diffusionForwardArgsSchema>;

export interface DiffusionForwardResult {
  width: number;
  height: number;
  /** x₀ as the noising saw it (resized), RGB bytes. */
  x0: Uint8Array;
  timesteps: number[];
  /** x_t per requested timestep, RGB bytes one after another, in `timesteps` order; values in [−1, 1] drawn to 0…255. */
  images: Uint8Array;
  /** ᾱ_t at each requested timestep. */
  alphasCumprod: number[];
  /** log-SNR at each requested timestep. */
  logSnr: number[];
}

/**
 * config.json of a noise-prediction model folder (`onnx/model.onnx` beside it), in the
 * spirit of diffusers' scheduler and UNet configs; what `models/training/train_diffusion.py`
 * writes and what an import dialog fills for a user's model.
 */
export const diffusionConfigSchema = z.object({
  sample_size: z.number().int().min(4).max(1024),
  in_channels: z.number().int().min(1).max(16),
  out_channels: z.number().int().min(1).max(16),
  value_range: z.tuple([z.number(), z.number()]).refine(([lo, hi]) => lo < hi, 'value_range must be [low, high] with low < high'),
  num_train_timesteps: z.number().int().min(2).max(MAX_TRAIN_TIMESTEPS),
  beta_schedule: z.enum(['linear', 'scaled_linear', 'squaredcos_cap_v2']),
  beta_start: z.number().positive().max(0.5).optional(),
  beta_end: z.number().positive().max(0.999).optional(),
  prediction_type: z.enum(PREDICTION_TYPES).default('epsilon'),
  /** Graph input names: the noisy sample, the timestep and (for conditional models) the condition. */
  inputs: z.object({ sample: z.string().min(1), timestep: z.string().min(1), condition: z.string().min(1).optional() }),
  /** Graph output name of the prediction (default 'noise_pred'). */
  output: z.string().min(1).default('noise_pred'),
  timestep_type: z.enum(['int64', 'float32']).default('int64'),
  condition_dim: z.number().int().min(1).max(8192).optional(),
  /** Id of the CLIP whose text embeddings condition the model (e.g. 'shapes-clip'). */
  condition_model: z.string().optional(),
  /** How the unconditional branch of classifier-free guidance is fed. */
  unconditional: z.literal('zeros').default('zeros'),
  guidance_scale: z.number().min(0).max(MAX_GUIDANCE).default(1),
  sampling_steps: z.number().int().min(1).max(MAX_SAMPLING_STEPS).default(50),
});
export type DiffusionConfig = z.infer<typeof diffusionConfigSchema>;
/** As a user writes it (defaults not yet applied). */
export type DiffusionConfigInput = z.input<typeof diffusionConfigSchema>;

/**
 * What an import check found wrong with a user's diffusion model (config + ONNX graph).
 * Each issue has a message key `error.diffusion.import.<code>` (renderer/src/i18n/<locale>/diffusion.json)
 * whose placeholders are the issue's other fields.
 */
export type DiffusionImportIssue =
  | { code: 'configJson'; detail: string }
  | { code: 'configField'; field: string; problem: string }
  | { code: 'betaOrder'; betaStart: number; betaEnd: number }
  | { code: 'onnxUnreadable'; detail: string }
  | { code: 'inputMissing'; role: 'sample' | 'timestep' | 'condition'; name: string; available: string }
  | { code: 'inputExtra'; name: string }
  | { code: 'inputType'; name: string; expected: string; got: string }
  | { code: 'inputRank'; name: string; expected: number; got: number }
  | { code: 'inputDim'; name: string; axis: number; expected: number; got: number }
  | { code: 'outputMissing'; name: string; available: string }
  | { code: 'outputChannels'; name: string; expected: number; got: number }
  | { code: 'channelsMismatch'; inChannels: number; outChannels: number }
  | { code: 'conditionDimMissing'; name: string };

export interface DiffusionImportReport {
  ok: boolean;
  /** The parsed config (defaults applied) when it validated. */
  config: DiffusionConfig | null;
  issues: DiffusionImportIssue[];
}
