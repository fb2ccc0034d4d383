/**
 * The 2D toy diffusion lab's data on the wire: a point cloud (a named seeded
 * dataset or the learner's own points) and training settings in; a tiny MLP's
 * weights, a loss curve, reverse trajectories and the learned vector field
 * out. Shared by the engine (electron/engine/diffusion/toy2d, the `toy2d.*`
 * job kinds) and, as types, the renderer. Points are row-major (x, y) pairs in
 * Float32Arrays, never JSON number lists.
 */
import { z } from 'zod';

export const TOY2D_DATASETS = ['two-moons', 'swiss-roll', 'smiley'] as const;
export type Toy2dDatasetName = (typeof TOY2D_DATASETS)[number];

export const TOY2D_SCHEDULES = ['linear', 'cosine'] as const;
export type Toy2dScheduleName = (typeof TOY2D_SCHEDULES)[number];

export const TOY2D_SAMPLERS = ['ddpm', 'ddim'] as const;
export type Toy2dSamplerName = (typeof TOY2D_SAMPLERS)[number];

/** Every dataset lies inside this square, and the widget plots exactly it; drawn points must too. */
export const TOY2D_EXTENT = 3;
/** A learner's drawing needs a few points to describe a shape, and more than this would only slow the widget. */
export const MIN_TOY2D_POINTS = 3;
export const MAX_TOY2D_POINTS = 5000;
export const MAX_TOY2D_SAMPLES = 5000;
export const MAX_TOY2D_TRAIN_STEPS = 20_000;
export const MAX_TOY2D_T = 1000;
export const MAX_TOY2D_GRID = 33;
/** A trained model of the largest allowed shape has far fewer parameters than this. */
const MAX_TOY2D_PARAMETERS = 2_000_000;

const seedSchema = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);

const pointsSchema = z
  .instanceof(Float32Array)
  .refine((points) => points.length % 2 === 0, 'points are (x, y) pairs: an even number of values')
  .refine(
    (points) => points.length / 2 >= MIN_TOY2D_POINTS && points.length / 2 <= MAX_TOY2D_POINTS,
    `${MIN_TOY2D_POINTS} to ${MAX_TOY2D_POINTS} points`,
  )
  .refine(
    (points) => points.every((value) => Number.isFinite(value) && Math.abs(value) <= TOY2D_EXTENT),
    `every coordinate finite and within ±${TOY2D_EXTENT}`,
  );

/** Where the training points come from: a seeded generator by name, or the learner's drawing. */
export const toy2dDataSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('preset'),
      name: z.enum(TOY2D_DATASETS),
      /** How many points the generator draws (default 2000). */
      count: z.number().int().min(10).max(MAX_TOY2D_POINTS).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('points'), points: pointsSchema }).strict(),
]);
export type Toy2dData = z.infer<typeof toy2dDataSchema>;

/** The network and the noise schedule it was trained with: a sampler needs both to use the weights. */
export const toy2dModelConfigSchema = z
  .object({
    /** Number of diffusion steps T (timesteps 0 … T − 1). */
    T: z.number().int().min(2).max(MAX_TOY2D_T),
    schedule: z.enum(TOY2D_SCHEDULES),
    /** Width of each hidden layer. */
    hidden: z.number().int().min(4).max(512),
    /** Number of hidden layers. */
    layers: z.number().int().min(1).max(6),
    /** Sinusoidal time-embedding frequencies (the embedding has twice as many numbers). */
    frequencies: z.number().int().min(1).max(32),
  })
  .strict();
export type Toy2dModelConfig = z.infer<typeof toy2dModelConfigSchema>;

export const DEFAULT_TOY2D_CONFIG: Toy2dModelConfig = { T: 100, schedule: 'cosine', hidden: 64, layers: 3, frequencies: 8 };

export const toy2dModelSchema = z
  .object({
    config: toy2dModelConfigSchema,
    weights: z
      .instanceof(Float32Array)
      .refine((weights) => weights.length > 0 && weights.length <= MAX_TOY2D_PARAMETERS, 'weights must hold 1 to 2,000,000 numbers')
      .refine((weights) => weights.every(Number.isFinite), 'every weight must be finite'),
  })
  .strict();
