/**
 * The numbers the diffusion lessons compute in the renderer, pinned by hand, and the
 * "almost gone" step of the real linear schedule checked against its closed form.
 */
import { describe, expect, it } from 'vitest';
import {
  almostGoneStep,
  cosine,
  filmstripIndices,
  imageAt,
  meanAbsoluteDifference,
  meanPairwiseDistance,
} from '../../../../../renderer/src/widgets/diffusion/measures';

describe('almostGoneStep', () => {
  it('finds the first ᾱ_t under the threshold', () => {
    expect(almostGoneStep(Float64Array.of(0.9, 0.5, 0.009, 0.001))).toBe(2);
    expect(almostGoneStep([0.9, 0.5], 0.6)).toBe(1);
    expect(almostGoneStep([0.9, 0.5])).toBeNull();
  });

  it('puts the linear DDPM schedule (β 1e-4 … 0.02, T = 1000) past ᾱ < 0.01 near t = 673', () => {
    // ᾱ_t = ∏ (1 − β_s), β_s = 1e-4 + s (0.02 − 1e-4) / 999; ln ᾱ_t ≈ −Σβ ≈ −(1e-4 t + 0.0199 t² / 1998),
    // which reaches ln 0.01 ≈ −4.605 at t ≈ 675 (the β²/2 terms pull it slightly earlier). ᾱ_499 ≈ 0.0786 is still above.
    const T = 1000;
    const alphaBar = new Float64Array(T);
    let product = 1;
    for (let t = 0; t < T; t++) {
      product *= 1 - (1e-4 + (t * (0.02 - 1e-4)) / (T - 1));
      alphaBar[t] = product;
    }
    const gone = almostGoneStep(alphaBar)!;
    expect(alphaBar[gone]).toBeLessThan(0.01);
    expect(alphaBar[gone - 1]).toBeGreaterThanOrEqual(0.01);
    expect(gone).toBe(673);
    expect(alphaBar[499]).toBeCloseTo(0.0786, 3);
  });
});

describe('batch measures', () => {
  it('meanPairwiseDistance is 0 for identical images and 1 for black against white', () => {
    expect(meanPairwiseDistance(Uint8Array.of(9, 9, 9, 9, 9, 9), 2, 3)).toBe(0);
    expect(meanPairwiseDistance(Uint8Array.of(0, 0, 0, 255, 255, 255), 2, 3)).toBe(1);
    // Three images A = (0, 0), B = (255, 255), C = (0, 0): pairs AB = 1, AC = 0, BC = 1 → 2/3.
    expect(meanPairwiseDistance(Uint8Array.of(0, 0, 255, 255, 0, 0), 3, 2)).toBeCloseTo(2 / 3, 12);
    // A uniform difference of 51/255 = 0.2 has an RMS of 0.2.
    expect(meanPairwiseDistance(Uint8Array.of(0, 0, 0, 51, 51, 51), 2, 3)).toBeCloseTo(0.2, 12);
    expect(meanPairwiseDistance(Uint8Array.of(1, 2, 3), 1, 3)).toBe(0);
  });

  it('meanAbsoluteDifference and imageAt slice images stored back to back', () => {
    const images = Uint8Array.from({ length: 2 * 2 * 2 * 3 }, (_, i) => i);
    expect(Array.from(imageAt(images, 1, 2, 2))).toEqual(Array.from({ length: 12 }, (_, i) => 12 + i));
    expect(meanAbsoluteDifference(Uint8Array.of(0, 255), Uint8Array.of(255, 255))).toBe(0.5);
    expect(meanAbsoluteDifference(Uint8Array.of(0), Uint8Array.of(0, 1))).toBeNaN();
  });
});

describe('cosine and filmstrip', () => {
  it('cosine similarity by hand', () => {
    expect(cosine([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(cosine([1, 2], [-1, -2])).toBeCloseTo(-1, 12);
    expect(cosine([0, 0], [1, 1])).toBe(0);
  });

  it('filmstripIndices spreads frames evenly and keeps both ends', () => {
    expect(filmstripIndices(50, 6)).toEqual([0, 10, 20, 29, 39, 49]);
    expect(filmstripIndices(3, 6)).toEqual([0, 1, 2]);
    expect(filmstripIndices(0, 6)).toEqual([]);
  });
});
