/**
 * Score penalties f(IoU) as functions of a neighbour's overlap with the
 * current maximum M: the factor its score is multiplied by in one round.
 * Drawn as curves in the variants lesson, so learners see the step of greedy
 * NMS next to the two decays of Soft-NMS (Bodla et al., ICCV 2017):
 *   greedy       f = 1 if IoU ≤ N_t, else 0          (suppress when IoU > N_t, as torchvision)
 *   linear       f = 1 if IoU < N_t, else 1 − IoU    Eq. 2
 *   Gaussian     f = exp(−IoU² / σ)                   Eq. 3
 */

/** @example greedyFactor(0.6, 0.5) // → 0 */
export function greedyFactor(iou: number, N_t: number): number {
  return iou > N_t ? 0 : 1;
}

/** @example linearFactor(0.6, 0.5) // → 0.4 */
export function linearFactor(iou: number, N_t: number): number {
  return iou >= N_t ? 1 - iou : 1;
}

/** @example gaussianFactor(0.5, 0.5) // → 0.6065306597126334  (exp(−0.5)) */
export function gaussianFactor(iou: number, sigma: number): number {
  return Math.exp(-(iou * iou) / sigma);
}

export interface CurvePoint {
  x: number;
  y: number;
}

/**
 * Samples f on [0, 1]. Discontinuities at N_t get two points at the same x
 * (the value just before and at/after the jump) so a line chart draws the
 * step as a vertical edge instead of a slanted one.
 *
 * @example penaltyCurve('greedy', { N_t: 0.5, sigma: 0.5 }, 4) // → [{0,1}, {0.25,1}, {0.5,1}, {0.5,0}, {0.75,0}, {1,0}]
 */
export function penaltyCurve(kind: 'greedy' | 'linear' | 'gaussian', params: { N_t: number; sigma: number }, samples = 200): CurvePoint[] {
  const xs = new Set<number>();
  for (let k = 0; k <= samples; k++) xs.add(k / samples);
  if (kind !== 'gaussian') xs.add(params.N_t);
  const points: CurvePoint[] = [];
  for (const x of [...xs].sort((p, q) => p - q)) {
    if (kind === 'gaussian') {
      points.push({ x, y: gaussianFactor(x, params.sigma) });
    } else if (kind === 'greedy') {
      // Greedy keeps a box at exactly N_t, then drops to 0 just after it.
      points.push({ x, y: greedyFactor(x, params.N_t) });
      if (x === params.N_t) points.push({ x, y: 0 });
    } else {
      // Linear: 1 just below N_t, 1 − N_t at N_t.
      if (x === params.N_t) points.push({ x, y: 1 });
      points.push({ x, y: linearFactor(x, params.N_t) });
    }
  }
  return points;
}
