/**
 * The one API contract between the renderer and whatever hosts the engine
 * (Electron main over IPC, the web host over a WebSocket, the CLI in-process).
 *
 * Every method is declared here with a runtime schema for its arguments and a
 * static type for its result; every event with its payload type; every job
 * kind with its argument schema, progress payload and result. Main and the web
 * host register the same handler table (electron/engine/handlers.ts) built
 * from this file. The renderer may only `import type` from here.
 */
import { z } from 'zod';
import type { LabErrorData } from './errors.js';
import {
  NMS_DEVICES,
  NMS_TIMING_SCENES,
  nmsInputSchema,
  nmsMethodSchema,
  nmsOptionsSchema,
  nmsSceneSpecSchema,
  type NmsDetections,
  type NmsDevice,
  type NmsEvaluation,
  type NmsMethodName,
  type NmsResult,
  type NmsScene,
  type NmsTimingPoint,
} from './nms.js';
import {
  diffusionForwardArgsSchema,
  diffusionSampleArgsSchema,
  diffusionScheduleArgsSchema,
  type DiffusionForwardResult,
  type DiffusionImportReport,
  type DiffusionSampleResult,
  type DiffusionScheduleResult,
  type DiffusionStepPayload,
} from './diffusion.js';
import {
  clipSimilarityArgsSchema,
  clipZeroShotArgsSchema,
  shapesSceneArgsSchema,
  type ClipSimilarityResult,
  type ClipZeroShotResult,
  type ShapesScenePreview,
} from './clip.js';
import {
  modelsInstallArgsSchema,
  modelsMethodArgs,
  type ModelInfoResult,
  type ModelsInstallPayload,
  type ModelsInstallResult,
  type ModelsListResult,
} from './models.js';
import {
  clipTrainTinyArgsSchema,
  shapesScenesArgsSchema,
  type ClipTrainTinyPayload,
  type ClipTrainTinyResult,
  type ShapesScenesResult,
} from './clip-more.js';
import { toy2dSampleArgsSchema, toy2dTrainArgsSchema, type Toy2dSampleResult, type Toy2dTrainProgress, type Toy2dTrainResult } from './toy2d.js';

// ---------------------------------------------------------------------------
// Shared vocabulary
// ---------------------------------------------------------------------------

export const LOCALES = ['en', 'zh-CN'] as const;
export const localeSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof localeSchema>;
export type Localized<T = string> = Record<Locale, T>;

export const THEMES = ['system', 'light', 'dark', 'high-contrast'] as const;
export const themeSchema = z.enum(THEMES);
export type Theme = z.infer<typeof themeSchema>;

/** Execution providers onnxruntime can be asked for, in the names its session options use. */
export const PROVIDER_NAMES = ['cuda', 'dml', 'coreml', 'webgpu', 'cpu'] as const;
export const providerNameSchema = z.enum(PROVIDER_NAMES);
export type ProviderName = z.infer<typeof providerNameSchema>;
export const providerChoiceSchema = z.enum(['auto', ...PROVIDER_NAMES]);
export type ProviderChoice = z.infer<typeof providerChoiceSchema>;

export const HOST_KINDS = ['electron', 'web', 'cli'] as const;
export type HostKind = (typeof HOST_KINDS)[number];

const idSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes');

// ---------------------------------------------------------------------------
// Settings and progress
// ---------------------------------------------------------------------------

