import { describe, expect, it } from 'vitest';
import { fast } from '../../../../electron/engine/nms/fast.js';
import { greedy } from '../../../../electron/engine/nms/greedy.js';

const F = Float32Array;
// A chain: A = (0,0,10,10), B = (6,0,16,10), C = (12,0,22,10).
// IoU(A,B) = 40/160 = ¼, IoU(B,C) = ¼, IoU(A,C) = 0.
const chain = F.of(0, 0, 10, 10, 6, 0, 16, 10, 12, 0, 22, 10);
const scores = F.of(0.9, 0.8, 0.7);

describe('Fast NMS (Bolya et al. YOLACT 2019)', () => {
  it('lets a suppressed box suppress others: the column max uses every better-scored box', () => {
    // X = [[0, ¼, 0], [0, 0, ¼], [0, 0, 0]]; column maxima K = [0, ¼, ¼]; N_t = 0.2 → keep A only.
    expect(Array.from(fast({ boxes: chain, scores }, { N_t: 0.2 }).keep)).toEqual([0]);
    // Greedy NMS knows B was removed, so C survives.
    expect(Array.from(greedy({ boxes: chain, scores }, { N_t: 0.2 }).keep)).toEqual([0, 2]);
  });

  it('keeps a box whose column max equals N_t (iou_max <= threshold)', () => {
    expect(Array.from(fast({ boxes: chain, scores }, { N_t: 0.25 }).keep)).toEqual([0, 1, 2]);
  });

  it('traces one row of the upper-triangular IoU matrix per box', () => {
    const result = fast({ boxes: chain, scores }, { N_t: 0.2, trace: true });
    expect(result.trace!.map((r) => r.chosen)).toEqual([0, 1, 2]);
    expect(result.trace![0]!.ious).toEqual([{ index: 1, iou: 0.25 }]);
    expect(result.trace![1]!.fates).toEqual([{ index: 2, fate: 'suppressed' }]);
    expect(Array.from(result.keep)).toEqual([0]);
  });
});
