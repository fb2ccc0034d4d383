/**
 * Which of the T training timesteps a sampler with n steps visits, noisiest first, by
 * diffusers' three `timestep_spacing` rules (DDIMScheduler / DDPMScheduler.set_timesteps;
 * Lin et al. 2024, Table 2). numpy's round() rounds halves to even, and so does this file.
 *
 *   linspace: round(linspace(0, T − 1, n)) reversed
 *   leading:  (0, 1, …, n − 1) · ⌊T/n⌋ reversed, + steps_offset
 *   trailing: round(T, T − T/n, …, T/n) − 1      (arange(T, 0, −T/n))
 *
 * Only trailing and linspace start at t = T − 1; leading never reaches the last timestep,
 * which is why Lin et al. recommend trailing for few-step sampling.
 */
import type { Spacing } from '../../common/diffusion.js';

/** numpy.round: halves to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * @example spacedTimesteps(1000, 50, 'leading').slice(0, 3) // → [980, 960, 940]
 * @example spacedTimesteps(1000, 50, 'trailing').slice(0, 3) // → [999, 979, 959]
 */
export function spacedTimesteps(T: number, n: number, spacing: Spacing, stepsOffset = 0): number[] {
  if (!Number.isInteger(n) || n < 1 || n > T) throw new RangeError(`sampling steps must be an integer in 1…${T}, got ${n}`);
  const out: number[] = new Array<number>(n);
  switch (spacing) {
    case 'linspace':
      for (let k = 0; k < n; k++) out[n - 1 - k] = roundHalfEven(n === 1 ? 0 : (k * (T - 1)) / (n - 1));
      break;
    case 'leading': {
      const step_ratio = Math.floor(T / n);
      for (let k = 0; k < n; k++) out[n - 1 - k] = k * step_ratio + stepsOffset;
      break;
    }
    case 'trailing': {
      const step_ratio = T / n;
      for (let k = 0; k < n; k++) out[k] = roundHalfEven(T - k * step_ratio) - 1;
      break;
    }
  }
  for (const t of out) if (t < 0 || t > T - 1) throw new RangeError(`steps_offset ${stepsOffset} pushes timestep ${t} outside 0…${T - 1}`);
  return out;
}
