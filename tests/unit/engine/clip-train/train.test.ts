/**
 * A short real training run: the loss falls and the evaluation matrix becomes
 * diagonal (its own caption is the best match for most images).
 */
import { describe, expect, it } from 'vitest';
import type { ClipTrainSnapshot } from '../../../../electron/common/clip-more.js';
import { diagonalStats, trainTinyClip } from '../../../../electron/engine/clip-train/train.js';
import { shapesVocabulary } from '../../../../electron/engine/clip-train/vocabulary.js';

describe('shapesVocabulary', () => {
  it('covers both languages and splits Chinese into characters', () => {
    const vocab = shapesVocabulary();
    expect(vocab.words).toContain('circle');
    expect(vocab.words).toContain('红');
    expect(vocab.encode('a small red circle on the left')).toHaveLength(7);
    expect(vocab.encode('一个红色的圆形').length).toBe(7);
  });
});

describe('diagonalStats', () => {
  it('computes the diagonal gap and top-1 by hand', () => {
    // [[0.9, 0.1], [0.5, 0.3]] → diag mean 0.6, off mean 0.3, row 1 prefers column 0.
    const stats = diagonalStats([0.9, 0.1, 0.5, 0.3], 2);
    expect(stats.diagonalGap).toBeCloseTo(0.3, 12);
    expect(stats.top1).toBe(0.5);
  });
});

describe('trainTinyClip', () => {
  it('lowers the loss and makes the similarity matrix diagonal', async () => {
    const snapshots: ClipTrainSnapshot[] = [];
    const result = await trainTinyClip(
      { steps: 250, batch: 24, dim: 16, learningRate: 0.01, seed: 1, reportEvery: 25 },
      { report: (_losses, snapshot) => snapshots.push(snapshot), checkpoint: async () => undefined },
    );
    const mean = (xs: { loss: number }[]): number => xs.reduce((a, b) => a + b.loss, 0) / xs.length;
    const early = mean(result.losses.slice(0, 20));
    const late = mean(result.losses.slice(-20));
    expect(late).toBeLessThan(early * 0.6);
    expect(result.last.diagonalGap).toBeGreaterThan(result.first.diagonalGap + 0.2);
    expect(result.last.top1).toBeGreaterThan(0.5);
    expect(result.last.similarity).toHaveLength(result.captions.length ** 2);
    expect(snapshots.length).toBe(11);
  });
});
