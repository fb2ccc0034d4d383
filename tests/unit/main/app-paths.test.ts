/** In a packaged build the worker and the built-in models come from app.asar.unpacked; in development nothing moves. */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { electronAppPaths, unpackedRootOf } from '../../../electron/main/app-paths';
import { appPaths } from '../../../electron/engine/paths';

describe('electronAppPaths', () => {
  it('changes nothing outside an asar archive', () => {
    const dev = appPaths(resolve('/home/teacher/aigc-lab'));
    expect(electronAppPaths(dev)).toEqual(dev);
    expect(unpackedRootOf(dev.root)).toBeNull();
  });

  it('starts the worker and reads built-in models from app.asar.unpacked when packaged', () => {
    const resources = resolve('/opt/AIGC Lab/resources');
    const packaged = electronAppPaths(appPaths(join(resources, 'app.asar')));
    expect(packaged.workerUrl.href).toBe(pathToFileURL(join(resources, 'app.asar.unpacked', 'dist', 'node', 'job-worker.mjs')).href);
    expect(packaged.builtinModelsDir).toBe(join(resources, 'app.asar.unpacked', 'models', 'builtin'));
    // Electron's fs reads these from inside the archive.
    expect(packaged.rendererDir).toBe(join(resources, 'app.asar', 'dist', 'renderer'));
    expect(packaged.lessonsDir).toBe(join(resources, 'app.asar', 'lessons'));
  });
});
