/** Tiny valid ONNX models with the tensor names each model kind needs (not a test file). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { encodeModel, type ElementType } from '../../../../electron/engine/runtime/onnx-graph.js';

/** One Identity node: `input` → `output`. */
export function identityModel(input: string, output: string, type: ElementType = 'float32'): Uint8Array {
  return encodeModel({
    name: `${input}-to-${output}`,
    opset: 17,
    inputs: [{ name: input, type, shape: ['batch_size', 4] }],
    outputs: [{ name: output, type, shape: ['batch_size', 4] }],
    initializers: [],
    nodes: [{ op: 'Identity', inputs: [input], outputs: [output] }],
  });
}

export const CLIP_JSON: Record<string, unknown> = {
  'config.json': { logit_scale_init_value: 2.6592, projection_dim: 4, text_config: { max_position_embeddings: 8 } },
  'preprocessor_config.json': { size: 8, crop_size: 8 },
  'tokenizer.json': { model: { type: 'WordLevel', vocab: { '[UNK]': 0 } } },
};

/** Writes a complete small CLIP folder (fp32 pair) and returns its path; `change` edits the file map first. */
export function writeClipFolder(dir: string, change: (files: Map<string, Uint8Array | string>) => void = () => undefined): string {
  const files = new Map<string, Uint8Array | string>(Object.entries(CLIP_JSON).map(([k, v]) => [k, JSON.stringify(v)]));
  files.set('onnx/text_model.onnx', identityModel('input_ids', 'text_embeds', 'int64'));
  files.set('onnx/vision_model.onnx', identityModel('pixel_values', 'image_embeds'));
  change(files);
  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}
