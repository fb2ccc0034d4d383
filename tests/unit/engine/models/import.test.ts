/**
 * Importing model folders (a USB stick): layout and ONNX tensor names checked
 * before anything is copied; list, inspect and remove; built-ins read-only.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LabError } from '../../../../electron/common/errors.js';
import { parseCatalog } from '../../../../electron/engine/models/catalog.js';
import { readOnnxIo } from '../../../../electron/engine/models/onnx-io.js';
import { ModelStore } from '../../../../electron/engine/models/store.js';
import { identityModel, writeClipFolder } from './onnx-fixtures.js';

let root = '';
let modelDir = '';
let builtinDir = '';

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'aigc-lab-import-'));
  modelDir = join(root, 'user-models');
  builtinDir = join(root, 'builtin');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const emptyCatalog = parseCatalog({ version: 1, models: [] });
const store = (): ModelStore => new ModelStore({ modelDir, builtinDir, catalog: emptyCatalog });

async function caught(promise: Promise<unknown>): Promise<LabError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LabError);
  return error as LabError;
}

describe('readOnnxIo', () => {
  it('reads input and output names, types and shapes without loading weights', async () => {
    const path = join(root, 'm.onnx');
    writeFileSync(path, identityModel('pixel_values', 'image_embeds'));
    expect(await readOnnxIo(path)).toEqual({
      inputs: [{ name: 'pixel_values', type: 'float32', shape: ['batch_size', 4] }],
      outputs: [{ name: 'image_embeds', type: 'float32', shape: ['batch_size', 4] }],
    });
  });
});

describe('ModelStore.importFolder', () => {
  it('accepts a good CLIP folder, copies it atomically, and lists, inspects and removes it', async () => {
    const source = writeClipFolder(join(root, 'My-CLIP'));
    const info = await store().importFolder(source);
    expect(info).toMatchObject({ id: 'my-clip', kind: 'clip', source: 'import', installed: true, readOnly: false });
    const text = info.files.find((f) => f.path === 'onnx/text_model.onnx');
    expect(text?.inputs?.map((t) => t.name)).toEqual(['input_ids']);
    expect(text?.outputs?.map((t) => t.name)).toEqual(['text_embeds']);
    expect(text?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(join(modelDir, '.staging'))).toEqual([]);
    expect((await store().list()).map((e) => e.id)).toEqual(['my-clip']);

    expect(await caught(store().importFolder(source))).toMatchObject({ messageKey: 'error.models.alreadyInstalled' });
    await store().importFolder(source, { replace: true });

    await store().remove('my-clip');
    expect(existsSync(join(modelDir, 'my-clip'))).toBe(false);
    expect(await store().list()).toEqual([]);
    expect(await caught(store().remove('my-clip'))).toMatchObject({ code: 'notFound', messageKey: 'error.models.notInstalled' });
  });

  it('rejects a folder with a wrong layout, naming the missing file', async () => {
    const source = writeClipFolder(join(root, 'no-vision'), (files) => files.delete('onnx/vision_model.onnx'));
    expect(await caught(store().importFolder(source))).toMatchObject({
      code: 'modelInvalid',
      messageKey: 'error.models.layoutMissing',
      params: { kind: 'clip', file: 'onnx/vision_model.onnx' },
    });
    const noTokenizer = writeClipFolder(join(root, 'no-tokenizer'), (files) => files.delete('tokenizer.json'));
    expect(await caught(store().importFolder(noTokenizer))).toMatchObject({ params: { file: 'tokenizer.json' } });
    mkdirSync(join(root, 'empty'));
    expect(await caught(store().importFolder(join(root, 'empty')))).toMatchObject({ messageKey: 'error.models.unknownLayout' });
    expect(await caught(store().importFolder(join(root, 'missing')))).toMatchObject({ messageKey: 'error.models.notAFolder' });
    expect(existsSync(modelDir) ? readdirSync(modelDir).filter((n) => !n.startsWith('.')) : []).toEqual([]);
  });

  it('rejects ONNX files with the wrong tensor names', async () => {
    const source = writeClipFolder(join(root, 'swapped'), (files) =>
      files.set('onnx/text_model.onnx', identityModel('pixel_values', 'image_embeds')),
    );
    const error = await caught(store().importFolder(source));
    expect(error).toMatchObject({ code: 'modelInvalid', messageKey: 'error.models.tensorNames', params: { file: 'onnx/text_model.onnx' } });
    expect(error.params?.actual).toBe('pixel_values → image_embeds');
  });

  it('rejects a corrupt or truncated ONNX file', async () => {
    const good = identityModel('input_ids', 'text_embeds', 'int64');
    for (const [name, bytes] of [
      ['garbage', new Uint8Array([0xff, 0xff, 0xff, 0x07, 1, 2, 3])],
      ['truncated', good.subarray(0, good.length - 5)],
      ['html', new TextEncoder().encode('<html>Rate limited</html>')],
    ] as const) {
      const source = writeClipFolder(join(root, name), (files) => files.set('onnx/text_model.onnx', bytes));
      expect(await caught(store().importFolder(source)), name).toMatchObject({
        messageKey: 'error.models.corruptOnnx',
        params: { file: 'onnx/text_model.onnx' },
      });
    }
  });

  it('checks a diffusion folder against its config and accepts a YOLO detector by its tensor names', async () => {
    const diffusion = join(root, 'unet');
    mkdirSync(join(diffusion, 'onnx'), { recursive: true });
    writeFileSync(join(diffusion, 'config.json'), '{}');
    writeFileSync(join(diffusion, 'onnx', 'model.onnx'), identityModel('sample', 'noise_pred'));
    // An empty config is refused field by field (diffusion/import.ts), before the graph is compared.
    expect(await caught(store().importFolder(diffusion))).toMatchObject({ messageKey: 'error.diffusion.import.configField' });

    const yolo = join(root, 'yolo');
    mkdirSync(yolo);
    writeFileSync(join(yolo, 'yolov8n.onnx'), identityModel('images', 'output0'));
    expect(await store().importFolder(yolo)).toMatchObject({ id: 'yolo', kind: 'detector' });
  });

  it('lists built-ins as installed and read-only, skipping a built-in still without ONNX files', async () => {
    writeClipFolder(join(builtinDir, 'shapes-clip'));
    mkdirSync(join(builtinDir, 'shapes-diffusion'), { recursive: true });
    const entries = await store().list();
    expect(entries).toEqual([expect.objectContaining({ id: 'shapes-clip', kind: 'clip', source: 'builtin', installed: true, readOnly: true })]);
    expect(await caught(store().remove('shapes-clip'))).toMatchObject({ code: 'unsupported', messageKey: 'error.models.builtinReadOnly' });
    expect(await caught(store().importFolder(join(builtinDir, 'shapes-clip')))).toMatchObject({ messageKey: 'error.models.builtinReadOnly' });
    expect((await store().info('shapes-clip')).files.map((f) => f.path)).toContain('onnx/vision_model.onnx');
    // No built-in folder at all is fine too.
    expect(await new ModelStore({ modelDir, builtinDir: join(root, 'nowhere'), catalog: emptyCatalog }).list()).toEqual([]);
  });
});
