import type { JobKind } from '../../../common/api.js';
import type { JobFunction } from '../context.js';
import { clipSimilarity } from './clip-similarity.js';
import { clipTrainTiny } from './clip-train-tiny.js';
import { clipZeroShot } from './clip-zero-shot.js';
import { demoMonteCarlo } from './demo-montecarlo.js';
import { diffusionForward } from './diffusion-forward.js';
import { diffusionSample } from './diffusion-sample.js';
import { engineCheck } from './engine-check.js';
import { modelsInstall } from './models-install.js';
import { nmsCompare } from './nms-compare.js';
import { nmsDetect } from './nms-detect.js';
import { nmsRun } from './nms-run.js';
import { nmsTiming } from './nms-timing.js';
import { toy2dSample } from './toy2d-sample.js';
import { toy2dTrain } from './toy2d-train.js';

/** Every job kind the worker can run. A later lab adds one line per kind. */
export const JOB_FUNCTIONS: { [K in JobKind]: JobFunction<K> } = {
  'demo.montecarlo': demoMonteCarlo,
  'engine.check': engineCheck,
  'nms.run': nmsRun,
  'nms.compare': nmsCompare,
  'nms.timing': nmsTiming,
  'nms.detect': nmsDetect,
  'clip.similarity': clipSimilarity,
  'clip.zeroShot': clipZeroShot,
  'diffusion.sample': diffusionSample,
  'diffusion.forward': diffusionForward,
  'models.install': modelsInstall,
  'clip.trainTiny': clipTrainTiny,
  'toy2d.train': toy2dTrain,
  'toy2d.sample': toy2dSample,
};
