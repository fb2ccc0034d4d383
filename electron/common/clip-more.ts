/**
 * Wire types of CLIP lessons 5–7: `shapes.scenes` (rendered scenes of the
 * shapes world with their facts and captions, for galleries and the limits
 * lesson) and the `clip.trainTiny` job (a tiny contrastive model trained in
 * plain TypeScript in the job worker, electron/engine/clip-train/).
 */
import { z } from 'zod';

const seedSchema = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);

/** At most this many scenes per `shapes.scenes` call (a gallery of 48 by default). */
export const MAX_SHAPE_SCENES = 128;

export const shapesScenesArgsSchema = z
  .object({
    seeds: z.array(seedSchema).min(1).max(MAX_SHAPE_SCENES),
    /** Pixels a side; 64 is what shapes-clip sees. */
    resolution: z.number().int().min(8).max(256).optional(),
    /** 'seen' draws what `clip.similarity`'s `{ kind: 'scene' }` draws; 'heldout' only combinations the built-in model never saw. */
    combos: z.enum(['seen', 'heldout']).optional(),
  })
  .strict();
export type ShapesScenesArgs = z.infer<typeof shapesScenesArgsSchema>;

export interface ShapeSceneWire {
  seed: number;
  /** Row-major H×W×3 RGB. */
  rgb: Uint8Array;
  width: number;
  height: number;
  shape: string;
  colour: string;
  size: string;
  position: string;
  count: number;
  background: string;
  /** The first paraphrase of the caption grammar in each language. */
  caption: { en: string; 'zh-CN': string };
}

export interface ShapesScenesResult {
  scenes: ShapeSceneWire[];
}

export const clipTrainTinyArgsSchema = z
  .object({
    /** Optimiser steps (each on a fresh batch of generated scenes). */
    steps: z.number().int().min(1).max(5000),
    /** Pairs per batch: the N of the N×N similarity matrix. */
    batch: z.number().int().min(2).max(64),
    /** Shared embedding size d_e. */
    dim: z.number().int().min(2).max(128),
    learningRate: z.number().positive().max(1),
    seed: seedSchema,
    /** Caption language of the training pairs. */
    language: z.enum(['en', 'zh-CN', 'both']).optional(),
    /** Send the loss and a batch similarity matrix every this many steps. */
    reportEvery: z.number().int().min(1).max(1000).optional(),
  })
  .strict();
export type ClipTrainTinyArgs = z.infer<typeof clipTrainTinyArgsSchema>;

/** One snapshot of training on a fixed evaluation batch. */
export interface ClipTrainSnapshot {
  step: number;
  /** Symmetric InfoNCE on the training batch of this step. */
  loss: number;
  /** Learned temperature as a logit scale, exp(t). */
  logitScale: number;
  /** Cosine similarity of the evaluation batch, row-major N×N (images × captions). */
  similarity: Float32Array;
  /** Mean diagonal minus mean off-diagonal cosine of the evaluation batch. */
  diagonalGap: number;
  /** Fraction of evaluation images whose own caption is the best match. */
  top1: number;
}

export interface ClipTrainTinyPayload {
  /** Losses of every step since the previous payload. */
  losses: { step: number; loss: number }[];
  snapshot: ClipTrainSnapshot;
}

export interface ClipTrainTinyResult {
  steps: number;
  elapsedMs: number;
  parameters: number;
  /** Captions of the evaluation batch, in its order. */
  captions: string[];
  /** The evaluation batch's scenes (seeds for `shapes.scenes`). */
  seeds: number[];
  first: ClipTrainSnapshot;
  last: ClipTrainSnapshot;
  losses: { step: number; loss: number }[];
}
