import { LabError } from '../../../common/errors.js';
import { createDenoiser, denoiserParameterCount } from '../../diffusion/toy2d/denoiser.js';
import { sampleToy2d } from '../../diffusion/toy2d/sampler.js';
import { toy2dSchedule } from '../../diffusion/toy2d/schedule.js';
import type { JobFunction } from '../context.js';

/** DDIM's usual showcase: a fifth of the toy chain is plenty for a deterministic sampler. */
const DEFAULT_DDIM_STEPS = 20;
const DEFAULT_GRID = 15;

/**
 * Runs the reverse process of a trained toy model from seeded noise and returns every frame of
 * every point's trajectory plus the learned vector field −ε̂ on a grid at each visited timestep.
 */
export const toy2dSample: JobFunction<'toy2d.sample'> = async (args, context) => {
  const { config, weights } = args.model;
  const expected = denoiserParameterCount(config);
  if (weights.length !== expected) {
    throw new LabError('validation', { messageKey: 'error.toy2d.weightsMismatch', params: { expected, got: weights.length } });
  }
  const steps = args.steps ?? (args.sampler === 'ddpm' ? config.T : Math.min(DEFAULT_DDIM_STEPS, config.T));
  if (steps > config.T) throw new LabError('validation', { messageKey: 'error.toy2d.tooManySteps', params: { steps, T: config.T } });
  const grid = args.grid ?? DEFAULT_GRID;
  const start = performance.now();
  context.progress(0, 'job.toy2d.sampling', undefined, { sampler: args.sampler.toUpperCase(), steps });
  const sampling = await sampleToy2d(createDenoiser(config, weights), toy2dSchedule(config.schedule, config.T), {
    sampler: args.sampler,
    count: args.count,
    seed: args.seed,
    steps,
    eta: args.eta,
    grid,
    checkpoint: () => context.checkpoint(),
  });
  return {
    sampler: args.sampler,
    count: args.count,
    timesteps: sampling.timesteps,
    trajectory: sampling.trajectory,
    samples: sampling.samples,
    field: sampling.field,
    grid,
    elapsedMs: performance.now() - start,
  };
};
