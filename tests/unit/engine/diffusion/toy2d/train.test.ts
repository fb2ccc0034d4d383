/**
 * Training quality: after a short training on two moons, samples must lie on the moons —
 * their Chamfer distance to fresh data far below that of pure noise and of an untrained model.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TOY2D_CONFIG, type Toy2dModelConfig } from '../../../../../electron/common/toy2d';
import { toy2dDataset } from '../../../../../electron/engine/diffusion/toy2d/datasets';
import { createDenoiser } from '../../../../../electron/engine/diffusion/toy2d/denoiser';
import { chamferDistance } from '../../../../../electron/engine/diffusion/toy2d/metrics';
import { initParameters } from '../../../../../electron/engine/diffusion/toy2d/mlp';
import { sampleToy2d } from '../../../../../electron/engine/diffusion/toy2d/sampler';
import { toy2dSchedule } from '../../../../../electron/engine/diffusion/toy2d/schedule';
import { trainToy2d } from '../../../../../electron/engine/diffusion/toy2d/train';
import { createRng } from '../../../../../electron/engine/random/rng';

const config: Toy2dModelConfig = DEFAULT_TOY2D_CONFIG;
const schedule = toy2dSchedule(config.schedule, config.T);

async function samplesOf(params: Float32Array, sampler: 'ddpm' | 'ddim', steps: number): Promise<Float32Array> {
  return (await sampleToy2d(createDenoiser(config, params), schedule, { sampler, count: 600, seed: 11, steps, record: false })).samples;
}

describe('toy2d training', () => {
  it('learns two moons: samples land on the data (DDPM and DDIM), noise and an untrained model do not', { timeout: 600_000 }, async () => {
    const data = toy2dDataset('two-moons', 2000, 1);
    const fresh = toy2dDataset('two-moons', 1000, 2);
    const training = await trainToy2d(data, { config, steps: 2500, seed: 1, reportEvery: 100 });
    const rng = createRng(5);
    const noise = Float32Array.from({ length: 1200 }, () => rng.normal());
    const untrained = initParameters(
      { inputDim: 2 + 2 * config.frequencies, hidden: config.hidden, layers: config.layers, outputDim: 2 },
      createRng(1),
    );

    const floor = chamferDistance(toy2dDataset('two-moons', 600, 3), fresh);
    const ddpm = chamferDistance(await samplesOf(training.params, 'ddpm', config.T), fresh);
    const ddim = chamferDistance(await samplesOf(training.params, 'ddim', 20), fresh);
    const baseline = Math.min(chamferDistance(noise, fresh), chamferDistance(await samplesOf(untrained, 'ddpm', config.T), fresh));
    // Measured: floor ≈ 0.05, trained ≈ 0.06–0.09, noise and untrained ≈ 0.5.
    expect(ddpm).toBeLessThan(0.25 * baseline);
    expect(ddim).toBeLessThan(0.3 * baseline);
    expect(ddpm).toBeLessThan(2.5 * floor);
    // The loss went down (it cannot reach 0: at large t the noise is unpredictable).
    expect(training.loss.at(-1)!).toBeLessThan(0.85 * training.loss[0]!);
    expect(training.lossSteps.at(-1)).toBe(2500);
  });

  it('is reproducible: the same seed gives the same weights, another seed others', async () => {
    const data = toy2dDataset('smiley', 200, 1);
    const small: Toy2dModelConfig = { ...config, hidden: 8, layers: 2 };
    const a = await trainToy2d(data, { config: small, steps: 30, seed: 3 });
    const b = await trainToy2d(data, { config: small, steps: 30, seed: 3 });
    const c = await trainToy2d(data, { config: small, steps: 30, seed: 4 });
    expect(a.params).toEqual(b.params);
    expect(a.params).not.toEqual(c.params);
  });

  it('reports the loss window by window and stops at a failing checkpoint', async () => {
    const data = toy2dDataset('two-moons', 100, 1);
    const small: Toy2dModelConfig = { ...config, hidden: 8, layers: 1 };
    const reports: number[] = [];
    const snapshots: number[] = [];
    let checkpoints = 0;
    const stopped = trainToy2d(
      data,
      { config: small, steps: 200, seed: 1, reportEvery: 10, snapshotEvery: 40, snapshotCount: 7 },
      {
        onReport: (step) => reports.push(step),
        onSnapshot: (step, points) => {
          expect(points).toHaveLength(14);
          snapshots.push(step);
        },
        checkpoint: async () => {
          if (++checkpoints === 4) throw new Error('cancelled');
        },
      },
    );
    await expect(stopped).rejects.toThrow('cancelled');
    // Checkpoints every 25 steps: the 4th is at step 100.
    expect(reports.at(-1)).toBe(100);
    expect(snapshots).toEqual([40, 80]);
  });
});
