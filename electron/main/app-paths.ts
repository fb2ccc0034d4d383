/**
 * Paths for the engine when it runs inside Electron. In a packaged build the
 * app lives in `resources/app.asar`; Electron's patched `fs` reads the renderer
 * and lessons from there, but two consumers cannot:
 * - the job worker: its ESM entry and the packages it imports are loaded in a
 *   utility process by Node's own module loader, so they are unpacked
 *   (electron-builder.yml `asarUnpack`) and the worker starts from
 *   `app.asar.unpacked`;
 * - onnxruntime's native code opens model files by path, so the built-in
 *   models are unpacked too.
 * Pure (no `electron` import), so the mapping is unit-tested.
 */
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppPaths } from '../engine/paths.js';

/** The unpacked twin of an asar root, or null when `root` is not inside an asar archive. */
export function unpackedRootOf(root: string): string | null {
  return basename(root) === 'app.asar' ? join(dirname(root), 'app.asar.unpacked') : null;
}

/**
 * @example electronAppPaths(appPaths('/opt/AIGC Lab/resources/app.asar')).workerUrl.href
 *   // → 'file:///opt/AIGC%20Lab/resources/app.asar.unpacked/dist/node/job-worker.mjs'
 */
export function electronAppPaths(base: AppPaths): AppPaths {
  const unpacked = unpackedRootOf(base.root);
  if (!unpacked) return base;
  return {
    ...base,
    builtinModelsDir: join(unpacked, 'models', 'builtin'),
    workerUrl: pathToFileURL(join(unpacked, 'dist', 'node', 'job-worker.mjs')),
  };
}
