/**
 * Timestep spacing pinned against diffusers' formulas, evaluated by hand (and with numpy):
 *   linspace: np.linspace(0, 999, 50).round()[::-1]
 *   leading:  (np.arange(0, 50) * (1000 // 50)).round()[::-1] + steps_offset
 *   trailing: np.round(np.arange(1000, 0, -1000 / 50)) − 1
 */
import { describe, expect, it } from 'vitest';

import { roundHalfEven, spacedTimesteps } from '../../../../electron/engine/diffusion/spacing';

const LINSPACE_50 = [
  999, 979, 958, 938, 917, 897, 877, 856, 836, 816, 795, 775, 754, 734, 714, 693, 673, 652, 632, 612, 591, 571, 550, 530, 510, 489, 469, 449, 428,
  408, 387, 367, 347, 326, 306, 285, 265, 245, 224, 204, 183, 163, 143, 122, 102, 82, 61, 41, 20, 0,
];
const LEADING_50 = Array.from({ length: 50 }, (_, k) => 980 - 20 * k);
const TRAILING_50 = Array.from({ length: 50 }, (_, k) => 999 - 20 * k);

describe('timestep spacing (diffusers set_timesteps, T = 1000)', () => {
  it('50 steps, linspace', () => expect(spacedTimesteps(1000, 50, 'linspace')).toEqual(LINSPACE_50));
  it('50 steps, leading: 980 … 0 (never the last timestep)', () => {
    expect(spacedTimesteps(1000, 50, 'leading')).toEqual(LEADING_50);
    expect(LEADING_50.slice(0, 3)).toEqual([980, 960, 940]);
  });
  it('50 steps, leading with steps_offset = 1 (Stable Diffusion): 981 … 1', () => {
    expect(spacedTimesteps(1000, 50, 'leading', 1)).toEqual(LEADING_50.map((t) => t + 1));
  });
  it('50 steps, trailing: 999 … 19', () => {
    expect(spacedTimesteps(1000, 50, 'trailing')).toEqual(TRAILING_50);
  });
  it('rounds halves to even as numpy does: linspace(0, 999, 7) = 0, 166.5, 333, 499.5, 666, 832.5, 999', () => {
    expect(spacedTimesteps(1000, 7, 'linspace')).toEqual([999, 832, 666, 500, 333, 166, 0]);
    expect([0.5, 1.5, 2.5, 3.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, 4, 2, 3]);
  });
  it('a non-integer ratio under trailing: 30 steps → 999, 966, 932, 899, …', () => {
    expect(spacedTimesteps(1000, 30, 'trailing').slice(0, 6)).toEqual([999, 966, 932, 899, 866, 832]);
  });
  it('T steps visit every timestep once under every spacing', () => {
    for (const spacing of ['leading', 'trailing', 'linspace'] as const) {
      expect(spacedTimesteps(1000, 1000, spacing)).toEqual(Array.from({ length: 1000 }, (_, k) => 999 - k));
    }
  });
  it('refuses 0 or more than T steps, and an offset past T − 1', () => {
    expect(() => spacedTimesteps(1000, 0, 'leading')).toThrow(RangeError);
    expect(() => spacedTimesteps(1000, 1001, 'leading')).toThrow(RangeError);
    expect(() => spacedTimesteps(1000, 1000, 'leading', 1)).toThrow(RangeError);
  });
});
