/**
 * Turns `app.getGPUInfo('basic')` (typed `unknown` by Electron, and shaped
 * differently per platform) into one line for `system.info`. Pure, so the
 * parsing is tested without a GPU.
 */

/** PCI vendor ids of the GPUs a classroom is likely to have. */
const VENDORS: Readonly<Record<number, string>> = Object.freeze({
  0x10de: 'NVIDIA',
  0x1002: 'AMD',
  0x1022: 'AMD',
  0x8086: 'Intel',
  0x106b: 'Apple',
  0x5143: 'Qualcomm',
  0x13b5: 'ARM',
  0x15ad: 'VMware',
  0x1af4: 'Virtio',
  0x1414: 'Microsoft',
});

interface GpuDevice {
  active?: unknown;
  vendorId?: unknown;
  deviceId?: unknown;
  vendorString?: unknown;
  deviceString?: unknown;
  driverVendor?: unknown;
  driverVersion?: unknown;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
const hex = (value: number): string => `0x${value.toString(16).padStart(4, '0')}`;

/**
 * @example describeGpuInfo({ gpuDevice: [{ active: true, vendorId: 0x10de, deviceId: 0x2684, driverVersion: '550.54' }] })
 *   // → 'NVIDIA 0x2684 (driver 550.54)'
 * @example describeGpuInfo({ gpuDevice: [] }) // → null
 */
export function describeGpuInfo(info: unknown): string | null {
  if (typeof info !== 'object' || info === null) return null;
  const devices = (info as { gpuDevice?: unknown }).gpuDevice;
  if (!Array.isArray(devices) || devices.length === 0) return null;
  const all = devices.filter((d): d is GpuDevice => typeof d === 'object' && d !== null);
  const device = all.find((d) => d.active === true) ?? all[0];
  if (!device) return null;

  const vendorId = typeof device.vendorId === 'number' ? device.vendorId : null;
  const deviceId = typeof device.deviceId === 'number' ? device.deviceId : null;
  // Chromium reports 0/0 when it draws in software (SwiftShader), e.g. on a GPU-less Linux box.
  if (vendorId === 0 && deviceId === 0 && !text(device.deviceString)) return 'software rendering (no GPU in use)';

  const vendor = text(device.vendorString) ?? (vendorId !== null ? (VENDORS[vendorId] ?? `vendor ${hex(vendorId)}`) : null);
  const name = text(device.deviceString) ?? (deviceId !== null ? hex(deviceId) : null);
  const label = [vendor, name].filter((part): part is string => part !== null).join(' ');
  if (label === '') return null;
  const driver = text(device.driverVersion);
  return driver ? `${label} (driver ${driver})` : label;
}
