/**
 * A tiny CLIP-shaped model folder built in the test (not a test file), in the
 * Hugging Face ONNX layout, with weights simple enough to follow by hand:
 *
 *   tokenizer: word level, vocab [UNK]=0 red=1 green=2 blue=3 <|startoftext|>=4 <|endoftext|>=5
 *              (EOS is the largest id and the pad, as in shapes-clip; no tokenizer_config.json)
 *   text:   input_ids [B,S] → Gather(E) [B,S,3] → ReduceMax over S → MatMul diag(1, 2, 3) → text_embeds
 *           E[red] = e₀, E[green] = e₁, E[blue] = e₂, specials and [UNK] = 0,
 *           so "red green" → max (1,1,0) → (1,2,0) → normalised (1,2,0)/√5.
 *   vision: pixel_values [B,3,2,2] → Flatten → MatMul W [12,3] → image_embeds, W picks the
 *           top-right pixel of each channel: embedding_c = x[c, 0, 1].
 *   preprocessing: no resize, centre crop 2×2, rescale 1/255, mean 0, std 1.
 *   context length 4, logit_scale 30.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeModel, type GraphSpec } from '../../../../electron/engine/runtime/onnx-graph.js';

export const TINY_VOCAB = { '[UNK]': 0, red: 1, green: 2, blue: 3, '<|startoftext|>': 4, '<|endoftext|>': 5 };
export const TINY_LOGIT_SCALE = 30;
export const TINY_PROJECTION = [1, 2, 3];

export function tinyTokenizerJson(): Record<string, unknown> {
  const special = (id: number, content: string) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  return {
    version: '1.0',
    added_tokens: [special(4, '<|startoftext|>'), special(5, '<|endoftext|>')],
    normalizer: { type: 'Lowercase' },
    pre_tokenizer: { type: 'Whitespace' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '<|startoftext|>', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '<|endoftext|>', type_id: 0 } },
      ],
      pair: [],
      special_tokens: {
        '<|startoftext|>': { id: '<|startoftext|>', ids: [4], tokens: ['<|startoftext|>'] },
        '<|endoftext|>': { id: '<|endoftext|>', ids: [5], tokens: ['<|endoftext|>'] },
      },
    },
    decoder: null,
    model: { type: 'WordLevel', vocab: TINY_VOCAB, unk_token: '[UNK]' },
  };
}

export function textModelSpec(withAttentionMask = false): GraphSpec {
  const E = new Float32Array(6 * 3);
  E[1 * 3 + 0] = 1;
  E[2 * 3 + 1] = 1;
  E[3 * 3 + 2] = 1;
  const P = Float32Array.from([1, 0, 0, 0, 2, 0, 0, 0, 3]);
  const nodes: GraphSpec['nodes'] = [{ op: 'Gather', inputs: ['E', 'input_ids'], outputs: ['hidden'], attributes: { axis: 0 } }];
  let pooledInput = 'hidden';
  if (withAttentionMask) {
    // hidden · mask: padding rows become 0 (a no-op here since EOS embeds to 0, but it makes the input required).
    nodes.push(
      { op: 'Cast', inputs: ['attention_mask'], outputs: ['mask_f'], attributes: { to: 1 } },
      { op: 'Unsqueeze', inputs: ['mask_f', 'axis2'], outputs: ['mask_3d'] },
      { op: 'Mul', inputs: ['hidden', 'mask_3d'], outputs: ['masked'] },
    );
    pooledInput = 'masked';
  }
  nodes.push(
    { op: 'ReduceMax', inputs: [pooledInput], outputs: ['pooled'], attributes: { axes: [1], keepdims: 0 } },
    { op: 'MatMul', inputs: ['pooled', 'P'], outputs: ['text_embeds'] },
  );
  return {
    name: 'tiny-clip-text',
    opset: 17,
    inputs: [
      { name: 'input_ids', type: 'int64', shape: ['batch', 'sequence'] },
      ...(withAttentionMask ? [{ name: 'attention_mask', type: 'int64' as const, shape: ['batch', 'sequence'] }] : []),
    ],
    outputs: [{ name: 'text_embeds', type: 'float32', shape: ['batch', 3] }],
    initializers: [
      { name: 'E', dims: [6, 3], data: E },
      { name: 'P', dims: [3, 3], data: P },
      ...(withAttentionMask ? [{ name: 'axis2', dims: [1], data: BigInt64Array.of(2n) }] : []),
    ],
    nodes,
  };
}

export function visionModelSpec(): GraphSpec {
  const W = new Float32Array(12 * 3);
  // Flattened CHW index of (c, y=0, x=1) is c·4 + 1.
  for (let c = 0; c < 3; c++) W[(c * 4 + 1) * 3 + c] = 1;
  return {
    name: 'tiny-clip-vision',
    opset: 17,
    inputs: [{ name: 'pixel_values', type: 'float32', shape: ['batch', 3, 2, 2] }],
    outputs: [{ name: 'image_embeds', type: 'float32', shape: ['batch', 3] }],
    initializers: [{ name: 'W', dims: [12, 3], data: W }],
    nodes: [
      { op: 'Flatten', inputs: ['pixel_values'], outputs: ['flat'], attributes: { axis: 1 } },
      { op: 'MatMul', inputs: ['flat', 'W'], outputs: ['image_embeds'] },
    ],
  };
}

export const TINY_PREPROCESSOR = {
  do_resize: false,
  size: { shortest_edge: 2 },
  resample: 3,
  do_center_crop: true,
  crop_size: { height: 2, width: 2 },
  do_rescale: true,
  rescale_factor: 1 / 255,
  do_normalize: true,
  image_mean: [0, 0, 0],
  image_std: [1, 1, 1],
  do_convert_rgb: true,
};

export interface TinyClipFolder {
  folder: string;
  remove(): Promise<void>;
}

/** Writes the tiny model to a fresh temporary folder (plus an `_quantized` twin that takes attention_mask). */
export async function writeTinyClip(name = 'tiny-clip'): Promise<TinyClipFolder> {
  const base = await mkdtemp(join(tmpdir(), 'aigc-clip-'));
  const folder = join(base, name);
  await mkdir(join(folder, 'onnx'), { recursive: true });
  await Promise.all([
    writeFile(
      join(folder, 'config.json'),
      JSON.stringify({ logit_scale: TINY_LOGIT_SCALE, projection_dim: 3, text_config: { max_position_embeddings: 4 } }),
    ),
    writeFile(join(folder, 'preprocessor_config.json'), JSON.stringify(TINY_PREPROCESSOR)),
    writeFile(join(folder, 'tokenizer.json'), JSON.stringify(tinyTokenizerJson())),
    writeFile(join(folder, 'onnx', 'text_model.onnx'), encodeModel(textModelSpec(false))),
    writeFile(join(folder, 'onnx', 'vision_model.onnx'), encodeModel(visionModelSpec())),
    writeFile(join(folder, 'onnx', 'text_model_quantized.onnx'), encodeModel(textModelSpec(true))),
    writeFile(join(folder, 'onnx', 'vision_model_quantized.onnx'), encodeModel(visionModelSpec())),
  ]);
  return { folder, remove: () => rm(base, { recursive: true, force: true }) };
}

/** A 4×2 raw RGB image whose centre-crop top-right pixel (source x = 2, y = 0) is `rgb`; every other pixel is grey 7. */
export function imageWithCropTopRight(rgb: [number, number, number]): { data: Uint8Array; width: number; height: number } {
  const data = new Uint8Array(4 * 2 * 3).fill(7);
  data.set(rgb, (0 * 4 + 2) * 3);
  return { data, width: 4, height: 2 };
}
