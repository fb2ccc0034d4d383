/**
 * CLIP's scoring head (Radford et al. 2021, Fig. 3 pseudocode):
 *   I_e = l2_normalize(I_f), T_e = l2_normalize(T_f)
 *   logits = I_e · T_eᵀ · exp(t)
 * and the zero-shot probabilities p(text | image) = softmax over texts, per image.
 * Embeddings are row-major Float32Array matrices [count, dim].
 */

export interface EmbeddingMatrix {
  /** [count, dim], row-major. */
  data: Float32Array;
  count: number;
  dim: number;
}

export interface SimilarityResult {
  images: number;
  texts: number;
  /** cos(image_i, text_j) at [i · texts + j]. */
  cosine: Float32Array;
  /** logit_scale · cosine. */
  logits: Float32Array;
  /** softmax of each image's logits over the texts; every row sums to 1. */
  probs: Float32Array;
  logitScale: number;
}

/** Each row divided by its L2 norm (in place; a zero row stays zero). @example l2NormalizeRows(Float32Array.of(3, 4), 2) // → [0.6, 0.8] */
export function l2NormalizeRows(data: Float32Array, dim: number): Float32Array {
  for (let offset = 0; offset < data.length; offset += dim) {
    let sumSq = 0;
    for (let k = 0; k < dim; k++) sumSq += data[offset + k]! ** 2;
    const norm = Math.sqrt(sumSq);
    if (norm > 0) for (let k = 0; k < dim; k++) data[offset + k]! /= norm;
  }
  return data;
}

/** Numerically stable softmax of each row of a [rows, cols] matrix. */
export function softmaxRows(logits: Float32Array, cols: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let offset = 0; offset < logits.length; offset += cols) {
    let max = -Infinity;
    for (let j = 0; j < cols; j++) max = Math.max(max, logits[offset + j]!);
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += out[offset + j] = Math.exp(logits[offset + j]! - max);
    for (let j = 0; j < cols; j++) out[offset + j]! /= sum;
  }
  return out;
}

/**
 * Cosine similarity of already-normalised image and text embeddings, the
 * scaled logits and per-image softmax probabilities.
 *
 * @example similarityMatrix({ data: Float32Array.of(1, 0), count: 1, dim: 2 }, { data: Float32Array.of(1, 0, 0, 1), count: 2, dim: 2 }, 100).probs // → [≈1, ≈3.7e-44]
 */
export function similarityMatrix(images: EmbeddingMatrix, texts: EmbeddingMatrix, logitScale: number): SimilarityResult {
  if (images.dim !== texts.dim) throw new RangeError(`image embeddings have ${images.dim} dimensions, text embeddings ${texts.dim}`);
  const { dim } = images;
  const cosine = new Float32Array(images.count * texts.count);
  for (let i = 0; i < images.count; i++) {
    for (let j = 0; j < texts.count; j++) {
      let dot = 0;
      for (let k = 0; k < dim; k++) dot += images.data[i * dim + k]! * texts.data[j * dim + k]!;
      cosine[i * texts.count + j] = dot;
    }
  }
  const logits = cosine.map((c) => c * logitScale);
  return { images: images.count, texts: texts.count, cosine, logits, probs: softmaxRows(logits, texts.count), logitScale };
}

/**
 * Prompt ensemble (Radford et al. 2021, §3.1.4): the mean of normalised
 * embeddings, renormalised. `groups[g]` lists the rows of `embeddings` averaged into row g.
 */
export function ensembleMeans(embeddings: EmbeddingMatrix, groups: readonly (readonly number[])[]): EmbeddingMatrix {
  const { dim } = embeddings;
  const data = new Float32Array(groups.length * dim);
  groups.forEach((rows, g) => {
    for (const r of rows) for (let k = 0; k < dim; k++) data[g * dim + k]! += embeddings.data[r * dim + k]! / rows.length;
  });
  return { data: l2NormalizeRows(data, dim), count: groups.length, dim };
}