export const settingsSchema = z.object({
  locale: localeSchema,
  theme: themeSchema,
  executionProvider: providerChoiceSchema,
  /** Absolute folder for downloaded and imported models; null means the default under the data folder. */
  modelDir: z.string().min(1).max(4096).nullable(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  locale: 'en',
  theme: 'system',
  executionProvider: 'auto',
  modelDir: null,
};

export const lessonProgressSchema = z.object({
  /** Index of the step the learner last looked at. */
  stepIndex: z.number().int().min(0).max(1000),
  /** Ids of the steps the learner has seen. */
  visited: z.array(idSchema).max(1000),
});
export type LessonProgress = z.infer<typeof lessonProgressSchema>;

export const progressSchema = z.object({
  lastLessonId: idSchema.nullable(),
  lessons: z.record(idSchema, lessonProgressSchema),
});
export type Progress = z.infer<typeof progressSchema>;

export const EMPTY_PROGRESS: Progress = { lastLessonId: null, lessons: {} };

// ---------------------------------------------------------------------------
// System information
// ---------------------------------------------------------------------------

export interface ProviderStatus {
  name: ProviderName;
  /** Shipped with onnxruntime-node on this platform. */
  bundled: boolean;
  /** Could be selected now (bundled, or its libraries found). */
  usable: boolean;
  /** i18n key explaining why it is not usable, when it is not. */
  reasonKey?: string;
}

export interface ProviderReport {
  requested: ProviderChoice;
  /** The provider sessions are created with. */
  chosen: ProviderName;
  /** Providers tried in order for `auto`. */
  order: ProviderName[];
  available: ProviderStatus[];
  /** Set when a GPU provider failed and the runtime fell back to CPU. */
  fallback: { from: ProviderName; reasonKey: string; detail: string } | null;
}

export interface SystemInfo {
  appVersion: string;
  host: HostKind;
  electronVersion: string | null;
  nodeVersion: string;
  ortVersion: string;
  platform: string;
  arch: string;
  cpu: { model: string; cores: number };
  gpu: string | null;
  providers: ProviderReport;
  dataDir: string;
  modelDir: string;
}

// ---------------------------------------------------------------------------
// Lessons
// ---------------------------------------------------------------------------

export interface LessonStepSummary {
  id: string;
  title: Localized;
}

export interface LessonSummary {
  id: string;
  order: number;
  /** Folder name under lessons/, used for asset URLs (`lessons/<dir>/…`). */
  dir: string;
  title: Localized;
  summary: Localized;
  models: string[];
  /** Device permissions the lesson needs (only `camera` is ever granted). */
  permissions: 'camera'[];
  steps: LessonStepSummary[];
}

export interface LessonProblem {
  /** Path relative to the lessons folder. */
  file: string;
  messageKey: string;
  detail: string;
}

export interface LessonIndex {
  lessons: LessonSummary[];
  problems: LessonProblem[];
}

export interface LessonStepContent {
  id: string;
  title: string;
  /** Markdown body (frontmatter removed) with KaTeX math and `::widget{…}` tags. */
  markdown: string;
}

export interface LessonContent {
  id: string;
  dir: string;
  locale: Locale;
  title: string;
  steps: LessonStepContent[];
}

// ---------------------------------------------------------------------------
// Jobs
// ---------------------------------------------------------------------------

/** Argument schemas per job kind. Each later lab adds its kinds here. */
export const jobArgs = {
  /** Estimates π by Monte-Carlo sampling in chunks: the welcome lesson's demonstration of progress and cancel. */
  'demo.montecarlo': z
    .object({
      samples: z.number().int().min(1000).max(2_000_000_000),
      chunks: z.number().int().min(1).max(10_000),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1),
    })
    .strict(),
  /** Runs the tiny built-in check model through the engine runtime on the chosen provider. */
  'engine.check': z
    .object({
      runs: z.number().int().min(1).max(1000),
    })
    .strict(),
  /** One NMS variant on the caller's candidates; `device: 'onnx'` runs Fast/Matrix NMS as ONNX graphs on the runtime. */
  'nms.run': z
    .object({
      method: nmsMethodSchema,
      input: nmsInputSchema,
      options: nmsOptionsSchema.optional(),
      trace: z.boolean().optional(),
      device: z.enum(NMS_DEVICES).optional(),
    })
    .strict(),
  /** Every requested variant on one seeded scene, each evaluated against the scene's ground truth. */
  'nms.compare': z
    .object({
      scene: nmsSceneSpecSchema.partial(),
      methods: z.array(nmsMethodSchema).min(1).max(20),
      options: z.partialRecord(nmsMethodSchema, nmsOptionsSchema).optional(),
      trace: z.boolean().optional(),
    })
    .strict(),
  /** Times variants as the number of boxes grows (progress carries each point as it is measured). */
  'nms.timing': z
    .object({
      methods: z.array(nmsMethodSchema).min(1).max(11),
      sizes: z.array(z.number().int().min(10).max(1_000_000)).min(1).max(10),
      scenes: z.array(z.enum(NMS_TIMING_SCENES)).min(1).max(2),
      devices: z.array(z.enum(NMS_DEVICES)).min(1).max(2),
      repeats: z.number().int().min(1).max(50),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1),
    })
    .strict(),
  /** Runs a user's YOLO (v5/v8/11) ONNX detector on an encoded image and returns its raw candidates (no NMS). */
  'nms.detect': z
    .object({
      model: z.instanceof(Uint8Array).refine((bytes) => bytes.length > 0 && bytes.length <= 300 * 1024 * 1024, 'model must be 1 byte to 300 MB'),
      image: z.instanceof(Uint8Array).refine((bytes) => bytes.length > 0 && bytes.length <= 50 * 1024 * 1024, 'image must be 1 byte to 50 MB'),
      confidence: z.number().min(0).max(1),
      classNames: z.array(z.string().max(100)).max(10_000).optional(),
    })
    .strict(),
  /** images × texts cosine, logits and per-image softmax on a CLIP model resolved by id (default the built-in shapes-clip). */
  'clip.similarity': clipSimilarityArgsSchema,
  /** Zero-shot classification: labels (× templates, ensembled) → p(label | image) and the best label per image. */
  'clip.zeroShot': clipZeroShotArgsSchema,
  /** Downloads a catalog model (progress: bytes, total, speed, ETA); cancelling pauses it, starting it again resumes (HTTP Range). */
  'models.install': modelsInstallArgsSchema,
  /** Trains a tiny two-tower CLIP in plain TypeScript on generated scenes (loss + similarity matrix streamed). */
  'clip.trainTiny': clipTrainTinyArgsSchema,
  /** Images from a diffusion model (default shapes-diffusion) with a sampler, a prompt and guidance; progress streams each step's x_t, ε̂, x̂₀. */
  'diffusion.sample': diffusionSampleArgsSchema,
  /** x_t of an image (bytes or a shapes scene) at chosen timesteps of a schedule: q(x_t | x₀). */
  'diffusion.forward': diffusionForwardArgsSchema,
  /** Trains a tiny MLP ε-predictor on a 2D point cloud in plain TypeScript (loss and preview samples streamed). */
  'toy2d.train': toy2dTrainArgsSchema,
  /** Reverse trajectories of a trained toy model (DDPM or DDIM) and its learned vector field on a grid. */
  'toy2d.sample': toy2dSampleArgsSchema,
} satisfies Record<string, z.ZodType>;

