/** What every β schedule file (linear.ts, scaled-linear.ts, cosine.ts) takes: the same signature on each. */
export interface BetaOptions {
  /** β at t = 0 (linear and scaled-linear; default 1e-4). */
  betaStart?: number;
  /** β at t = T − 1 (linear and scaled-linear; default 0.02). */
  betaEnd?: number;
}

/** β_0 … β_{T−1} for T training timesteps. */
export type BetaSchedule = (T: number, options?: BetaOptions) => Float64Array;
