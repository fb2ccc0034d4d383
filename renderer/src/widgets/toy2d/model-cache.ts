/**
 * Trained toy models kept for the session, so the lesson's later steps (the vector field, the
 * samplers) reuse the model the learner trained a step earlier instead of training again.
 * Keyed by what was trained: a preset dataset, step count and seed (drawings are not kept).
 */
import type { Toy2dTrainResult } from '../../../../electron/common/toy2d';

const trained = new Map<string, Toy2dTrainResult>();

export function modelKey(dataset: string, steps: number, seed: number): string {
  return `${dataset}:${steps}:${seed}`;
}

export function cachedModel(key: string): Toy2dTrainResult | undefined {
  return trained.get(key);
}

export function rememberModel(key: string, result: Toy2dTrainResult): void {
  trained.set(key, result);
}