export type Toy2dModel = z.infer<typeof toy2dModelSchema>;

export const toy2dTrainArgsSchema = z
  .object({
    data: toy2dDataSchema,
    /** Adam steps, one minibatch each. */
    steps: z.number().int().min(1).max(MAX_TOY2D_TRAIN_STEPS),
    seed: seedSchema,
    /** Network and schedule; any field left out takes DEFAULT_TOY2D_CONFIG's value. */
    config: toy2dModelConfigSchema.partial().optional(),
    batch: z.number().int().min(1).max(4096).optional(),
    learningRate: z.number().positive().max(1).optional(),
    /** Report the loss every this many steps (default 50). */
    reportEvery: z.number().int().min(1).max(MAX_TOY2D_TRAIN_STEPS).optional(),
    /** Draw a quick sample every this many steps for the live preview (default 500; 0: never). */
    snapshotEvery: z.number().int().min(0).max(MAX_TOY2D_TRAIN_STEPS).optional(),
    /** Points per preview sample (default 400). */
    snapshotCount: z.number().int().min(1).max(2000).optional(),
  })
  .strict();
export type Toy2dTrainArgs = z.infer<typeof toy2dTrainArgsSchema>;

export const toy2dSampleArgsSchema = z
  .object({
    model: toy2dModelSchema,
    count: z.number().int().min(1).max(MAX_TOY2D_SAMPLES),
    seed: seedSchema,
    sampler: z.enum(TOY2D_SAMPLERS),
    /** Denoising steps, at most T: fewer skips timesteps (evenly spaced). Default T for DDPM, 20 for DDIM. */
    steps: z.number().int().min(1).max(MAX_TOY2D_T).optional(),
    /** DDIM's η: 0 deterministic, 1 as noisy as DDPM (default 0). Ignored by DDPM. */
    eta: z.number().min(0).max(1).optional(),
    /** Vector-field grid side (points per row; default 15; 0: no field). */
    grid: z.number().int().min(0).max(MAX_TOY2D_GRID).optional(),
  })
  .strict();
export type Toy2dSampleArgs = z.infer<typeof toy2dSampleArgsSchema>;

/** Progress of `toy2d.train`: the latest loss, and now and then a preview sample of the model so far. */
export interface Toy2dTrainProgress {
  step: number;
  /** Mean loss over the steps since the previous report; absent on the first message (step 0). */
  loss?: number;
  /** On the first message only: the training points, so the widget can show them while the model learns. */
  data?: Float32Array;
  /** Present on snapshot steps: (x, y) pairs sampled with the current weights. */
  snapshot?: Float32Array;
}

export interface Toy2dTrainResult {
  model: Toy2dModel;
  /** The training points (x, y pairs), as the widget plots them against the samples. */
  data: Float32Array;
  /** Step number of each loss entry. */
  lossSteps: Int32Array;
  /** Mean DDPM loss ‖ε − ε̂‖² (per coordinate) over each reporting window. */
  loss: Float32Array;
  steps: number;
  elapsedMs: number;
}

export interface Toy2dSampleResult {
  sampler: Toy2dSamplerName;
  count: number;
  /** The timestep t of each trajectory frame in the paper's numbering: frame 0 is x_T (pure noise), the last frame is x₀ (t = 0). */
  timesteps: Int32Array;
  /** (frames) × count × 2, row-major: frame k holds every point after k denoising steps. */
  trajectory: Float32Array;
  /** The sampled points (the last frame), for convenience. */
  samples: Float32Array;
  /**
   * The learned denoising direction −ε̂(x, t) on a grid × grid lattice over ±TOY2D_EXTENT (row-major,
   * y rising with the row), at the timestep of each frame but the last: (frames − 1) × grid² × 2. It points along the learned
   * score ∇ log p_t(x) = −ε̂/√(1 − ᾱ_t). Empty when grid is 0.
   */
  field: Float32Array;
  grid: number;
  elapsedMs: number;
}
