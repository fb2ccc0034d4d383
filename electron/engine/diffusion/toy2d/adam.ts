/**
 * Adam (Kingma & Ba 2015, Algorithm 1) over one flat Float32Array of parameters.
 */
export interface AdamState {
  /** Number of updates so far (t in the paper). */
  t: number;
  /** First and second moment estimates m_t, v_t. */
  readonly m: Float32Array;
  readonly v: Float32Array;
}

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export function createAdam(size: number): AdamState {
  return { t: 0, m: new Float32Array(size), v: new Float32Array(size) };
}

/** One update θ ← θ − α m̂_t / (√v̂_t + ε) with bias-corrected moments. */
export function adamStep(state: AdamState, params: Float32Array, grad: Float32Array, learningRate: number, options: AdamOptions = {}): void {
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const epsilon = options.epsilon ?? 1e-8;
  state.t += 1;
  // Folding the bias corrections into the step size: α_t = α √(1 − β₂ᵗ) / (1 − β₁ᵗ) (the paper's §2 remark).
  const alphaT = (learningRate * Math.sqrt(1 - Math.pow(beta2, state.t))) / (1 - Math.pow(beta1, state.t));
  const { m, v } = state;
  for (let i = 0; i < params.length; i++) {
    const g = grad[i]!;
    const mi = beta1 * m[i]! + (1 - beta1) * g;
    const vi = beta2 * v[i]! + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    params[i] = params[i]! - (alphaT * mi) / (Math.sqrt(vi) + epsilon);
  }
}
