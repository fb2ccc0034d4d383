import { describe, expect, it } from 'vitest';
import { LabError } from '../../../../electron/common/errors.js';
import { greedySpec, greedyDefaults } from '../../../../electron/engine/nms/greedy.js';
import { TRACE_MAX_CANDIDATES, assemble, createDeadline, prepare, rankDescending } from '../../../../electron/engine/nms/stages.js';
import { seeded } from './random-scenes.js';

const F = Float32Array;

describe('rankDescending (radix sort on float32 bit patterns)', () => {
  it('sorts by descending score, ties by ascending index', () => {
    expect(Array.from(rankDescending(F.of(0.5, 0.9, 0.5)))).toEqual([1, 0, 2]);
    expect(Array.from(rankDescending(F.of(-1, 3, -0, 0, -Infinity, Infinity, 1e-40, -1e-40)))).toEqual([5, 1, 6, 2, 3, 7, 0, 4]);
  });

  it('agrees with a comparison sort on random keys with many ties and signs', () => {
    const rng = seeded(8);
    for (let c = 0; c < 200; c++) {
      const n = Math.floor(rng.uniform() * 500);
      const keys = F.from({ length: n }, () =>
        rng.uniform() < 0.3 ? [0.25, -2, 0, 7][Math.floor(rng.uniform() * 4)]! : (rng.uniform() - 0.5) * 10 ** (rng.uniform() * 20 - 10),
      );
      const expected = Array.from(keys.keys()).sort((a, b) => (keys[b]! === keys[a]! ? a - b : keys[b]! - keys[a]!));
      expect(Array.from(rankDescending(keys))).toEqual(expected);
      // Re-ranking a subset given in any order keeps the same rule.
      const subset = Int32Array.from(expected.filter((i) => i % 3 !== 0).reverse());
      expect(Array.from(rankDescending(keys, subset))).toEqual(expected.filter((i) => i % 3 !== 0));
    }
  });
});

describe('prepare and assemble', () => {
  it('pre-filters (score > threshold in float32), ranks, and cuts to top-k', () => {
    const input = { boxes: new F(16), scores: F.of(0.2, 0.9, 0.5, 0.2) };
    expect(Array.from(prepare(greedySpec, input, { ...greedyDefaults, scoreThreshold: 0.2 }).order)).toEqual([1, 2]);
    expect(Array.from(prepare(greedySpec, input, { ...greedyDefaults, topK: 3 }).order)).toEqual([1, 2, 0]);
  });

  it('refuses traces of more than TRACE_MAX_CANDIDATES candidates', () => {
    const N = TRACE_MAX_CANDIDATES + 1;
    const error = (() => {
      try {
        prepare(greedySpec, { boxes: new F(4 * N), scores: new F(N) }, { ...greedyDefaults, trace: true });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(LabError);
    expect((error as LabError).messageKey).toBe('error.nms.traceTooLarge');
  });

  it('stable-sorts the kept boxes by final score and applies maxOutput', () => {
    const input = { boxes: F.of(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5), scores: new F(3) };
    const stats = { candidates: 3, overlaps: 0 };
    const result = assemble(input, Int32Array.of(2, 0, 1), Float64Array.of(0.4, 0.9, 0.4), null, 2, stats);
    expect(Array.from(result.keep)).toEqual([0, 2]);
    expect(Array.from(result.boxes)).toEqual([0, 0, 1, 1, 4, 4, 5, 5]);
  });

  it('a spent time budget is a typed error, not a hang', () => {
    const deadline = createDeadline('fast', 1e-9);
    const start = performance.now();
    while (performance.now() - start < 1);
    expect(() => deadline.check(5, 10)).toThrow(LabError);
  });
});
