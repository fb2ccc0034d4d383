/**
 * Principal component analysis to two dimensions, for drawing image and text embeddings
 * in one plane. With X the centred data (n points × d dimensions) and X = U S Vᵀ its SVD,
 * the principal axes are the columns of V and the 2D coordinates are U S (Pearson 1901;
 * Jolliffe, "Principal Component Analysis", §1). A CLIP batch has few points (n ≤ ~100) and
 * many dimensions (d = 512), so we diagonalise the n × n Gram matrix X Xᵀ = U S² Uᵀ with
 * Jacobi rotations instead of the d × d covariance: exact, and no library needed.
 */

export interface Pca2 {
  /** [n, 2] row-major: each point's coordinates on the two axes. */
  coords: Float64Array;
  /** [2, d] row-major: the two unit-length principal axes. */
  axes: Float64Array;
  /** Fraction of the total variance along each axis. */
  explained: [number, number];
  /** The mean that was subtracted, length d. */
  mean: Float64Array;
}

/** Eigenvalues (descending) and eigenvectors (columns of `vectors`, [n, n] row-major) of a symmetric matrix; cyclic Jacobi. */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        // The rotation angle that zeroes a_pq (Golub & Van Loan, Algorithm 8.5.1).
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y * n + y]! - a[x * n + x]!);
  const values = Float64Array.from(order, (i) => a[i * n + i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    for (let k = 0; k < n; k++) vectors[k * n + to] = v[k * n + from]!;
  });
  return { values, vectors };
}

/**
 * @example pca2([0, 0, 2, 0, 4, 0], 3, 2).coords // → [-2, 0, 0, 0, 2, 0] (up to the sign of each axis)
 */
export function pca2(data: ArrayLike<number>, n: number, d: number): Pca2 {
  if (n < 1 || d < 1 || data.length !== n * d) throw new RangeError(`expected ${n} × ${d} values, got ${data.length}`);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mean[k]! += data[i * d + k]! / n;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) x[i * d + k] = data[i * d + k]! - mean[k]!;
  const gram = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += x[i * d + k]! * x[j * d + k]!;
      gram[i * n + j] = dot;
      gram[j * n + i] = dot;
    }
  }
  const { values, vectors } = symmetricEigen(gram, n);
  const total = values.reduce((sum, value) => sum + Math.max(0, value), 0);
  const coords = new Float64Array(n * 2);
  const axes = new Float64Array(2 * d);
  const explained: [number, number] = [0, 0];
  for (let c = 0; c < 2; c++) {
    const lambda = c < n ? Math.max(0, values[c]!) : 0;
    if (lambda <= 1e-12 * Math.max(1, total)) continue; // fewer than two directions of spread: that axis stays zero
    const sigma = Math.sqrt(lambda);
    // v_c = Xᵀ u_c / σ_c; then coordinates X v_c = σ_c u_c.
    for (let k = 0; k < d; k++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += x[i * d + k]! * vectors[i * n + c]!;
      axes[c * d + k] = sum / sigma;
    }
    // Fix each axis's sign (its largest entry positive) so the picture does not flip between runs.
    let largest = 0;
    for (let k = 1; k < d; k++) if (Math.abs(axes[c * d + k]!) > Math.abs(axes[c * d + largest]!)) largest = k;
    const sign = axes[c * d + largest]! < 0 ? -1 : 1;
    for (let k = 0; k < d; k++) axes[c * d + k]! *= sign;
    for (let i = 0; i < n; i++) coords[i * 2 + c] = sign * sigma * vectors[i * n + c]!;
    explained[c] = total > 0 ? lambda / total : 0;
  }
  return { coords, axes, explained, mean };
}