export type JobKind = keyof typeof jobArgs;
export type JobArgs<K extends JobKind> = z.infer<(typeof jobArgs)[K]>;

export interface JobPayloads {
  /** Absent on throttled steps (only the fraction and message then). */
  'diffusion.sample': DiffusionStepPayload;
  'diffusion.forward': never;
  'demo.montecarlo': { estimate: number; samplesDone: number };
  'engine.check': { run: number };
  'nms.run': never;
  'nms.compare': { method: NmsMethodName };
  'nms.timing': NmsTimingPoint;
  'nms.detect': never;
  'clip.similarity': never;
  'clip.zeroShot': never;
  'models.install': ModelsInstallPayload;
  'clip.trainTiny': ClipTrainTinyPayload;
  'toy2d.train': Toy2dTrainProgress;
  'toy2d.sample': never;
}

export interface JobResults {
  'diffusion.sample': DiffusionSampleResult;
  'diffusion.forward': DiffusionForwardResult;
  'demo.montecarlo': { estimate: number; samples: number; error: number };
  'engine.check': {
    provider: ProviderName;
    fallback: ProviderReport['fallback'];
    runs: number;
    /** Median wall time of one `session.run`, in milliseconds. */
    medianMs: number;
    /** First run, including session creation. */
    firstMs: number;
    input: Float32Array;
    output: Float32Array;
    /** What the same maths gives in plain TypeScript, for the learner to compare. */
    expected: Float32Array;
    maxAbsError: number;
  };
  'nms.run': { result: NmsResult; device: NmsDevice; provider: string | null; elapsedMs: number };
  'nms.compare': {
    scene: NmsScene;
    results: { method: NmsMethodName; result: NmsResult; evaluation: NmsEvaluation; elapsedMs: number }[];
  };
  'nms.timing': { points: NmsTimingPoint[] };
  'nms.detect': NmsDetections;
  'clip.similarity': ClipSimilarityResult;
  'clip.zeroShot': ClipZeroShotResult;
  'models.install': ModelsInstallResult;
  'clip.trainTiny': ClipTrainTinyResult;
  'toy2d.train': Toy2dTrainResult;
  'toy2d.sample': Toy2dSampleResult;
}

