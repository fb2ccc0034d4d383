import { describe, expect, it } from 'vitest';
import { dialogForChildGone, dialogForRendererGone } from '../../../electron/main/process-gone';

describe('crash dialogs', () => {
  it.each([
    ['crashed', 'renderer-gone'],
    ['oom', 'renderer-gone'],
    ['launch-failed', 'renderer-gone'],
    ['abnormal-exit', 'renderer-gone'],
    ['clean-exit', null],
    ['killed', null],
  ])('a renderer gone with %s → %s', (reason, dialog) => {
    expect(dialogForRendererGone(reason)).toBe(dialog);
  });

  it('explains a GPU crash once, and ignores utility processes and clean exits', () => {
    expect(dialogForChildGone('GPU', 'crashed', false)).toBe('gpu-gone');
    expect(dialogForChildGone('GPU', 'crashed', true)).toBeNull();
    expect(dialogForChildGone('GPU', 'clean-exit', false)).toBeNull();
    expect(dialogForChildGone('Utility', 'crashed', false)).toBeNull();
  });
});
