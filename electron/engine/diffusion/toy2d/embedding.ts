/**
 * The network's view of time: sinusoidal features of the timestep index (Vaswani et al. 2017,
 * as DDPM uses them), with frequencies spread geometrically from 1 radian per step down to
 * 1/T radian per step, so every feature changes across the short toy chain (the Transformer's
 * 1/10000 floor would leave most features flat for T = 100).
 */

/**
 * A T × 2K table: row i holds sin(ω_k i) for k < K, then cos(ω_k i), with ω_k = T^(−k/(K−1)).
 *
 * @example timeEmbeddingTable(100, 2).subarray(0, 4) // → [sin 0, sin 0, cos 0, cos 0] = [0, 0, 1, 1]
 */
export function timeEmbeddingTable(T: number, frequencies: number): Float32Array {
  const K = frequencies;
  const table = new Float32Array(T * 2 * K);
  for (let i = 0; i < T; i++) {
    for (let k = 0; k < K; k++) {
      const omega = K === 1 ? 1 / T : Math.pow(T, -k / (K - 1));
      table[i * 2 * K + k] = Math.sin(omega * i);
      table[i * 2 * K + K + k] = Math.cos(omega * i);
    }
  }
  return table;
}
