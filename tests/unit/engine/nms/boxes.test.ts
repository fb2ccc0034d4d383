import { describe, expect, it } from 'vitest';
import { LabError } from '../../../../electron/common/errors.js';
import { MAX_BOXES, boxCount, convertBoxes, toXyxy, validateBoxes, validateExtras } from '../../../../electron/engine/nms/boxes.js';
import type { NmsInput } from '../../../../electron/engine/nms/types.js';

const F = Float32Array;

function labError(run: () => unknown): LabError {
  try {
    run();
  } catch (error) {
    if (error instanceof LabError) return error;
    throw new Error(`expected a LabError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a LabError, nothing was thrown');
}

describe('box formats', () => {
  it('converts between xyxy, xywh and cxcywh (hand-computed)', () => {
    // cxcywh (50, 40, 20, 10) → corners 50 ± 10, 40 ± 5.
    expect(Array.from(convertBoxes(F.of(50, 40, 20, 10), { format: 'cxcywh' }, { format: 'xyxy' }))).toEqual([40, 35, 60, 45]);
    expect(Array.from(convertBoxes(F.of(40, 35, 60, 45), { format: 'xyxy' }, { format: 'xywh' }))).toEqual([40, 35, 20, 10]);
    expect(Array.from(toXyxy(F.of(10, 20, 30, 40), { format: 'xywh' }))).toEqual([10, 20, 40, 60]);
    expect(Array.from(convertBoxes(F.of(10, 20, 30, 40), { format: 'xywh' }, { format: 'cxcywh' }))).toEqual([25, 40, 30, 40]);
  });

  it('normalises by an image size and back', () => {
    const size = { width: 640, height: 480 };
    // x / 640, y / 480.
    expect(Array.from(convertBoxes(F.of(0, 0, 320, 240), { format: 'xyxy' }, { format: 'xyxy', normalizedBy: size }))).toEqual([0, 0, 0.5, 0.5]);
    // A YOLO label (normalised cxcywh) to absolute xyxy: cx 0.5·640 = 320, w 0.25·640 = 160, cy 0.5·480 = 240, h 0.5·480 = 240.
    expect(Array.from(convertBoxes(F.of(0.5, 0.5, 0.25, 0.5), { format: 'cxcywh', normalizedBy: size }, { format: 'xyxy' }))).toEqual([
      240, 120, 400, 360,
    ]);
  });

  it('round-trips every pair of layouts', () => {
    const boxes = F.of(3.5, 7.25, 20, 30, 0, 0, 0, 0, 100, 50, 100.5, 51);
    const layouts = [
      { format: 'xyxy' as const },
      { format: 'xywh' as const },
      { format: 'cxcywh' as const },
      { format: 'cxcywh' as const, normalizedBy: { width: 200, height: 100 } },
    ];
    for (const a of layouts) {
      for (const b of layouts) {
        const there = convertBoxes(convertBoxes(boxes, { format: 'xyxy' }, a), a, b);
        const back = convertBoxes(there, b, { format: 'xyxy' });
        back.forEach((v, k) => expect(v).toBeCloseTo(boxes[k]!, 4));
      }
    }
  });

  it('refuses a ragged array and a bad image size', () => {
    expect(labError(() => convertBoxes(new F(5), { format: 'xyxy' }, { format: 'xywh' })).messageKey).toBe('error.nms.boxesShape');
    expect(labError(() => convertBoxes(new F(4), { format: 'xyxy', normalizedBy: { width: 0, height: 1 } }, { format: 'xywh' })).messageKey).toBe(
      'error.nms.badImageSize',
    );
    expect(boxCount(new F(8))).toBe(2);
  });
});

describe('validation policy (issue 3, item 6)', () => {
  it('accepts zero boxes, zero-area boxes and returns N', () => {
    expect(validateBoxes(new F(0), new F(0), 'real')).toBe(0);
    expect(validateBoxes(F.of(5, 5, 5, 5, 0, 0, 0, 10), F.of(0.5, 0.5), 'real')).toBe(2);
  });

  it('names the box and coordinate of NaN / ±Infinity', () => {
    const error = labError(() => validateBoxes(F.of(0, 0, 1, 1, 0, 0, Number.NaN, 1), F.of(1, 1), 'real'));
    expect(error.code).toBe('validation');
    expect(error.messageKey).toBe('error.nms.nonFiniteBox');
    expect(error.params).toEqual({ index: 1, coordinate: 'x2' });
    expect(labError(() => validateBoxes(F.of(0, -Infinity, 1, 1), F.of(1), 'real')).params).toEqual({ index: 0, coordinate: 'y1' });
  });

  it('refuses inverted boxes instead of swapping their corners', () => {
    expect(labError(() => validateBoxes(F.of(0, 0, 1, 1, 5, 0, 4, 1), F.of(1, 1), 'real')).params).toEqual({ index: 1 });
    expect(labError(() => validateBoxes(F.of(0, 2, 1, 1), F.of(1), 'real')).messageKey).toBe('error.nms.invertedBox');
  });

  it('refuses non-finite scores; scores outside [0, 1] only for probability variants', () => {
    expect(labError(() => validateBoxes(F.of(0, 0, 1, 1), F.of(Number.NaN), 'real')).messageKey).toBe('error.nms.nonFiniteScore');
    expect(validateBoxes(F.of(0, 0, 1, 1, 0, 0, 1, 1), F.of(-3.5, 12), 'real')).toBe(2); // logits are fine for ranking
    const error = labError(() => validateBoxes(F.of(0, 0, 1, 1), F.of(1.5), 'probability', 'soft-gaussian'));
    expect(error.messageKey).toBe('error.nms.scoreOutOfRange');
    expect(error.params).toMatchObject({ index: 0, method: 'soft-gaussian' });
  });

  it('refuses mismatched lengths and non-typed arrays', () => {
    expect(labError(() => validateBoxes(new F(7), new F(2), 'real')).messageKey).toBe('error.nms.boxesShape');
    expect(labError(() => validateBoxes(new F(8), new F(3), 'real')).params).toEqual({ field: 'scores', expected: 2, actual: 3 });
    expect(labError(() => validateBoxes([0, 0, 1, 1] as unknown as Float32Array, F.of(1), 'real')).messageKey).toBe('error.nms.arrayType');
  });

  it(`refuses more than ${MAX_BOXES} boxes at once, before any per-box work`, () => {
    const boxes = new F(4 * (MAX_BOXES + 1));
    boxes[0] = Number.NaN; // would be reported if the loop ran
    const start = performance.now();
    const error = labError(() => validateBoxes(boxes, new F(MAX_BOXES + 1), 'real'));
    expect(error.messageKey).toBe('error.nms.tooManyBoxes');
    expect(error.params).toEqual({ count: MAX_BOXES + 1, max: MAX_BOXES });
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('checks the optional per-box fields a variant needs', () => {
    const base: NmsInput = { boxes: F.of(0, 0, 1, 1), scores: F.of(1) };
    expect(labError(() => validateExtras(base, 1, ['densities'], 'adaptive')).params).toEqual({ method: 'adaptive', field: 'densities' });
    expect(labError(() => validateExtras({ ...base, densities: F.of(1.5) }, 1, ['densities'], 'adaptive')).messageKey).toBe(
      'error.nms.badFieldValue',
    );
    expect(labError(() => validateExtras({ ...base, predictedIous: F.of(0.5, 0.5) }, 1, [], 'greedy')).messageKey).toBe('error.nms.lengthMismatch');
    expect(labError(() => validateExtras({ ...base, variances: F.of(1, 1, 0, 1) }, 1, ['variances'], 'softer')).messageKey).toBe(
      'error.nms.badFieldValue',
    );
    expect(labError(() => validateExtras({ ...base, classes: F.of(0) as unknown as Int32Array }, 1, [], 'batched')).messageKey).toBe(
      'error.nms.arrayType',
    );
    expect(() =>
      validateExtras({ ...base, densities: F.of(0.3), variances: F.of(1, 2, 3, 4), classes: Int32Array.of(7) }, 1, ['densities'], 'adaptive'),
    ).not.toThrow();
  });
});
