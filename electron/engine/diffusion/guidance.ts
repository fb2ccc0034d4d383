/**
 * Classifier-free guidance (Ho & Salimans 2022, eq. 6): one network run on the batch
 * [conditional; unconditional] and ε̃ = ε_uncond + w (ε_cond − ε_uncond). w = 0 is the
 * unconditional model, w = 1 the conditional one, w > 1 trades diversity for fidelity.
 * The same mix applies to a v-prediction output (it is linear in ε and x₀).
 */

/** @example guide(Float32Array.of(1), Float32Array.of(0.5), 3, new Float32Array(1)) // → [2] */
export function guide(conditional: Float32Array, unconditional: Float32Array, scale: number, out: Float32Array): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = unconditional[i]! + scale * (conditional[i]! - unconditional[i]!);
  return out;
}
