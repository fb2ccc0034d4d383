import { describe, expect, it } from 'vitest';
import { withoutKnownNoise } from '../../../../electron/engine/jobs/worker-channel';

const VULKAN =
  "Warning: Couldn't load Vulkan: libvulkan.so.1: cannot open shared object file: No such file or directory\n" +
  '    at operator() (/build/Release/_deps/dawn-src/src/dawn/native/vulkan/BackendVk.cpp:368)\n\n';

describe('withoutKnownNoise', () => {
  it("drops Dawn's Vulkan loader warning and nothing else", () => {
    expect(withoutKnownNoise(VULKAN)).toBe('');
    expect(withoutKnownNoise(`${VULKAN}Error: real trouble\n`)).toBe('Error: real trouble\n');
    expect(withoutKnownNoise('Warning: something else\n')).toBe('Warning: something else\n');
  });
});
