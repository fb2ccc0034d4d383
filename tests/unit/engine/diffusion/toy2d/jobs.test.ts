import { afterAll, describe, expect, it } from 'vitest';
import { jobArgs } from '../../../../../electron/common/api';
import { LabError } from '../../../../../electron/common/errors';
import { DEFAULT_TOY2D_CONFIG } from '../../../../../electron/common/toy2d';
import { toy2dSample } from '../../../../../electron/engine/jobs/kinds/toy2d-sample';
import { toy2dTrain } from '../../../../../electron/engine/jobs/kinds/toy2d-train';
import { Runtime } from '../../../../../electron/engine/runtime/ort';
import { fakeContext } from '../../jobs/kinds/fake-context';

const runtime = new Runtime('cpu');
afterAll(() => runtime.releaseAll());

const tiny = { hidden: 8, layers: 1, T: 20 };

describe('toy2d.train job', () => {
  it('streams the loss and preview samples, and returns weights, data and the loss curve', async () => {
    const context = fakeContext<'toy2d.train'>(runtime);
    const args = jobArgs['toy2d.train'].parse({
      data: { kind: 'preset', name: 'swiss-roll', count: 300 },
      steps: 100,
      seed: 1,
      config: tiny,
      reportEvery: 10,
      snapshotEvery: 50,
      snapshotCount: 5,
    });
    const result = await toy2dTrain(args, context);
    expect(result.model.config).toEqual({ ...DEFAULT_TOY2D_CONFIG, ...tiny });
    // (18·8 + 8) + (8·2 + 2)
    expect(result.model.weights).toHaveLength(170);
    expect(result.data).toHaveLength(600);
    expect(Array.from(result.lossSteps)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    const all = context.records.map((record) => record.payload).filter((payload) => payload !== undefined);
    expect(all[0]).toEqual({ step: 0, data: result.data });
    const payloads = all.slice(1);
    expect(payloads.map((payload) => payload.step)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(payloads.filter((payload) => payload.snapshot).map((payload) => [payload.step, payload.snapshot!.length])).toEqual([
      [50, 10],
      [100, 10],
    ]);
    expect(payloads[4]!.loss).toBeCloseTo(result.loss[4]!, 6);
    expect(context.records[0]).toMatchObject({ fraction: 0, messageKey: 'job.toy2d.training', params: { step: 0, steps: 100 } });
    expect(payloads.every((payload) => typeof payload.loss === 'number' && payload.loss > 0)).toBe(true);
  });

  it('trains on a drawing', async () => {
    const points = Float32Array.of(-1, -1, 0, 0, 1, 1, 2, 2);
    const result = await toy2dTrain(
      jobArgs['toy2d.train'].parse({ data: { kind: 'points', points }, steps: 20, seed: 1, config: tiny }),
      fakeContext<'toy2d.train'>(runtime),
    );
    expect(result.data).toEqual(points);
  });

  it('stops when cancelled', async () => {
    const context = fakeContext<'toy2d.train'>(runtime, { cancelAtCheckpoint: 2 });
    const args = jobArgs['toy2d.train'].parse({ data: { kind: 'preset', name: 'smiley' }, steps: 5000, seed: 1, config: tiny });
    await expect(toy2dTrain(args, context)).rejects.toMatchObject({ code: 'jobCancelled' });
    expect(context.checkpoints).toBe(2);
  });

  it('refuses a drawing it cannot use, with a reason', () => {
    const parse = (points: Float32Array) => jobArgs['toy2d.train'].safeParse({ data: { kind: 'points', points }, steps: 10, seed: 1 });
    expect(parse(Float32Array.of(0, 0, 1, 1)).success).toBe(false); // two points
    expect(parse(Float32Array.of(0, 0, 1, 1, 2)).success).toBe(false); // odd
    expect(parse(Float32Array.of(0, 0, 1, 1, 2, 9)).success).toBe(false); // outside ±3
    expect(parse(Float32Array.of(0, 0, 1, 1, 2, Number.NaN)).success).toBe(false);
    expect(parse(Float32Array.of(0, 0, 1, 1, 2, 2)).success).toBe(true);
    expect(jobArgs['toy2d.train'].safeParse({ data: { kind: 'preset', name: 'spiral' }, steps: 10, seed: 1 }).success).toBe(false);
  });
});

describe('toy2d.sample job', () => {
  it('returns every frame, the timesteps T … 0 and the vector field per step', async () => {
    const trained = await toy2dTrain(
      jobArgs['toy2d.train'].parse({ data: { kind: 'preset', name: 'two-moons', count: 200 }, steps: 20, seed: 1, config: tiny }),
      fakeContext<'toy2d.train'>(runtime),
    );
    const context = fakeContext<'toy2d.sample'>(runtime);
    const result = await toy2dSample(
      jobArgs['toy2d.sample'].parse({ model: trained.model, count: 30, seed: 2, sampler: 'ddim', steps: 5, grid: 4 }),
      context,
    );
    expect(Array.from(result.timesteps)).toEqual([20, 16, 12, 8, 4, 0]);
    expect(result.trajectory).toHaveLength(6 * 30 * 2);
    expect(result.samples).toEqual(result.trajectory.subarray(5 * 60));
    expect(result.field).toHaveLength(5 * 16 * 2);
    expect(result.grid).toBe(4);
    // DDPM defaults to the whole chain.
    const ddpm = await toy2dSample(
      jobArgs['toy2d.sample'].parse({ model: trained.model, count: 3, seed: 2, sampler: 'ddpm', grid: 0 }),
      fakeContext<'toy2d.sample'>(runtime),
    );
    expect(ddpm.timesteps).toHaveLength(21);
    expect(ddpm.field).toHaveLength(0);
  });

  it('refuses weights that do not fit the configuration, and more steps than T', async () => {
    const model = { config: { ...DEFAULT_TOY2D_CONFIG, ...tiny }, weights: new Float32Array(169) };
    const wrong = toy2dSample(jobArgs['toy2d.sample'].parse({ model, count: 3, seed: 1, sampler: 'ddpm' }), fakeContext<'toy2d.sample'>(runtime));
    await expect(wrong).rejects.toBeInstanceOf(LabError);
    await expect(wrong).rejects.toMatchObject({ code: 'validation', messageKey: 'error.toy2d.weightsMismatch', params: { expected: 170, got: 169 } });
    const long = toy2dSample(
      jobArgs['toy2d.sample'].parse({ model: { ...model, weights: new Float32Array(170) }, count: 3, seed: 1, sampler: 'ddim', steps: 21 }),
      fakeContext<'toy2d.sample'>(runtime),
    );
    await expect(long).rejects.toMatchObject({ messageKey: 'error.toy2d.tooManySteps' });
  });
});
