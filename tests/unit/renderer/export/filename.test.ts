import { describe, expect, it } from 'vitest';
import { exportFilename } from '../../../../renderer/src/export/filename.js';

describe('exportFilename', () => {
  it('adds the extension once', () => {
    expect(exportFilename('pi-estimate', 'png')).toBe('pi-estimate.png');
    expect(exportFilename('pi-estimate.PNG', 'png')).toBe('pi-estimate.png');
  });

  it('keeps Chinese and replaces characters Windows forbids', () => {
    expect(exportFilename('π估算', 'csv')).toBe('π估算.csv');
    expect(exportFilename('a/b\\c:d*e?"f"<g>|h', 'csv')).toBe('a-b-c-d-e-f-g-h.csv');
  });

  it('never returns a hidden or empty name', () => {
    expect(exportFilename('...', 'png')).toBe('aigc-lab-export.png');
    expect(exportFilename('  ', 'csv')).toBe('aigc-lab-export.csv');
    expect(exportFilename('.hidden', 'csv')).toBe('hidden.csv');
  });
});
