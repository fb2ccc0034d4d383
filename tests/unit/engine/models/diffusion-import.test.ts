/**
 * The model store's diffusion import goes through diffusion/import.ts: the config's input
 * names decide (a UNet with inputs x, t is accepted when its config says so), a folder without
 * config.json is accepted with the dialog's config (written into the installed copy), and a
 * mismatch is refused with the first issue's message key; `models.checkDiffusion` lists them all.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LabError } from '../../../../electron/common/errors.js';
import { parseCatalog } from '../../../../electron/engine/models/catalog.js';
import { createModelMethods } from '../../../../electron/engine/models/methods.js';
import { ModelStore } from '../../../../electron/engine/models/store.js';
import { tinyConfig, writeTinyDiffusion, type TinyDiffusionFolder } from '../diffusion/tiny-diffusion.js';

const OWNER = { kind: 'owner', id: 'owner' } as const;
let root = '';
const made: TinyDiffusionFolder[] = [];
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'aigc-diffusion-import-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await Promise.all(made.splice(0).map((folder) => folder.remove()));
});

const store = (): ModelStore =>
  new ModelStore({ modelDir: join(root, 'models'), builtinDir: join(root, 'builtin'), catalog: parseCatalog({ version: 1, models: [] }) });

/** A UNet exported with the input names x, t, cond (as PyTorch exports often are). */
const renamed = { sample: 'x', timestep: 't', condition: 'cond', output: 'eps' };
const renamedConfig = { ...tinyConfig(), inputs: { sample: 'x', timestep: 't', condition: 'cond' }, output: 'eps' };

async function caught(promise: Promise<unknown>): Promise<LabError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LabError);
  return error as LabError;
}

describe('diffusion import through the model store', () => {
  it('accepts input names other than sample/timestep when the config names them', async () => {
    const folder = await writeTinyDiffusion('ddpm-x-t', { names: renamed }, renamedConfig);
    made.push(folder);
    const info = await store().importFolder(folder.folder);
    expect(info).toMatchObject({ id: 'ddpm-x-t', kind: 'diffusion', source: 'import', installed: true });
    expect(existsSync(join(root, 'models', 'ddpm-x-t', 'onnx', 'model.onnx'))).toBe(true);
  });

  it('refuses a config that does not match the graph with the first issue as the message key', async () => {
    // The config says sample/timestep/text_embeds, the graph has x/t/cond.
    const folder = await writeTinyDiffusion('wrong-names', { names: renamed }, tinyConfig());
    made.push(folder);
    const error = await caught(store().importFolder(folder.folder));
    expect(error.messageKey).toBe('error.diffusion.import.inputMissing');
    expect(error.params).toMatchObject({ role: 'sample', name: 'sample', available: 'x, t, cond' });
    expect(existsSync(join(root, 'models', 'wrong-names'))).toBe(false);
  });

  it('writes the dialog’s config into the installed copy when the folder has none', async () => {
    const folder = await writeTinyDiffusion('no-config', { names: renamed }, renamedConfig);
    made.push(folder);
    await unlink(join(folder.folder, 'config.json'));
    // Without a config and without the dialog's, the folder is incomplete.
    expect((await caught(store().importFolder(folder.folder, { kind: 'diffusion' }))).messageKey).toBe('error.models.layoutMissing');
    const info = await store().importFolder(folder.folder, { kind: 'diffusion', diffusionConfig: renamedConfig });
    expect(info.files.map((file) => file.path)).toContain('config.json');
    const written = JSON.parse(readFileSync(join(root, 'models', 'no-config', 'config.json'), 'utf8')) as typeof renamedConfig;
    expect(written.inputs).toEqual({ sample: 'x', timestep: 't', condition: 'cond' });
    expect(existsSync(join(folder.folder, 'config.json'))).toBe(false);
  });

  it('models.checkDiffusion lists every mismatch of a dialog config without importing', async () => {
    const folder = await writeTinyDiffusion('check-me', { names: renamed }, renamedConfig);
    made.push(folder);
    await unlink(join(folder.folder, 'config.json'));
    const methods = createModelMethods({
      builtinDir: join(root, 'builtin'),
      modelDir: () => Promise.resolve(join(root, 'models')),
      installJob: () => null,
    });
    const bad = { ...renamedConfig, sample_size: 16, inputs: { sample: 'x', timestep: 'timestep', condition: 'cond' } };
    const report = await methods['models.checkDiffusion']({ path: folder.folder, diffusionConfig: bad }, OWNER);
    expect(report.ok).toBe(false);
    expect(report.issues).toContainEqual({ code: 'inputMissing', role: 'timestep', name: 'timestep', available: 'x, t, cond' });
    expect(report.issues).toContainEqual({ code: 'inputExtra', name: 't' });
    const good = await methods['models.checkDiffusion']({ path: folder.folder, diffusionConfig: renamedConfig }, OWNER);
    expect(good).toMatchObject({ ok: true, issues: [] });
    expect(existsSync(join(root, 'models', 'check-me'))).toBe(false);
    const guest = await caught(methods['models.checkDiffusion']({ path: folder.folder }, { kind: 'guest', id: 'guest:1' }));
    expect(guest.messageKey).toBe('error.models.guestReadOnly');
  });
});
