import { DEFAULT_TOY2D_CONFIG, type Toy2dModelConfig } from '../../../common/toy2d.js';
import { LabError } from '../../../common/errors.js';
import { resolveToy2dData } from '../../diffusion/toy2d/datasets.js';
import { trainToy2d } from '../../diffusion/toy2d/train.js';
import type { JobFunction } from '../context.js';

/** Drawn points are spikes; this much jitter (a tenth of the noise's unit) turns them into a learnable shape. */
const DRAWING_JITTER = 0.05;

/**
 * Trains a tiny ε-predictor on a 2D point cloud in this worker. Progress carries the loss every
 * `reportEvery` steps and, every `snapshotEvery` steps, a quick sample of the model so far.
 */
export const toy2dTrain: JobFunction<'toy2d.train'> = async (args, context) => {
  const config: Toy2dModelConfig = { ...DEFAULT_TOY2D_CONFIG, ...args.config };
  const { steps } = args;
  const snapshotEvery = args.snapshotEvery ?? 500;
  const start = performance.now();
  const data = resolveToy2dData(args.data, args.seed);
  context.progress(0, 'job.toy2d.training', { step: 0, data }, { step: 0, steps });
  let lastLoss: number | undefined;
  const isSnapshotStep = (step: number): boolean => snapshotEvery > 0 && (step % snapshotEvery === 0 || step === steps);
  const training = await trainToy2d(
    data,
    {
      config,
      steps,
      seed: args.seed,
      batch: args.batch,
      learningRate: args.learningRate,
      jitter: args.data.kind === 'points' ? DRAWING_JITTER : 0,
      reportEvery: args.reportEvery ?? 50,
      snapshotEvery,
      snapshotCount: args.snapshotCount,
    },
    {
      onReport: (step, loss) => {
        // A diverged run would only draw garbage from here on: say so instead.
        if (!Number.isFinite(loss)) throw new LabError('jobFailed', { messageKey: 'error.toy2d.diverged', params: { step } });
        lastLoss = loss;
        // On a snapshot step the loss travels with the snapshot: two messages this close together would be throttled to one.
        if (!isSnapshotStep(step)) context.progress(step / steps, 'job.toy2d.training', { step, loss }, { step, steps });
      },
      onSnapshot: (step, snapshot) => context.progress(step / steps, 'job.toy2d.training', { step, loss: lastLoss, snapshot }, { step, steps }),
      checkpoint: () => context.checkpoint(),
    },
  );
  return {
    model: { config, weights: training.params },
    data,
    lossSteps: training.lossSteps,
    loss: training.loss,
    steps,
    elapsedMs: performance.now() - start,
  };
};
