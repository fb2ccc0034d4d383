import { describe, expect, it } from 'vitest';
import { activeModel, argmaxRow, modelProblem, rowOf } from '../../../../../renderer/src/widgets/clip/model.js';

describe('CLIP widget model helpers', () => {
  it('pin the lesson’s model over the learner’s pick, and fall back to the pick', () => {
    expect(activeModel('', 'shapes-clip')).toBe('shapes-clip');
    expect(activeModel('clip-vit-base-patch32', 'shapes-clip')).toBe('clip-vit-base-patch32');
  });

  it('accept empty and folder-safe ids only', () => {
    expect(modelProblem('')).toBeNull();
    expect(modelProblem('shapes-clip')).toBeNull();
    expect(modelProblem('../etc')).toMatchObject({ messageKey: 'clipLessons.attr.model' });
    expect(modelProblem('Shapes')).not.toBeNull();
  });

  it('read rows and their largest entry of a row-major matrix', () => {
    const m = Float32Array.of(0.1, 0.7, 0.2, 0.9, 0.05, 0.05);
    expect(rowOf(m, 1, 3)).toEqual([expect.closeTo(0.9, 6), expect.closeTo(0.05, 6), expect.closeTo(0.05, 6)]);
    expect(argmaxRow(m, 0, 3)).toBe(1);
    expect(argmaxRow(m, 1, 3)).toBe(0);
  });
});
