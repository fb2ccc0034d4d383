/** models/catalog.json: parses with the schema, and every download comes from huggingface.co over https. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabError } from '../../../../electron/common/errors.js';
import { filesFor, loadCatalog, parseCatalog } from '../../../../electron/engine/models/catalog.js';
import { ROOT } from '../../../support/paths.js';

const CATALOG = join(ROOT, 'models', 'catalog.json');

describe('models/catalog.json', () => {
  it('parses with the schema and lists the CLIPs of the issue in the Hugging Face ONNX layout', async () => {
    const catalog = await loadCatalog(CATALOG);
    expect(catalog.models.map((m) => m.id)).toEqual(['clip-vit-base-patch32', 'clip-vit-base-patch16', 'chinese-clip-vit-base-patch16']);
    for (const model of catalog.models) {
      expect(model.kind).toBe('clip');
      expect(model.licence).not.toBe('');
      expect(filesFor(model, 'fp32').map((f) => f.path)).toEqual([
        'config.json',
        'preprocessor_config.json',
        'tokenizer.json',
        'tokenizer_config.json',
        'onnx/text_model.onnx',
        'onnx/vision_model.onnx',
      ]);
      expect(filesFor(model, 'quantized').map((f) => f.path)).toContain('onnx/vision_model_quantized.onnx');
    }
  });

  it('points every URL at huggingface.co over https, as <repo>/resolve/main/<path>', async () => {
    const catalog = await loadCatalog(CATALOG);
    for (const model of catalog.models) {
      expect(new URL(model.sourceUrl).host).toBe('huggingface.co');
      const repo = new URL(model.sourceUrl).pathname.slice(1);
      for (const file of model.files) {
        const url = new URL(file.url);
        expect(url.protocol, file.url).toBe('https:');
        expect(url.host, file.url).toBe('huggingface.co');
        expect(url.pathname).toBe(`/${repo}/resolve/main/${file.path}`);
      }
    }
  });

  it('rejects malformed catalogs with a typed error', () => {
    const model = {
      id: 'x',
      kind: 'clip',
      name: { en: 'x', 'zh-CN': 'x' },
      description: { en: 'x', 'zh-CN': 'x' },
      licence: 'MIT',
      sourceUrl: 'https://huggingface.co/x',
      files: [{ path: 'config.json', url: 'https://huggingface.co/x/resolve/main/config.json', size: null, sha256: null }],
    };
    expect(parseCatalog({ version: 1, models: [model] }).models).toHaveLength(1);
    const bad = [
      { version: 2, models: [] },
      { version: 1, models: [{ ...model, kind: 'gan' }] },
      { version: 1, models: [{ ...model, files: [{ ...model.files[0], sha256: 'ABC' }] }] },
      { version: 1, models: [{ ...model, files: [{ ...model.files[0], path: '../escape.onnx' }] }] },
      { version: 1, models: [{ ...model, files: [{ ...model.files[0], url: 'ftp://x/y' }] }] },
      { version: 1, models: [model, model] },
    ];
    for (const catalog of bad) {
      expect(() => parseCatalog(catalog), JSON.stringify(catalog).slice(0, 80)).toThrow(LabError);
    }
  });
});
