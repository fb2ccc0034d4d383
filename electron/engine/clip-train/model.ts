/**
 * The tiny CLIP: two encoders into one d-dimensional space, small enough to
 * train in plain TypeScript in seconds.
 *
 *   image encoder  f(x) = W₂ · relu(W₁ x + b₁)        x: 12×12×3 pixels, one hidden layer of H units
 *   text encoder   g(c) = (1/|c|) Σ_{w ∈ c} E[w]       the mean of learned word embeddings
 *   I = f/‖f‖, T = g/‖g‖, logits = exp(τ) · I Tᵀ       (trained with infonce.ts)
 *
 * The built-in shapes-clip is a Vision Transformer and a Transformer text
 * encoder trained in PyTorch; this model keeps only the idea (two towers, one
 * space, a symmetric contrastive loss, a learned temperature).
 */
import type { Rng } from '../random/rng.js';
import { normaliseRows, normaliseRowsBackward, symmetricInfoNce } from './infonce.js';

export interface TinyClipShape {
  /** Input pixels per image. */
  P: number;
  /** Hidden units of the image MLP. */
  H: number;
  /** Embedding size d_e. */
  d: number;
  /** Vocabulary size. */
  V: number;
}

export interface TinyClipParams {
  shape: TinyClipShape;
  W1: Float64Array; // H × P
  b1: Float64Array; // H
  W2: Float64Array; // d × H
  E: Float64Array; // V × d
  /** [τ], logit scale s = exp(τ). */
  tau: Float64Array;
}

/** CLIP initialises the temperature at 0.07, i.e. τ = ln(1/0.07), and clips s at 100. */
export const INITIAL_TAU = Math.log(1 / 0.07);
export const MAX_TAU = Math.log(100);

/** He-style initialisation from a seeded rng, so a run is reproducible. */
export function initTinyClip(shape: TinyClipShape, rng: Rng): TinyClipParams {
  const { P, H, d, V } = shape;
  const fill = (n: number, std: number): Float64Array => Float64Array.from({ length: n }, () => rng.normal() * std);
  return {
    shape,
    W1: fill(H * P, Math.sqrt(2 / P)),
    b1: new Float64Array(H),
    W2: fill(d * H, Math.sqrt(1 / H)),
    E: fill(V * d, 1),
    tau: Float64Array.of(INITIAL_TAU),
  };
}

export function parameterCount(p: TinyClipParams): number {
  return p.W1.length + p.b1.length + p.W2.length + p.E.length + p.tau.length;
}

/** The parameters as a list (the order Adam and the gradients use). */
export function parameterList(p: TinyClipParams): Float64Array[] {
  return [p.W1, p.b1, p.W2, p.E, p.tau];
}

interface ImageForward {
  hidden: Float64Array; // N × H, after relu
  I: Float64Array;
  norms: Float64Array;
}

function encodeImages(p: TinyClipParams, pixels: Float64Array, N: number): ImageForward {
  const { P, H, d } = p.shape;
  const hidden = new Float64Array(N * H);
  for (let i = 0; i < N; i++)
    for (let h = 0; h < H; h++) {
      let z = p.b1[h]!;
      const w = h * P;
      const x = i * P;
      for (let q = 0; q < P; q++) z += p.W1[w + q]! * pixels[x + q]!;
      hidden[i * H + h] = z > 0 ? z : 0;
    }
  const F = new Float64Array(N * d);
  for (let i = 0; i < N; i++)
    for (let k = 0; k < d; k++) {
      let z = 0;
      for (let h = 0; h < H; h++) z += p.W2[k * H + h]! * hidden[i * H + h]!;
      F[i * d + k] = z;
    }
  const { U, norms } = normaliseRows(F, N, d);
  return { hidden, I: U, norms };
}

function encodeTexts(p: TinyClipParams, tokens: readonly number[][]): { T: Float64Array; norms: Float64Array } {
  const { d } = p.shape;
  const N = tokens.length;
  const G = new Float64Array(N * d);
  tokens.forEach((ids, j) => {
    for (const w of ids) for (let k = 0; k < d; k++) G[j * d + k]! += p.E[w * d + k]! / ids.length;
  });
  const { U, norms } = normaliseRows(G, N, d);
  return { T: U, norms };
}

export interface LossAndGrads {
  loss: number;
  cosine: Float64Array;
  /** Same order as parameterList. */
  grads: Float64Array[];
}

/** Forward and backward on one batch of N (pixels, tokens) pairs. */
export function lossAndGrads(p: TinyClipParams, pixels: Float64Array, tokens: readonly number[][]): LossAndGrads {
  const { P, H, d } = p.shape;
  const N = tokens.length;
  const image = encodeImages(p, pixels, N);
  const text = encodeTexts(p, tokens);
  const nce = symmetricInfoNce(image.I, text.T, N, d, p.tau[0]!);

  // Image tower backward: normalisation → W₂ → relu → W₁, b₁.
  const dF = normaliseRowsBackward(image.I, image.norms, nce.dI, N, d);
  const dW2 = new Float64Array(d * H);
  const dHidden = new Float64Array(N * H);
  for (let i = 0; i < N; i++)
    for (let k = 0; k < d; k++) {
      const g = dF[i * d + k]!;
      for (let h = 0; h < H; h++) {
        dW2[k * H + h]! += g * image.hidden[i * H + h]!;
        dHidden[i * H + h]! += g * p.W2[k * H + h]!;
      }
    }
  const dW1 = new Float64Array(H * P);
  const db1 = new Float64Array(H);
  for (let i = 0; i < N; i++)
    for (let h = 0; h < H; h++) {
      if (image.hidden[i * H + h]! <= 0) continue; // relu'(z) = 0 for z ≤ 0
      const g = dHidden[i * H + h]!;
      db1[h]! += g;
      for (let q = 0; q < P; q++) dW1[h * P + q]! += g * pixels[i * P + q]!;
    }

  // Text tower backward: normalisation → mean of embeddings.
  const dG = normaliseRowsBackward(text.T, text.norms, nce.dT, N, d);
  const dE = new Float64Array(p.E.length);
  tokens.forEach((ids, j) => {
    for (const w of ids) for (let k = 0; k < d; k++) dE[w * d + k]! += dG[j * d + k]! / ids.length;
  });

  return { loss: nce.loss, cosine: nce.cosine, grads: [dW1, db1, dW2, dE, Float64Array.of(nce.dTau)] };
}

/** The N×N cosine matrix of a batch, without gradients. */
export function similarity(p: TinyClipParams, pixels: Float64Array, tokens: readonly number[][]): Float64Array {
  const N = tokens.length;
  const { d } = p.shape;
  const { I } = encodeImages(p, pixels, N);
  const { T } = encodeTexts(p, tokens);
  const C = new Float64Array(N * N);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += I[i * d + k]! * T[j * d + k]!;
      C[i * N + j] = dot;
    }
  return C;
}
