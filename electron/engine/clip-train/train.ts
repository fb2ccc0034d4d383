/**
 * Trains the tiny CLIP (model.ts) on generated shapes scenes: a fresh batch
 * of distinct (scene, caption) pairs each step, symmetric InfoNCE, Adam.
 * A fixed evaluation batch is scored every `reportEvery` steps so the learner
 * watches one N×N matrix turn diagonal.
 */
import type { ClipTrainSnapshot, ClipTrainTinyArgs, ClipTrainTinyResult } from '../../common/clip-more.js';
import { createRng } from '../random/rng.js';
import { Adam } from './adam.js';
import { PIXELS, sampleBatch, type PairBatch } from './data.js';
import { initTinyClip, lossAndGrads, MAX_TAU, parameterCount, parameterList, similarity, type TinyClipParams } from './model.js';
import { shapesVocabulary } from './vocabulary.js';

/** Hidden units of the image MLP. */
export const HIDDEN = 48;
/** Evaluation batch size: the matrix the lesson draws. */
export const EVAL_PAIRS = 12;

export interface TrainHooks {
  /** Called every `reportEvery` steps (and after the last) with the losses since the previous call. */
  report(losses: { step: number; loss: number }[], snapshot: ClipTrainSnapshot, fraction: number): void;
  /** Lets a cancel in; throws to stop. */
  checkpoint(): Promise<void>;
}

/** Diagonal minus off-diagonal mean, and the share of rows whose maximum is on the diagonal. */
export function diagonalStats(C: ArrayLike<number>, N: number): { diagonalGap: number; top1: number } {
  let diag = 0;
  let off = 0;
  let hits = 0;
  for (let i = 0; i < N; i++) {
    let best = 0;
    for (let j = 0; j < N; j++) {
      if (i === j) diag += C[i * N + j]!;
      else off += C[i * N + j]!;
      if (C[i * N + j]! > C[i * N + best]!) best = j;
    }
    if (best === i) hits++;
  }
  return { diagonalGap: diag / N - off / (N * (N - 1)), top1: hits / N };
}

function snapshot(params: TinyClipParams, evalBatch: PairBatch, step: number, loss: number): ClipTrainSnapshot {
  const C = similarity(params, evalBatch.pixels, evalBatch.tokens);
  return { step, loss, logitScale: Math.exp(params.tau[0]!), similarity: Float32Array.from(C), ...diagonalStats(C, evalBatch.n) };
}

/**
 * @example await trainTinyClip({ steps: 300, batch: 32, dim: 16, learningRate: 0.01, seed: 1 }, hooks)
 * // → { steps: 300, last: { top1 ≈ 0.9, diagonalGap ≈ 0.6, … }, first: { top1 ≈ 0.1, … }, … }
 */
export async function trainTinyClip(args: ClipTrainTinyArgs, hooks: TrainHooks): Promise<ClipTrainTinyResult> {
  const started = performance.now();
  const vocab = shapesVocabulary();
  const language = args.language ?? 'en';
  const rng = createRng(args.seed);
  const params = initTinyClip({ P: PIXELS, H: HIDDEN, d: args.dim, V: vocab.size }, rng);
  const optimiser = new Adam(parameterList(params), args.learningRate);
  // The evaluation batch has its own stream, so it is the same whatever the training settings.
  const evalBatch = sampleBatch(createRng(args.seed ^ 0x5eed), EVAL_PAIRS, language, vocab);
  const every = args.reportEvery ?? Math.max(1, Math.round(args.steps / 60));

  const first = snapshot(params, evalBatch, 0, Number.NaN);
  const losses: { step: number; loss: number }[] = [];
  let pending: { step: number; loss: number }[] = [];
  let last = first;
  hooks.report([], first, 0);
  for (let step = 1; step <= args.steps; step++) {
    const batch = sampleBatch(rng, args.batch, language, vocab);
    const { loss, grads } = lossAndGrads(params, batch.pixels, batch.tokens);
    optimiser.step(grads);
    // CLIP clips the logit scale at 100 so the softmax cannot become a hard max.
    params.tau[0] = Math.min(MAX_TAU, Math.max(0, params.tau[0]!));
    losses.push({ step, loss });
    pending.push({ step, loss });
    if (step % every === 0 || step === args.steps) {
      last = snapshot(params, evalBatch, step, loss);
      hooks.report(pending, last, step / args.steps);
      pending = [];
      await hooks.checkpoint();
    }
  }
  return {
    steps: args.steps,
    elapsedMs: performance.now() - started,
    parameters: parameterCount(params),
    captions: evalBatch.captions,
    seeds: evalBatch.seeds,
    first,
    last,
    losses,
  };
}
