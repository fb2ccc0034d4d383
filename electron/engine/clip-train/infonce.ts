/**
 * CLIP's symmetric contrastive loss (InfoNCE) with its gradients, written out
 * by hand (Radford et al. 2021, Fig. 3):
 *
 *   C_ij = cos(I_i, T_j)            (I, T: L2-normalised rows)
 *   L_ij = s · C_ij,   s = exp(τ)   (learnable temperature, as a logit scale)
 *   loss = ½ [ −(1/N) Σ_i log softmax_j(L_i·)_i  −(1/N) Σ_j log softmax_i(L_·j)_j ]
 *
 * ∂loss/∂L = ½ [ (P^row − Id) + (P^col − Id) ] / N, with P^row the row-wise and
 * P^col the column-wise softmax; then ∂/∂I = s·G·T, ∂/∂T = s·Gᵀ·I and
 * ∂/∂τ = s · Σ_ij G_ij C_ij.
 */

export interface InfoNceResult {
  loss: number;
  /** N×N cosine matrix, row-major (images × texts). */
  cosine: Float64Array;
  /** ∂loss/∂I, N×d. */
  dI: Float64Array;
  /** ∂loss/∂T, N×d. */
  dT: Float64Array;
  /** ∂loss/∂τ where s = exp(τ). */
  dTau: number;
}

/**
 * @param I N×d normalised image embeddings, @param T N×d normalised text embeddings.
 * @example symmetricInfoNce(I, T, 2, 2, Math.log(1)).loss // → ln 2 ≈ 0.693 when I and T are orthogonal to each other's pairs equally
 */
export function symmetricInfoNce(I: Float64Array, T: Float64Array, N: number, d: number, tau: number): InfoNceResult {
  const s = Math.exp(tau);
  const cosine = new Float64Array(N * N);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += I[i * d + k]! * T[j * d + k]!;
      cosine[i * N + j] = dot;
    }
  const G = new Float64Array(N * N);
  let loss = 0;
  // Rows: image i against every text (image → text cross-entropy).
  for (let i = 0; i < N; i++) {
    let max = -Infinity;
    for (let j = 0; j < N; j++) max = Math.max(max, s * cosine[i * N + j]!);
    let sum = 0;
    for (let j = 0; j < N; j++) sum += Math.exp(s * cosine[i * N + j]! - max);
    const logZ = max + Math.log(sum);
    loss += (logZ - s * cosine[i * N + i]!) / (2 * N);
    for (let j = 0; j < N; j++) G[i * N + j]! += (Math.exp(s * cosine[i * N + j]! - logZ) - (i === j ? 1 : 0)) / (2 * N);
  }
  // Columns: text j against every image (text → image cross-entropy).
  for (let j = 0; j < N; j++) {
    let max = -Infinity;
    for (let i = 0; i < N; i++) max = Math.max(max, s * cosine[i * N + j]!);
    let sum = 0;
    for (let i = 0; i < N; i++) sum += Math.exp(s * cosine[i * N + j]! - max);
    const logZ = max + Math.log(sum);
    loss += (logZ - s * cosine[j * N + j]!) / (2 * N);
    for (let i = 0; i < N; i++) G[i * N + j]! += (Math.exp(s * cosine[i * N + j]! - logZ) - (i === j ? 1 : 0)) / (2 * N);
  }
  const dI = new Float64Array(N * d);
  const dT = new Float64Array(N * d);
  let dTau = 0;
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++) {
      const g = G[i * N + j]!;
      if (g === 0) continue;
      dTau += g * s * cosine[i * N + j]!;
      for (let k = 0; k < d; k++) {
        dI[i * d + k]! += s * g * T[j * d + k]!;
        dT[j * d + k]! += s * g * I[i * d + k]!;
      }
    }
  return { loss, cosine, dI, dT, dTau };
}

/** Row-wise L2 normalisation u = v/‖v‖, keeping the norms for the backward pass. */
export function normaliseRows(V: Float64Array, N: number, d: number): { U: Float64Array; norms: Float64Array } {
  const U = new Float64Array(N * d);
  const norms = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let sq = 0;
    for (let k = 0; k < d; k++) sq += V[i * d + k]! ** 2;
    const norm = Math.sqrt(sq) + 1e-12;
    norms[i] = norm;
    for (let k = 0; k < d; k++) U[i * d + k] = V[i * d + k]! / norm;
  }
  return { U, norms };
}

/** ∂/∂v of u = v/‖v‖: (du − u (u·du)) / ‖v‖, per row. */
export function normaliseRowsBackward(U: Float64Array, norms: Float64Array, dU: Float64Array, N: number, d: number): Float64Array {
  const dV = new Float64Array(N * d);
  for (let i = 0; i < N; i++) {
    let dot = 0;
    for (let k = 0; k < d; k++) dot += U[i * d + k]! * dU[i * d + k]!;
    for (let k = 0; k < d; k++) dV[i * d + k] = (dU[i * d + k]! - U[i * d + k]! * dot) / norms[i]!;
  }
  return dV;
}
