import { DEFAULT_FORWARD_RESOLUTION, type DiffusionForwardResult, type DiffusionImageSpec } from '../../../common/diffusion.js';
import { LabError } from '../../../common/errors.js';
import { sceneImage } from '../../clip/image-specs.js';
import { forwardStepByStep, qSample } from '../../diffusion/forward.js';
import { decodeSquare, fromRgbBytes, rgbBytes } from '../../diffusion/image.js';
import { gaussianNoise } from '../../diffusion/noise.js';
import { noiseSchedule } from '../../diffusion/schedule.js';
import type { JobFunction } from '../context.js';

async function rgbOf(image: DiffusionImageSpec, resolution: number): Promise<Uint8Array> {
  return image.kind === 'scene' ? sceneImage(image.seed, resolution).data : decodeSquare(image.data, resolution);
}

/**
 * x_t of one image at the requested timesteps, for the forward-process lesson: closed form
 * (eq. 4, one ε drawn from the seed and shared by every t, so a slider shows the same noise
 * growing) or step by step (eq. 2).
 *
 * @example jobs.start { kind: 'diffusion.forward', args: { image: { kind: 'scene', seed: 3 }, schedule: { schedule: 'linear' }, timesteps: [0, 250, 999], seed: 1 } }
 * // → { width: 64, height: 64, x0: Uint8Array(12288), images: Uint8Array(3·12288), alphasCumprod: [0.9999, 0.52…, 4.04e-5], … }
 */
export const diffusionForward: JobFunction<'diffusion.forward'> = async (args, context): Promise<DiffusionForwardResult> => {
  const resolution = args.resolution ?? DEFAULT_FORWARD_RESOLUTION;
  const T = args.schedule.T ?? 1000;
  for (const t of args.timesteps) if (t >= T) throw new LabError('validation', { messageKey: 'error.diffusion.timestepRange', params: { t, T } });
  context.progress(0, 'job.diffusion.noising', undefined);
  const schedule = noiseSchedule(args.schedule.schedule, T, { betaStart: args.schedule.betaStart, betaEnd: args.schedule.betaEnd });
  const rgb = await rgbOf(args.image, resolution);
  const x0 = fromRgbBytes(rgb, resolution, resolution);
  const per = resolution * resolution * 3;
  const images = new Uint8Array(args.timesteps.length * per);
  const noise = gaussianNoise(args.seed);
  if ((args.method ?? 'closed-form') === 'closed-form') {
    const epsilon = noise.fill(new Float32Array(x0.length));
    const x_t = new Float32Array(x0.length);
    for (const [k, t] of args.timesteps.entries()) {
      qSample(schedule, x0, t, epsilon, x_t);
      rgbBytes(x_t, 1, 3, resolution, resolution, [-1, 1], images.subarray(k * per, (k + 1) * per));
    }
  } else {
    const kept = forwardStepByStep(schedule, x0, args.timesteps, noise);
    for (const [k, t] of args.timesteps.entries())
      rgbBytes(kept.get(t)!, 1, 3, resolution, resolution, [-1, 1], images.subarray(k * per, (k + 1) * per));
  }
  context.progress(1, 'job.diffusion.noising', undefined);
  return {
    width: resolution,
    height: resolution,
    x0: rgb,
    timesteps: [...args.timesteps],
    images,
    alphasCumprod: args.timesteps.map((t) => schedule.alphasCumprod[t]!),
    logSnr: args.timesteps.map((t) => schedule.logSnr[t]!),
  };
};
