/** Finding the Electron binary without electron's download-on-require, against fake installs. */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { displayAvailable, electronEnv, findElectronBinary, runElectronInstaller } from '../../../scripts/electron-binary.mjs';

let root: string;
let packageDir: string;

beforeEach(async () => {
  root = await mkdtemp(join(os.tmpdir(), 'aigc-lab-electron-binary-'));
  packageDir = join(root, 'node_modules', 'electron');
  await mkdir(join(packageDir, 'dist'), { recursive: true });
  await writeFile(join(root, 'package.json'), '{"name":"fake"}');
  await writeFile(join(packageDir, 'package.json'), '{"name":"electron","version":"45.4.1","main":"index.js"}');
  // If anything required the package, this would throw: the resolver must never load it.
  await writeFile(join(packageDir, 'index.js'), 'throw new Error("index.js must not be required")');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('findElectronBinary', () => {
  it('reports a missing package', async () => {
    await rm(join(root, 'node_modules'), { recursive: true });
    expect(findElectronBinary(root, {})).toEqual({ ok: false, reason: 'the electron package is not installed' });
  });

  it('reports a binary that was never downloaded, with the installer to run', () => {
    expect(findElectronBinary(root, {})).toEqual({ ok: false, reason: 'its binary is not installed', installer: join(packageDir, 'install.js') });
  });

  it('reports a path.txt whose file is gone', async () => {
    await writeFile(join(packageDir, 'path.txt'), 'electron');
    expect(findElectronBinary(root, {})).toMatchObject({ ok: false, installer: join(packageDir, 'install.js') });
  });

  it.skipIf(process.platform === 'win32')('reports a binary that is not executable', async () => {
    await writeFile(join(packageDir, 'path.txt'), 'electron');
    await writeFile(join(packageDir, 'dist', 'electron'), '');
    await chmod(join(packageDir, 'dist', 'electron'), 0o644);
    expect(findElectronBinary(root, {})).toMatchObject({ ok: false, reason: expect.stringMatching(/not executable/) });
  });

  it('finds an installed binary the way index.js does', async () => {
    await writeFile(join(packageDir, 'path.txt'), 'electron');
    await writeFile(join(packageDir, 'dist', 'electron'), '#!/bin/sh\n');
    await chmod(join(packageDir, 'dist', 'electron'), 0o755);
    expect(findElectronBinary(root, {})).toEqual({ ok: true, path: join(packageDir, 'dist', 'electron') });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH', async () => {
    const override = join(root, 'custom');
    await mkdir(override);
    await writeFile(join(override, 'electron'), '#!/bin/sh\n');
    await chmod(join(override, 'electron'), 0o755);
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: override })).toEqual({ ok: true, path: join(override, 'electron') });
  });
});

describe('runElectronInstaller', () => {
  it('resolves true on success and false on failure or timeout', async () => {
    await writeFile(join(root, 'ok.js'), 'process.exit(0)');
    await writeFile(join(root, 'fail.js'), 'process.exit(1)');
    await writeFile(join(root, 'hang.js'), 'setInterval(() => {}, 1000)');
    expect(await runElectronInstaller(join(root, 'ok.js'), 5000)).toBe(true);
    expect(await runElectronInstaller(join(root, 'fail.js'), 5000)).toBe(false);
    const started = Date.now();
    expect(await runElectronInstaller(join(root, 'hang.js'), 300)).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('environment', () => {
  it('needs DISPLAY or WAYLAND_DISPLAY on Linux only', () => {
    expect(displayAvailable({}, 'linux')).toBe(false);
    expect(displayAvailable({ DISPLAY: ':0' }, 'linux')).toBe(true);
    expect(displayAvailable({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(displayAvailable({}, 'darwin')).toBe(true);
    expect(displayAvailable({}, 'win32')).toBe(true);
  });

  it('drops ELECTRON_RUN_AS_NODE, which would start Electron as plain Node', () => {
    const env = electronEnv({ AIGC_LAB_DATA_DIR: '/tmp/x' }, { ELECTRON_RUN_AS_NODE: '1', PATH: '/bin' });
    expect(env).toEqual({ PATH: '/bin', AIGC_LAB_DATA_DIR: '/tmp/x' });
  });
});
