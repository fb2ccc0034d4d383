import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabError } from '../../../../electron/common/errors.js';
import { logitScaleOf, parseClipFiles, readClipModelFiles } from '../../../../electron/engine/clip/model-files.js';
import { CLIP_SKIP_REASON, HAS_CLIP_FIXTURE, readFixtureJson } from './shared-fixtures.js';
import { writeTinyClip, type TinyClipFolder } from './tiny-clip.js';

let tiny: TinyClipFolder;
beforeAll(async () => {
  tiny = await writeTinyClip('files-check');
});
afterAll(async () => {
  await tiny?.remove();
});

async function labError(promise: Promise<unknown>): Promise<LabError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LabError);
  return error as LabError;
}

describe.skipIf(!HAS_CLIP_FIXTURE)(`the real OpenAI CLIP configs${CLIP_SKIP_REASON}`, () => {
  it('load, with logit_scale = exp(logit_scale_init_value) and context length 77', () => {
    const files = parseClipFiles({
      config: readFixtureJson('config.json'),
      preprocessor: readFixtureJson('preprocessor_config.json'),
      tokenizerJson: readFixtureJson('tokenizer.json'),
      tokenizerConfig: readFixtureJson('tokenizer_config.json'),
    });
    expect(files.contextLength).toBe(77);
    expect(files.logitScale).toBeCloseTo(Math.exp(2.6592), 10);
    expect(files.preprocessor).toMatchObject({
      size: { shortest_edge: 224 },
      crop_size: { height: 224, width: 224 },
      resample: 3,
      do_center_crop: true,
      rescale_factor: 1 / 255,
    });
    expect(files.tokenizerConfig?.pad_token).toBe('<|endoftext|>');
  });
});

describe('readClipModelFiles', () => {
  it('reads a complete folder and picks the variant', async () => {
    const fp32 = await readClipModelFiles(tiny.folder);
    expect(fp32).toMatchObject({ id: 'files-check', variant: 'fp32', contextLength: 4, logitScale: 30, tokenizerConfig: null });
    expect(fp32.textModelPath).toBe(join(tiny.folder, 'onnx', 'text_model.onnx'));
    const quantized = await readClipModelFiles(tiny.folder, { variant: 'quantized' });
    expect(quantized.id).toBe('files-check:quantized');
    expect(quantized.visionModelPath).toBe(join(tiny.folder, 'onnx', 'vision_model_quantized.onnx'));
  });

  it('prefers logit_scale (already exp()d) over logit_scale_init_value', () => {
    expect(logitScaleOf({ logit_scale: 30, logit_scale_init_value: 2.6592, text_config: { max_position_embeddings: 24 } })).toBe(30);
    expect(logitScaleOf({ logit_scale_init_value: Math.log(100), text_config: { max_position_embeddings: 77 } })).toBeCloseTo(100, 10);
  });

  it('accepts the older numeric size/crop_size and fills defaults', () => {
    const files = parseClipFiles({
      config: { logit_scale: 10, text_config: { max_position_embeddings: 24 } },
      preprocessor: { size: 64, crop_size: 64 },
      tokenizerJson: { model: { type: 'BPE' } },
    });
    expect(files.preprocessor.size).toEqual({ shortest_edge: 64 });
    expect(files.preprocessor.crop_size).toEqual({ height: 64, width: 64 });
    expect(files.preprocessor.image_mean).toHaveLength(3);
  });

  it('names the file that is missing, unparsable or invalid', async () => {
    const missing = await labError(readClipModelFiles(join(tiny.folder, 'nope')));
    expect(missing).toMatchObject({ code: 'modelInvalid', messageKey: 'error.clip.fileMissing' });

    const broken = join(tiny.folder, '..', 'broken');
    await mkdir(join(broken, 'onnx'), { recursive: true });
    await writeFile(join(broken, 'config.json'), '{ "logit_scale": 30, ');
    await writeFile(join(broken, 'preprocessor_config.json'), '{}');
    await writeFile(join(broken, 'tokenizer.json'), '{ "model": {} }');
    const unparsable = await labError(readClipModelFiles(broken));
    expect(unparsable).toMatchObject({ messageKey: 'error.clip.fileInvalid', params: { file: 'config.json' } });

    await writeFile(join(broken, 'config.json'), JSON.stringify({ projection_dim: 3, text_config: { max_position_embeddings: 4 } }));
    const noScale = await labError(readClipModelFiles(broken));
    expect(noScale).toMatchObject({ messageKey: 'error.clip.fileInvalid', params: { file: 'config.json' } });
    expect(noScale.detail).toContain('logit_scale');

    await writeFile(join(broken, 'config.json'), JSON.stringify({ logit_scale: 30, text_config: { max_position_embeddings: 4 } }));
    await writeFile(join(broken, 'preprocessor_config.json'), JSON.stringify({ image_mean: [0.5, 0.5] }));
    const badMean = await labError(readClipModelFiles(broken));
    expect(badMean).toMatchObject({ messageKey: 'error.clip.fileInvalid', params: { file: 'preprocessor_config.json' } });

    await writeFile(join(broken, 'preprocessor_config.json'), '{}');
    const noOnnx = await labError(readClipModelFiles(broken));
    expect(noOnnx).toMatchObject({ messageKey: 'error.clip.fileMissing', params: { file: 'onnx/text_model.onnx' } });
  });
});
