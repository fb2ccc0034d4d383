import { describe, expect, it } from 'vitest';
import { contrastiveLoss, softmaxRowsAt } from '../../../../../renderer/src/widgets/clip/contrastive.js';

describe('contrastiveLoss (symmetric cross-entropy of CLIP)', () => {
  it('matches the hand-computed 2 × 2 identity case', () => {
    // logits = [[1, 0], [0, 1]]: every row and column softmax gives the match e/(e+1).
    const result = contrastiveLoss([1, 0, 0, 1], 2, 1);
    const p = Math.E / (Math.E + 1);
    expect(result.rowProbs[0]).toBeCloseTo(p, 12);
    expect(result.colProbs[3]).toBeCloseTo(p, 12);
    expect(result.imageToText).toBeCloseTo(Math.log(1 + Math.exp(-1)), 12);
    expect(result.textToImage).toBeCloseTo(Math.log(1 + Math.exp(-1)), 12);
    expect(result.loss).toBeCloseTo(0.31326168751822286, 12);
  });

  it('tells the two directions apart on an asymmetric matrix (hand-computed)', () => {
    // cos = [[0.5, 0.1], [0.4, 0.3]], scale 10 → logits [[5, 1], [4, 3]].
    const r = contrastiveLoss([0.5, 0.1, 0.4, 0.3], 2, 10);
    expect([...r.logits]).toEqual([5, 1, 4, 3].map((v) => expect.closeTo(v, 12)));
    // Rows: −log softmax([5,1])₀ = log(1+e⁻⁴); −log softmax([4,3])₁ = log(1+e¹).
    expect(r.rowTerms[0]).toBeCloseTo(Math.log(1 + Math.exp(-4)), 12);
    expect(r.rowTerms[1]).toBeCloseTo(Math.log(1 + Math.exp(1)), 12);
    // Columns: column 0 = [5, 4] → −log softmax₀ = log(1+e⁻¹); column 1 = [1, 3] → −log softmax₁ = log(1+e⁻²).
    expect(r.colTerms[0]).toBeCloseTo(Math.log(1 + Math.exp(-1)), 12);
    expect(r.colTerms[1]).toBeCloseTo(Math.log(1 + Math.exp(-2)), 12);
    expect(r.imageToText).toBeCloseTo((Math.log(1 + Math.exp(-4)) + Math.log(1 + Math.E)) / 2, 12);
    expect(r.textToImage).toBeCloseTo((Math.log(1 + Math.exp(-1)) + Math.log(1 + Math.exp(-2))) / 2, 12);
    expect(r.loss).toBeCloseTo((r.imageToText + r.textToImage) / 2, 12);
    expect(r.imageToText).toBeGreaterThan(r.textToImage);
  });

  it('rows of rowProbs and columns of colProbs sum to one', () => {
    const cos = [0.3, -0.2, 0.9, 0.1, 0.4, 0.0, -0.5, 0.2, 0.7];
    const r = contrastiveLoss(cos, 3, 30);
    for (let i = 0; i < 3; i++) expect(r.rowProbs[i * 3]! + r.rowProbs[i * 3 + 1]! + r.rowProbs[i * 3 + 2]!).toBeCloseTo(1, 12);
    for (let j = 0; j < 3; j++) expect(r.colProbs[j]! + r.colProbs[3 + j]! + r.colProbs[6 + j]!).toBeCloseTo(1, 12);
  });

  it('push is minus the gradient: it matches a finite difference of the loss', () => {
    const cos = [0.3, -0.2, 0.9, 0.1, 0.4, 0.0, -0.5, 0.2, 0.7];
    const scale = 5;
    const r = contrastiveLoss(cos, 3, scale);
    const h = 1e-6;
    for (let k = 0; k < 9; k++) {
      const plus = [...cos];
      plus[k]! += h / scale;
      const minus = [...cos];
      minus[k]! -= h / scale;
      const derivative = (contrastiveLoss(plus, 3, scale).loss - contrastiveLoss(minus, 3, scale).loss) / (2 * h);
      expect(r.push[k]).toBeCloseTo(-derivative, 6);
    }
    // Diagonal pulled up, off-diagonal pushed down.
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(Math.sign(r.push[i * 3 + j]!)).toBe(i === j ? 1 : -1);
  });

  it('stays finite when a match gets almost no probability', () => {
    const r = contrastiveLoss([-1, 1, 1, -1], 2, 100);
    expect(r.loss).toBeCloseTo(200, 6);
  });

  it('refuses a matrix that is not n × n and a non-positive scale', () => {
    expect(() => contrastiveLoss([1, 2, 3], 2, 1)).toThrow(RangeError);
    expect(() => contrastiveLoss([1], 1, 0)).toThrow(RangeError);
  });
});

describe('softmaxRowsAt', () => {
  it('sharpens as the logit scale grows', () => {
    expect([...softmaxRowsAt([0, 1], 1, 2, 1)]).toEqual([1 / (1 + Math.E), Math.E / (1 + Math.E)].map((v) => expect.closeTo(v, 12)));
    const soft = softmaxRowsAt([0.2, 0.3], 1, 2, 1)[1]!;
    const sharp = softmaxRowsAt([0.2, 0.3], 1, 2, 100)[1]!;
    expect(soft).toBeLessThan(0.55);
    expect(sharp).toBeGreaterThan(0.99);
  });
});
