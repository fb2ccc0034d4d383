import { describe, expect, it } from 'vitest';
import { diou } from '../../../../electron/engine/nms/diou.js';
import { greedy } from '../../../../electron/engine/nms/greedy.js';

const F = Float32Array;
// A = (0,0,10,10), B = (4,0,14,10): IoU = 60/140 = 3/7 ≈ 0.4286; centres (5,5), (9,5): ρ² = 16;
// enclosing (0,0,14,10): c² = 14² + 10² = 296; ρ²/c² = 16/296 ≈ 0.05405.
const boxes = F.of(0, 0, 10, 10, 4, 0, 14, 10);
const scores = F.of(0.9, 0.8);
const R = 16 / 296;

describe('DIoU-NMS (Zheng et al. AAAI 2020, Eq. 12; β as YOLOv4)', () => {
  it('spares a neighbour whose centre is far, where greedy NMS suppresses it', () => {
    // N_t = 0.4: greedy suppresses (3/7 > 0.4); β = 1: 3/7 − 0.0541 = 0.3745 ≤ 0.4 → kept.
    expect(Array.from(greedy({ boxes, scores }, { N_t: 0.4 }).keep)).toEqual([0]);
    const result = diou({ boxes, scores }, { N_t: 0.4, beta: 1, trace: true });
    expect(Array.from(result.keep)).toEqual([0, 1]);
    expect(result.trace![0]!.ious[0]).toEqual({ index: 1, iou: expect.closeTo(3 / 7, 12), criterion: expect.closeTo(3 / 7 - R, 12) });
  });

  it('β = 0.6 (YOLOv4 default) penalises distance more than the paper’s β = 1 for ρ²/c² < 1', () => {
    // N_t = 0.3: β = 1: 0.3745 > 0.3 → suppressed; β = 0.6: 3/7 − R^0.6 = 3/7 − 0.1737 = 0.2549 ≤ 0.3 → kept.
    expect(Array.from(diou({ boxes, scores }, { N_t: 0.3, beta: 1 }).keep)).toEqual([0]);
    expect(Array.from(diou({ boxes, scores }, { N_t: 0.3 }).keep)).toEqual([0, 1]);
    expect(3 / 7 - R ** 0.6).toBeCloseTo(0.2549, 4);
  });

  it('equals greedy NMS for concentric boxes (ρ = 0)', () => {
    // (0,0,10,10) and (1,1,9,9): centres coincide, IoU = 64/100 = 0.64.
    const nested = F.of(0, 0, 10, 10, 1, 1, 9, 9);
    expect(Array.from(diou({ boxes: nested, scores }, { N_t: 0.6 }).keep)).toEqual([0]);
    expect(Array.from(diou({ boxes: nested, scores }, { N_t: 0.64 }).keep)).toEqual([0, 1]);
  });
});
