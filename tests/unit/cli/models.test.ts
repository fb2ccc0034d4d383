/**
 * `lab models` end to end: the built CLI as a child process on its own data
 * folder, downloading from a local HTTP server through a --catalog mirror.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomFile, sha256, startFixtureServer, type FixtureServer } from '../engine/models/fixture-server.js';
import { writeClipFolder } from '../engine/models/onnx-fixtures.js';
import { runCli, tempFile } from './run-cli.js';

let server: FixtureServer;
const weights = randomFile(100_000);
const config = randomFile(500);

beforeAll(async () => {
  server = await startFixtureServer();
  server.set('/demo/weights.bin', weights);
  server.set('/demo/config.json', config);
});
afterAll(async () => {
  await server.close();
});

function mirrorCatalog(): string {
  return tempFile('mirror-catalog.json', {
    version: 1,
    models: [
      {
        id: 'demo-clip',
        kind: 'clip',
        name: { en: 'Demo', 'zh-CN': '演示' },
        description: { en: 'Demo', 'zh-CN': '演示' },
        licence: 'MIT',
        sourceUrl: 'https://huggingface.co/demo',
        files: [
          { path: 'weights.bin', url: server.url('/demo/weights.bin'), size: weights.length, sha256: sha256(weights) },
          { path: 'config.json', url: server.url('/demo/config.json'), size: null, sha256: null },
        ],
      },
    ],
  });
}

describe('lab models', () => {
  it('installs from a catalog with progress on stderr, pins unknown hashes, lists and removes', async () => {
    const catalog = mirrorCatalog();
    const install = await runCli(['models', 'install', 'demo-clip', '--catalog', catalog, '--json']);
    expect(install.code, install.stderr).toBe(0);
    expect(install.stderr).toMatch(/weights\.bin \(1\/2\)/);
    expect(install.stderr).toMatch(/pinned in .*\.pinned\.json/);
    const result = JSON.parse(install.stdout) as {
      alreadyInstalled: boolean;
      pinnedFiles: string[];
      noticeKey: string;
      model: { installed: boolean };
    };
    expect(result).toMatchObject({
      alreadyInstalled: false,
      pinnedFiles: ['config.json'],
      noticeKey: 'models.notice.pinned',
      model: { installed: true },
    });

    const list = await runCli(['models', 'list', '--catalog', catalog, '--json']);
    const models = (JSON.parse(list.stdout) as { models: { id: string; installed: boolean; pinned: boolean }[] }).models;
    expect(models.find((m) => m.id === 'demo-clip')).toMatchObject({ installed: true, pinned: true });

    const text = await runCli(['models', 'list', '--catalog', catalog]);
    expect(text.stdout).toMatch(/demo-clip\s+clip\s+installed/);

    const remove = await runCli(['models', 'remove', 'demo-clip', '--catalog', catalog, '--json']);
    expect(JSON.parse(remove.stdout)).toEqual({ removed: 'demo-clip' });
  });

  it('imports a folder, shows its tensors with info, and rejects a broken one', async () => {
    const good = writeClipFolder(join(mkdtempSync(join(tmpdir(), 'aigc-lab-usb-')), 'usb-clip'));
    const imported = await runCli(['models', 'import', good, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ id: 'usb-clip', kind: 'clip', source: 'import' });

    const info = await runCli(['models', 'info', 'usb-clip']);
    expect(info.stdout).toMatch(/in: {2}input_ids: int64\[batch_size, 4\]/);
    expect(info.stdout).toMatch(/out: text_embeds/);

    const bad = writeClipFolder(join(mkdtempSync(join(tmpdir(), 'aigc-lab-usb-')), 'bad-clip'), (files) => files.delete('onnx/text_model.onnx'));
    const rejected = await runCli(['models', 'import', bad, '--json']);
    expect(rejected.code).toBe(2);
    expect(JSON.parse(rejected.stdout)).toMatchObject({ error: { code: 'modelInvalid', messageKey: 'error.models.layoutMissing' } });
    await runCli(['models', 'remove', 'usb-clip']);
  });

  it('lists the shipped catalog and answers unknown ids and bad usage with exit code 2', async () => {
    const list = await runCli(['models', 'list', '--json']);
    expect(list.code).toBe(0);
    const ids = (JSON.parse(list.stdout) as { models: { id: string }[] }).models.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['clip-vit-base-patch32', 'clip-vit-base-patch16', 'chinese-clip-vit-base-patch16']));

    const unknown = await runCli(['models', 'install', 'no-such-model', '--json']);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { code: 'notFound', messageKey: 'error.models.unknown' } });
    expect((await runCli(['models', 'frobnicate'])).code).toBe(2);
  });
});
