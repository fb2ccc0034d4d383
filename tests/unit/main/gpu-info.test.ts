import { describe, expect, it } from 'vitest';
import { describeGpuInfo } from '../../../electron/main/gpu-info';

describe('describeGpuInfo', () => {
  it.each([
    [{ gpuDevice: [{ active: true, vendorId: 0x10de, deviceId: 0x2684, driverVersion: '550.54' }] }, 'NVIDIA 0x2684 (driver 550.54)'],
    [
      {
        gpuDevice: [
          { active: false, vendorId: 0x8086, deviceId: 0x9a49 },
          { active: true, vendorId: 0x1002, deviceId: 0x73bf, deviceString: 'Radeon RX 6800' },
        ],
      },
      'AMD Radeon RX 6800',
    ],
    [{ gpuDevice: [{ vendorId: 0x1234, deviceId: 0x1 }] }, 'vendor 0x1234 0x0001'],
    [{ gpuDevice: [{ vendorId: 0, deviceId: 0 }] }, 'software rendering (no GPU in use)'],
    [{ gpuDevice: [{ vendorString: 'Apple', deviceString: 'Apple M2' }] }, 'Apple Apple M2'],
    [{ gpuDevice: [] }, null],
    [{ gpuDevice: [{}] }, null],
    [{}, null],
    [null, null],
    ['nonsense', null],
  ])('%j → %s', (info, expected) => {
    expect(describeGpuInfo(info)).toBe(expected);
  });
});
