/**
 * CLIP's symmetric contrastive loss on one batch of N matched (image, text) pairs
 * (Radford et al. 2021, Fig. 3 pseudocode):
 *
 *   logits = exp(t) · I_e · T_eᵀ                  (N × N, pair i on the diagonal)
 *   loss_i = cross_entropy(logits, labels, axis=0) image → text: each row is a softmax over the N texts
 *   loss_t = cross_entropy(logits, labels, axis=1) text → image: each column is a softmax over the N images
 *   loss   = (loss_i + loss_t) / 2
 *
 * Plain numbers in, plain numbers out: the lesson recomputes it live as the learner moves the
 * logit-scale slider, without another trip to the engine.
 */

export interface ContrastiveLoss {
  n: number;
  logitScale: number;
  /** logitScale · cos, row-major [i · n + j]. */
  logits: Float64Array;
  /** p(text j | image i): softmax along row i; every row sums to 1. */
  rowProbs: Float64Array;
  /** p(image i | text j): softmax along column j; every column sums to 1. */
  colProbs: Float64Array;
  /** −log p(text i | image i), one per image (row). */
  rowTerms: Float64Array;
  /** −log p(image j | text j), one per text (column). */
  colTerms: Float64Array;
  /** Mean of rowTerms: the image → text cross-entropy. */
  imageToText: number;
  /** Mean of colTerms: the text → image cross-entropy. */
  textToImage: number;
  /** (imageToText + textToImage) / 2. */
  loss: number;
  /**
   * −∂loss/∂logit_ij: which way one gradient step moves each logit. Positive on the diagonal
   * (matched pairs pulled together), negative off it (mismatches pushed apart), in proportion
   * to how much probability the mismatch still takes:
   *   −∂loss/∂z_ij = [(δ_ij − rowProbs_ij) + (δ_ij − colProbs_ij)] / (2N)
   */
  push: Float64Array;
}

function logSumExp(values: readonly number[]): number {
  const max = Math.max(...values);
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/**
 * @example contrastiveLoss([1, 0, 0, 1], 2, 1).loss // → log(1 + e⁻¹) ≈ 0.3133
 */
export function contrastiveLoss(cosine: ArrayLike<number>, n: number, logitScale: number): ContrastiveLoss {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  if (cosine.length !== n * n) throw new RangeError(`a ${n} × ${n} matrix has ${n * n} values, got ${cosine.length}`);
  if (!(logitScale > 0) || !Number.isFinite(logitScale)) throw new RangeError(`the logit scale must be a positive number, got ${logitScale}`);
  const logits = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) logits[k] = logitScale * cosine[k]!;
  const rowProbs = new Float64Array(n * n);
  const colProbs = new Float64Array(n * n);
  const rowTerms = new Float64Array(n);
  const colTerms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: n }, (_, j) => logits[i * n + j]!);
    const lse = logSumExp(row);
    for (let j = 0; j < n; j++) rowProbs[i * n + j] = Math.exp(row[j]! - lse);
    // −log softmax(row)_i, computed as lse − z_ii so a tiny probability does not underflow to log 0.
    rowTerms[i] = lse - row[i]!;
  }
  for (let j = 0; j < n; j++) {
    const col = Array.from({ length: n }, (_, i) => logits[i * n + j]!);
    const lse = logSumExp(col);
    for (let i = 0; i < n; i++) colProbs[i * n + j] = Math.exp(col[i]! - lse);
    colTerms[j] = lse - col[j]!;
  }
  const mean = (values: Float64Array): number => values.reduce((sum, v) => sum + v, 0) / n;
  const imageToText = mean(rowTerms);
  const textToImage = mean(colTerms);
  const push = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const delta = i === j ? 1 : 0;
      push[i * n + j] = (delta - rowProbs[i * n + j]! + (delta - colProbs[i * n + j]!)) / (2 * n);
    }
  }
  return { n, logitScale, logits, rowProbs, colProbs, rowTerms, colTerms, imageToText, textToImage, loss: (imageToText + textToImage) / 2, push };
}

/**
 * p(text | image) for a rectangular images × texts matrix at another logit scale (the temperature slider).
 * @example softmaxRowsAt([0, 1], 1, 2, 1) // → [0.2689, 0.7311]
 */
export function softmaxRowsAt(cosine: ArrayLike<number>, rows: number, cols: number, logitScale: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = Array.from({ length: cols }, (_, j) => logitScale * cosine[i * cols + j]!);
    const lse = logSumExp(row);
    for (let j = 0; j < cols; j++) out[i * cols + j] = Math.exp(row[j]! - lse);
  }
  return out;
}
