import { describe, expect, it } from 'vitest';
import { PROVIDER_NAMES, type ProviderName } from '../../../../electron/common/api.js';
import { PROVIDER_ORDER, chooseProvider, providerOrder, toProviderName } from '../../../../electron/engine/runtime/providers.js';

const usable = (...names: ProviderName[]) => names.map((name) => ({ name, usable: true }));

describe('PROVIDER_ORDER', () => {
  it('is the documented table: CUDA → DirectML (Windows) / CoreML (macOS) → WebGPU → CPU', () => {
    expect(PROVIDER_ORDER).toEqual({
      linux: ['cuda', 'webgpu', 'cpu'],
      win32: ['cuda', 'dml', 'webgpu', 'cpu'],
      darwin: ['coreml', 'webgpu', 'cpu'],
    });
  });

  it('is frozen, table and rows', () => {
    expect(Object.isFrozen(PROVIDER_ORDER)).toBe(true);
    for (const row of Object.values(PROVIDER_ORDER)) expect(Object.isFrozen(row)).toBe(true);
  });

  it('ends every row with CPU and names only known providers, each once', () => {
    for (const [platform, row] of Object.entries(PROVIDER_ORDER)) {
      expect(row.at(-1), platform).toBe('cpu');
      expect(new Set(row).size, platform).toBe(row.length);
      for (const name of row) expect(PROVIDER_NAMES).toContain(name);
    }
  });

  it('falls back to CPU alone on a platform it does not list', () => {
    expect(providerOrder('freebsd')).toEqual(['cpu']);
    expect(providerOrder('linux')).toBe(PROVIDER_ORDER.linux);
  });
});

describe('chooseProvider', () => {
  it('takes the first usable provider of the platform row for auto', () => {
    expect(chooseProvider('auto', 'linux', usable('cpu', 'webgpu', 'cuda'))).toBe('cuda');
    expect(chooseProvider('auto', 'linux', usable('cpu', 'webgpu'))).toBe('webgpu');
    expect(chooseProvider('auto', 'win32', usable('cpu', 'webgpu', 'dml'))).toBe('dml');
    expect(chooseProvider('auto', 'darwin', usable('cpu', 'coreml'))).toBe('coreml');
  });

  it('ignores providers that are listed but not usable', () => {
    const available = [
      { name: 'cuda' as const, usable: false },
      { name: 'webgpu' as const, usable: false },
      { name: 'cpu' as const, usable: true },
    ];
    expect(chooseProvider('auto', 'linux', available)).toBe('cpu');
  });

  it("ignores usable providers that are not in the platform's row for auto", () => {
    expect(chooseProvider('auto', 'linux', usable('dml', 'coreml', 'cpu'))).toBe('cpu');
  });

  it('honours an explicit request when that provider is usable', () => {
    expect(chooseProvider('webgpu', 'linux', usable('cpu', 'webgpu', 'cuda'))).toBe('webgpu');
    expect(chooseProvider('cpu', 'linux', usable('cpu', 'cuda'))).toBe('cpu');
  });

  it('answers CPU for an explicit request it cannot honour', () => {
    expect(chooseProvider('cuda', 'linux', usable('cpu'))).toBe('cpu');
    expect(chooseProvider('cuda', 'linux', [{ name: 'cuda', usable: false }])).toBe('cpu');
  });

  it('answers CPU when nothing is reported at all', () => {
    expect(chooseProvider('auto', 'linux', [])).toBe('cpu');
    expect(chooseProvider('auto', 'sunos', [])).toBe('cpu');
  });
});

describe('toProviderName', () => {
  it("maps onnxruntime's backend names and drops the ones the lab does not offer", () => {
    for (const name of PROVIDER_NAMES) expect(toProviderName(name)).toBe(name);
    expect(toProviderName('tensorrt')).toBeNull();
    expect(toProviderName('CPU')).toBeNull();
    expect(toProviderName('toString')).toBeNull();
    expect(toProviderName('__proto__')).toBeNull();
  });
});
