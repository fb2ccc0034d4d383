/**
 * Runs CLIP's two towers through the engine runtime (ort.ts owns sessions,
 * the provider choice and the CPU fallback) and L2-normalises what they return.
 *
 *   text_model.onnx:   input_ids int64 [B, S] (+ attention_mask when the export takes it) → text_embeds [B, D]
 *   vision_model.onnx: pixel_values float32 [B, 3, H, W] → image_embeds [B, D]
 */
import { LabError } from '../../common/errors.js';
import { float32Tensor, int64Tensor, type OpenedSession, type Runtime, type SessionFeeds, type Tensor } from '../runtime/ort.js';
import type { PixelValues } from './preprocess.js';
import { l2NormalizeRows, type EmbeddingMatrix } from './similarity.js';
import type { TokenBatch } from './tokenize.js';

export type Tower = 'text' | 'vision';

const OUTPUT: Record<Tower, string> = { text: 'text_embeds', vision: 'image_embeds' };
const INPUT: Record<Tower, string> = { text: 'input_ids', vision: 'pixel_values' };

function towerFile(tower: Tower): string {
  return `onnx/${tower}_model.onnx`;
}

function layoutError(tower: Tower, detail: string): LabError {
  return new LabError('modelInvalid', { messageKey: 'error.clip.modelLayout', params: { file: towerFile(tower) }, detail });
}

/** Checks the tensor names the pipeline relies on, so a wrong file fails with a clear message before any input is prepared. */
export function checkTower(opened: OpenedSession, tower: Tower): void {
  const { inputNames, outputNames } = opened.session;
  if (!inputNames.includes(INPUT[tower])) throw layoutError(tower, `inputs are ${inputNames.join(', ')}; expected ${INPUT[tower]}`);
  if (!outputNames.includes(OUTPUT[tower])) throw layoutError(tower, `outputs are ${outputNames.join(', ')}; expected ${OUTPUT[tower]}`);
  const known = tower === 'text' ? ['input_ids', 'attention_mask'] : ['pixel_values'];
  const unknown = inputNames.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw layoutError(tower, `unexpected inputs ${unknown.join(', ')}`);
}

/** The sequence length when the text model's export fixed it (some exports do), else null. */
export function fixedSequenceLength(opened: OpenedSession): number | null {
  const meta = opened.session.inputMetadata.find((m) => m.name === 'input_ids');
  if (!meta || !meta.isTensor) return null;
  const seq = meta.shape[1];
  return typeof seq === 'number' && seq > 0 ? seq : null;
}

function embeddings(outputs: Record<string, Tensor>, tower: Tower, batch: number): EmbeddingMatrix {
  const tensor = outputs[OUTPUT[tower]];
  if (!tensor || tensor.type !== 'float32' || tensor.dims.length !== 2 || tensor.dims[0] !== batch) {
    throw layoutError(
      tower,
      `${OUTPUT[tower]} is ${tensor ? `${tensor.type} [${tensor.dims.join(', ')}]` : 'missing'}; expected float32 [${batch}, D]`,
    );
  }
  const dim = tensor.dims[1]!;
  // Copy: onnxruntime may reuse output buffers, and normalising in place must not touch them.
  const data = Float32Array.from(tensor.data as Float32Array);
  return { data: l2NormalizeRows(data, dim), count: batch, dim };
}

/** One batch of tokens → normalised text embeddings [batch, D]. */
export async function encodeTokenBatch(runtime: Runtime, opened: OpenedSession, tokens: TokenBatch): Promise<EmbeddingMatrix> {
  const dims = [tokens.batch, tokens.seq];
  const feeds: SessionFeeds = { input_ids: int64Tensor(tokens.inputIds, dims) };
  if (opened.session.inputNames.includes('attention_mask')) feeds.attention_mask = int64Tensor(tokens.attentionMask, dims);
  return embeddings(await runtime.run(opened, feeds), 'text', tokens.batch);
}

/** One batch of preprocessed images (all the same size) → normalised image embeddings [batch, D]. */
export async function encodePixelBatch(runtime: Runtime, opened: OpenedSession, images: readonly PixelValues[]): Promise<EmbeddingMatrix> {
  const first = images[0];
  if (!first) throw new LabError('internal', { detail: 'encodePixelBatch needs at least one image' });
  const { height, width } = first;
  const size = 3 * height * width;
  const pixels = new Float32Array(images.length * size);
  images.forEach((image, i) => {
    if (image.height !== height || image.width !== width) {
      throw new LabError('validation', {
        messageKey: 'error.clip.imageSizesDiffer',
        detail: `image ${i} is ${image.width}×${image.height}, image 0 is ${width}×${height}; enable do_center_crop or a fixed size`,
      });
    }
    pixels.set(image.data, i * size);
  });
  const outputs = await runtime.run(opened, { pixel_values: float32Tensor(pixels, [images.length, 3, height, width]) });
  return embeddings(outputs, 'vision', images.length);
}
