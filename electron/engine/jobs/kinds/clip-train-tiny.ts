import type { JobFunction } from '../context.js';
import { trainTinyClip } from '../../clip-train/train.js';

/**
 * Trains the tiny two-tower CLIP of engine/clip-train on generated shapes
 * scenes, streaming the loss and the evaluation batch's similarity matrix.
 *
 * @example jobs.start { kind: 'clip.trainTiny', args: { steps: 600, batch: 32, dim: 32, learningRate: 0.01, seed: 1 } }
 * // → progress payloads { losses: [{ step, loss }…], snapshot: { step, similarity: Float32Array(144), top1, … } }, then the result
 */
export const clipTrainTiny: JobFunction<'clip.trainTiny'> = (args, context) =>
  trainTinyClip(args, {
    report: (losses, snapshot, fraction) =>
      context.progress(fraction, 'job.clipMore.training', { losses, snapshot }, { step: snapshot.step, steps: args.steps }),
    checkpoint: () => context.checkpoint(),
  });