export const JOB_STATUSES = ['running', 'succeeded', 'cancelled', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobState<K extends JobKind = JobKind> {
  jobId: string;
  kind: K;
  status: JobStatus;
  fraction: number;
  messageKey: string;
  startedAt: number;
}

// ---------------------------------------------------------------------------
// Methods
// ---------------------------------------------------------------------------

/** One branch per job kind; a later lab adds its line here next to its `jobArgs` entry. */
const jobStartSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('demo.montecarlo'), args: jobArgs['demo.montecarlo'] }).strict(),
  z.object({ kind: z.literal('engine.check'), args: jobArgs['engine.check'] }).strict(),
  z.object({ kind: z.literal('nms.run'), args: jobArgs['nms.run'] }).strict(),
  z.object({ kind: z.literal('nms.compare'), args: jobArgs['nms.compare'] }).strict(),
  z.object({ kind: z.literal('nms.timing'), args: jobArgs['nms.timing'] }).strict(),
  z.object({ kind: z.literal('nms.detect'), args: jobArgs['nms.detect'] }).strict(),
  z.object({ kind: z.literal('clip.similarity'), args: jobArgs['clip.similarity'] }).strict(),
  z.object({ kind: z.literal('clip.zeroShot'), args: jobArgs['clip.zeroShot'] }).strict(),
  z.object({ kind: z.literal('diffusion.sample'), args: jobArgs['diffusion.sample'] }).strict(),
  z.object({ kind: z.literal('diffusion.forward'), args: jobArgs['diffusion.forward'] }).strict(),
  z.object({ kind: z.literal('models.install'), args: jobArgs['models.install'] }).strict(),
  z.object({ kind: z.literal('clip.trainTiny'), args: jobArgs['clip.trainTiny'] }).strict(),
  z.object({ kind: z.literal('toy2d.train'), args: jobArgs['toy2d.train'] }).strict(),
  z.object({ kind: z.literal('toy2d.sample'), args: jobArgs['toy2d.sample'] }).strict(),
]);

/** Runtime schemas of every method's single argument object. */
export const methodArgs = {
  'system.info': z.object({}).strict(),
  'settings.get': z.object({}).strict(),
  'settings.update': z.object({ patch: settingsSchema.partial().strict() }).strict(),
  'progress.get': z.object({}).strict(),
  'progress.setLesson': z.object({ lessonId: idSchema, progress: lessonProgressSchema }).strict(),
  'progress.reset': z.object({}).strict(),
  'lessons.list': z.object({}).strict(),
  'lessons.get': z.object({ id: z.string().min(1).max(100), locale: localeSchema }).strict(),
  'jobs.start': jobStartSchema,
  'jobs.cancel': z.object({ jobId: z.string().min(1).max(64) }).strict(),
  'jobs.list': z.object({}).strict(),
  'app.openExternal': z.object({ url: z.string().min(1).max(2048) }).strict(),
  /** A seeded synthetic detection scene (fast: a few hundred boxes), for the NMS lessons. */
  'nms.scene': z.object({ spec: nmsSceneSpecSchema.partial() }).strict(),
  /** β_t, ᾱ_t and log-SNR of a noise schedule, and (with `steps`) the timesteps a sampler visits, for charts. */
  'diffusion.schedule': diffusionScheduleArgsSchema,
  /** A shapes-world scene (pixels, facts, caption) to show beside a CLIP result; optionally the first from a seed that matches. */
  'shapes.scene': shapesSceneArgsSchema,
  /** Installed, built-in and downloadable models with their state (electron/common/models.ts). */
  ...modelsMethodArgs,
  /** Many shapes-world scenes at once (pixels, facts, captions), held-out combinations too: galleries and the limits lesson. */
  'shapes.scenes': shapesScenesArgsSchema,
} satisfies Record<string, z.ZodType>;

