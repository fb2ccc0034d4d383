/**
 * How close two point clouds are, for tests and for the widget's "fit" readout.
 */

/**
 * Mean distance from each point of `from` to its nearest neighbour in `to` (both (x, y) pairs).
 * Small when every point of `from` lies on `to`'s shape; blind to parts of `to` that `from` misses.
 *
 * @example meanNearestDistance(Float32Array.of(0, 0), Float32Array.of(3, 4, 10, 10)) // → 5
 */
export function meanNearestDistance(from: Float32Array, to: Float32Array): number {
  const n = from.length / 2;
  const m = to.length / 2;
  if (n === 0 || m === 0) return Number.NaN;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = from[2 * i]!;
    const y = from[2 * i + 1]!;
    let best = Infinity;
    for (let j = 0; j < m; j++) {
      const dx = x - to[2 * j]!;
      const dy = y - to[2 * j + 1]!;
      const d2 = dx * dx + dy * dy;
      if (d2 < best) best = d2;
    }
    total += Math.sqrt(best);
  }
  return total / n;
}

/**
 * Symmetric Chamfer distance: meanNearestDistance both ways, summed. It also grows when the
 * samples cover only part of the data (a model that put every point on one moon).
 */
export function chamferDistance(a: Float32Array, b: Float32Array): number {
  return meanNearestDistance(a, b) + meanNearestDistance(b, a);
}
