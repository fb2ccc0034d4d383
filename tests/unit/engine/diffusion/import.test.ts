/**
 * Import checks (import.ts) on small torch-free ONNX fixtures: a good model passes; every
 * kind of mismatch between the config and the graph is reported as its own typed issue.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { checkDiffusionConfig, checkDiffusionModel, importError } from '../../../../electron/engine/diffusion/import';
import { tinyConfig, writeTinyDiffusion, type TinyDiffusionFolder, type TinyDiffusionOptions } from './tiny-diffusion';

const folders: TinyDiffusionFolder[] = [];
async function fixture(options: TinyDiffusionOptions = {}, config: unknown = tinyConfig(options)): Promise<string> {
  const made = await writeTinyDiffusion('m', options, config);
  folders.push(made);
  return made.folder;
}
afterAll(async () => {
  await Promise.all(folders.map((f) => f.remove()));
});

describe('diffusion model import checks', () => {
  it('accepts a model whose graph matches its config', async () => {
    const report = await checkDiffusionModel(await fixture());
    expect(report.issues).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.config?.sample_size).toBe(8);
  });

  it('accepts an unconditional model (no condition input) whose config names none', async () => {
    const { condition: _c, ...inputs } = tinyConfig().inputs;
    const report = await checkDiffusionModel(await fixture({ unconditional: true }, { ...tinyConfig(), inputs, condition_dim: undefined }));
    expect(report.issues).toEqual([]);
  });

  it('names a missing input with its role and the inputs the graph does have', async () => {
    const report = await checkDiffusionModel(await fixture({ names: { timestep: 't' } }));
    expect(report.ok).toBe(false);
    expect(report.issues).toContainEqual({ code: 'inputMissing', role: 'timestep', name: 'timestep', available: 'sample, t, text_embeds' });
    // …and the graph's own name is an input the config does not feed.
    expect(report.issues).toContainEqual({ code: 'inputExtra', name: 't' });
  });

  it('reports a sample size the graph fixes differently, and a condition size', async () => {
    const report = await checkDiffusionModel(await fixture({ size: 16, conditionDim: 4 }, { ...tinyConfig(), sample_size: 8, condition_dim: 3 }));
    expect(report.issues).toContainEqual({ code: 'inputDim', name: 'sample', axis: 2, expected: 8, got: 16 });
    expect(report.issues).toContainEqual({ code: 'inputDim', name: 'sample', axis: 3, expected: 8, got: 16 });
    expect(report.issues).toContainEqual({ code: 'inputDim', name: 'text_embeds', axis: 1, expected: 3, got: 4 });
  });

  it('reports a timestep type that disagrees with timestep_type, and a missing output', async () => {
    const report = await checkDiffusionModel(await fixture({ names: { output: 'out' } }, { ...tinyConfig(), timestep_type: 'float32' }));
    expect(report.issues).toContainEqual({ code: 'inputType', name: 'timestep', expected: 'float32', got: 'int64' });
    expect(report.issues).toContainEqual({ code: 'outputMissing', name: 'noise_pred', available: 'out' });
  });

  it('config problems: bad JSON, bad fields (all listed), β order, channels, a condition without its size', () => {
    expect(checkDiffusionConfig('{oops').issues[0]?.code).toBe('configJson');
    const fields = checkDiffusionConfig({ ...tinyConfig(), sample_size: 2, beta_schedule: 'sigmoid' }).issues;
    expect(fields.map((i) => (i.code === 'configField' ? i.field : ''))).toEqual(expect.arrayContaining(['sample_size', 'beta_schedule']));
    const { condition_dim: _dropped, ...noDim } = tinyConfig();
    expect(checkDiffusionConfig({ ...noDim, beta_start: 0.02, beta_end: 0.001, out_channels: 6 }).issues).toEqual([
      { code: 'betaOrder', betaStart: 0.02, betaEnd: 0.001 },
      { code: 'channelsMismatch', inChannels: 3, outChannels: 6 },
      { code: 'conditionDimMissing', name: 'text_embeds' },
    ]);
  });

  it('a file that is not ONNX is onnxUnreadable; importError turns the first issue into a LabError with its key and params', async () => {
    const folder = await fixture();
    await writeFile(join(folder, 'onnx', 'model.onnx'), '<html>not a model</html>');
    const report = await checkDiffusionModel(folder);
    expect(report.issues[0]?.code).toBe('onnxUnreadable');
    const error = importError([{ code: 'inputMissing', role: 'sample', name: 'x', available: 'a, b' }]);
    expect(error).toMatchObject({
      code: 'modelInvalid',
      messageKey: 'error.diffusion.import.inputMissing',
      params: { role: 'sample', name: 'x', available: 'a, b' },
    });
  });
});