export type MethodName = keyof typeof methodArgs;

/** Arguments as callers write them. */
export type MethodArgs<M extends MethodName> = z.input<(typeof methodArgs)[M]>;

export interface MethodResults {
  'system.info': SystemInfo;
  'settings.get': Settings;
  'settings.update': Settings;
  'progress.get': Progress;
  'progress.setLesson': Progress;
  'progress.reset': Progress;
  'lessons.list': LessonIndex;
  'lessons.get': LessonContent;
  'jobs.start': { jobId: string };
  'jobs.cancel': { cancelled: boolean };
  'jobs.list': JobState[];
  'app.openExternal': { opened: boolean };
  'nms.scene': NmsScene;
  'diffusion.schedule': DiffusionScheduleResult;
  'shapes.scene': ShapesScenePreview;
  'models.list': ModelsListResult;
  'models.info': ModelInfoResult;
  'models.remove': { removed: boolean };
  'models.import': ModelInfoResult;
  'models.checkDiffusion': DiffusionImportReport;
  'shapes.scenes': ShapesScenesResult;
}

export type MethodResult<M extends MethodName> = MethodResults[M];

export const METHOD_NAMES = Object.keys(methodArgs) as MethodName[];

// ---------------------------------------------------------------------------
// Events (engine → renderer)
// ---------------------------------------------------------------------------

export type JobProgressEvent = {
  [K in JobKind]: {
    jobId: string;
    kind: K;
    fraction: number;
    messageKey: string;
    params?: Record<string, string | number>;
    payload?: JobPayloads[K];
  };
}[JobKind];

export type JobEndEvent = {
  [K in JobKind]: {
    jobId: string;
    kind: K;
    status: Exclude<JobStatus, 'running'>;
    result?: JobResults[K];
    error?: LabErrorData;
  };
}[JobKind];

export interface EventPayloads {
  onDidJobProgress: JobProgressEvent;
  onDidJobEnd: JobEndEvent;
  onDidChangeSettings: Settings;
  /** The job worker probed (again) which execution provider really works. */
  onDidChangeProviders: ProviderReport;
}

export type EventName = keyof EventPayloads;

export const EVENT_NAMES: EventName[] = ['onDidJobProgress', 'onDidJobEnd', 'onDidChangeSettings', 'onDidChangeProviders'];

// ---------------------------------------------------------------------------
// Envelopes shared by the IPC and WebSocket transports
// ---------------------------------------------------------------------------

export type CallOutcome<T> = { ok: true; value: T } | { ok: false; error: LabErrorData };

/** WebSocket frames (CBOR-encoded; typed arrays travel as binary). */
export type ClientFrame = { type: 'call'; id: number; method: string; args: unknown };
export type ServerFrame =
  | { type: 'result'; id: number; outcome: CallOutcome<unknown> }
  | { type: 'event'; name: EventName; payload: unknown }
  | {
      type: 'hello';
      host: HostKind;
      appVersion: string;
      /** 'guest': a classroom browser on the LAN (own settings in memory, no provider or folder changes). */ role: 'owner' | 'guest';
    };

/** The single IPC channel names used under Electron (main ↔ preload). */
export const IPC_CALL_CHANNEL = 'aigc-lab:call';
export const IPC_EVENT_CHANNEL = 'aigc-lab:event';

/** Name under which the preload exposes the contract on `window`. */
export const PRELOAD_GLOBAL = 'aigcLab';

/** What the Electron preload puts on `window[PRELOAD_GLOBAL]`: one function per method and per event, nothing else. */
export interface PreloadBridge {
  host: 'electron';
  methods: { [M in MethodName]: (args: MethodArgs<M>) => Promise<CallOutcome<MethodResult<M>>> };
  events: { [E in EventName]: (listener: (payload: EventPayloads[E]) => void) => () => void };
}
