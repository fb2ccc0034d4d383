/**
 * The model store: the built-in models (read-only, shipped in models/builtin/),
 * the catalog's downloadable models and the user's model folder.
 *
 * Layout of the user's model folder:
 *   <modelDir>/<id>/                 an installed model (only ever appears complete)
 *   <modelDir>/<id>/.model.json      what was installed: kind, source, every file's size and sha256
 *   <modelDir>/<id>/.pinned.json     sizes/hashes computed on first download where the catalog had none
 *   <modelDir>/.staging/<id>/…       downloads in progress (`.part` files resume) and imports being copied
 *   <modelDir>/.trash/               folders being replaced or removed
 *
 * A model is installed by downloading or copying everything into staging,
 * verifying it, then renaming the staging folder into place, so a model that
 * is half there is never listed as installed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, link, readdir, readFile, rename, rm, stat, statfs as nodeStatfs } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { z } from 'zod';
import { LabError } from '../../common/errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { ensureDirectory } from '../fs/ensure-directory.js';
import { filesFor, modelKindSchema, type Catalog, type CatalogModel, type ModelKind, type VariantChoice } from './catalog.js';
import { cancelledError, diskFullError, downloadFile, type ExpectedFile } from './download.js';
import { checkModelFolder, detectKind, listFiles, onnxIoOf } from './layout.js';
import type { OnnxTensorInfo } from './onnx-io.js';

export type ModelSource = 'builtin' | 'catalog' | 'import';

/** `fs.statfs` or a stand-in (tests inject a full disk). */
export type StatFs = (path: string) => Promise<{ bavail: number | bigint; bsize: number | bigint }>;

export interface ModelStoreOptions {
  /** The user's model folder (settings.modelDir, or <dataDir>/models). */
  modelDir: string;
  /** models/builtin/ of the app; null or a missing folder means no built-ins. */
  builtinDir: string | null;
  catalog: Catalog;
  fetch?: typeof fetch;
  statfs?: StatFs;
}

export interface ModelEntry {
  id: string;
  kind: ModelKind;
  source: ModelSource;
  installed: boolean;
  /** Built-ins cannot be removed or replaced. */
  readOnly: boolean;
  name: { en: string; 'zh-CN': string } | null;
  licence: string | null;
  sourceUrl: string | null;
  /** The folder when installed (or built in), else null. */
  path: string | null;
  /** Bytes on disk when installed; the catalog's total when every size is known; else null. */
  size: number | null;
  /** True when some sizes/hashes were computed on this computer's first download, not confirmed by the catalog. */
  pinned: boolean;
  /** A download was paused or interrupted and can resume. */
  partial: boolean;
}

export interface ModelFileDetail {
  path: string;
  size: number | null;
  sha256: string | null;
  url: string | null;
  inputs?: OnnxTensorInfo[];
  outputs?: OnnxTensorInfo[];
}

export interface ModelInfo extends ModelEntry {
  files: ModelFileDetail[];
}

export interface InstallProgress {
  modelId: string;
  /** The file being fetched (relative path) and its place in the list. */
  file: string;
  fileIndex: number;
  fileCount: number;
  /** Bytes of the whole model on disk so far, resumed ones included. */
  bytes: number;
  /** Bytes of the whole model, null until every file's size is known. */
  total: number | null;
  bytesPerSecond: number;
  /** Seconds left at the current speed, null when unknown. */
  etaSeconds: number | null;
}

export interface InstallOptions {
  /** Full-precision ONNX files, the quantized ones, or both; shared files always come. Default 'fp32'. */
  variant?: VariantChoice;
  /** Abort with reason PAUSE to keep the `.part` files for a later resume; any other abort cancels and deletes them. */
  signal?: AbortSignal;
  onProgress?: (progress: InstallProgress) => void;
  /** Automatic resumes after a dropped connection or truncated body (default 2). */
  retries?: number;
  /** Milliseconds before the first retry; doubles each time (default 1000). */
  retryDelayMs?: number;
}

export interface InstallResult {
  model: ModelEntry;
  alreadyInstalled: boolean;
  /** Files whose size and sha256 were unknown and are now pinned in `.pinned.json`. */
  pinnedFiles: string[];
  /** Set when something was pinned: the key of the notice to show the user. */
  noticeKey: 'models.notice.pinned' | null;
}

export interface ImportOptions {
  /** Defaults to the folder's name, lower-cased. */
  id?: string;
  kind?: ModelKind;
  /** Replace an installed model of the same id. */
  replace?: boolean;
  /** A diffusion config filled in by the import dialog: checked, and written as config.json when the folder has none. */
  diffusionConfig?: Record<string, unknown>;
}

/** `controller.abort(PAUSE)` pauses an install: its partial files stay for the next install call. */
export const PAUSE = 'pause';

const STAGING = '.staging';
const TRASH = '.trash';
const MANIFEST = '.model.json';
const PINNED = '.pinned.json';
/** Room kept free beyond the download itself. */
const SPACE_MARGIN = 16 * 1024 * 1024;
const PROGRESS_INTERVAL_MS = 100;

const manifestFileSchema = z.object({ path: z.string(), size: z.number().int().nonnegative(), sha256: z.string() });
const manifestSchema = z.object({
  id: z.string(),
  kind: modelKindSchema,
  source: z.enum(['catalog', 'import']),
  installedAt: z.string(),
  files: z.array(manifestFileSchema),
});
type Manifest = z.infer<typeof manifestSchema>;

const pinnedSchema = z.object({
  note: z.string().optional(),
  files: z.record(z.string(), z.object({ size: z.number().int().nonnegative(), sha256: z.string(), url: z.string(), pinnedAt: z.string() })),
});
type Pinned = z.infer<typeof pinnedSchema>;

const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;

async function readJsonFile<T>(path: string, schema: z.ZodType<T>): Promise<T | null> {
  try {
    const result = schema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Copies a file and hashes it in the same pass. */
async function copyHashing(from: string, to: string): Promise<string> {
  const hash = createHash('sha256');
  await ensureDirectory(dirname(to));
  await pipeline(
    createReadStream(from),
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    }),
    createWriteStream(to),
  );
  return hash.digest('hex');
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError());
    const timer = setTimeout(done, ms);
    function done(): void {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort(): void {
      clearTimeout(timer);
      reject(cancelledError());
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function isRetryable(error: unknown): boolean {
  return error instanceof LabError && ['error.models.connectionDropped', 'error.models.truncated'].includes(error.messageKey);
}

function unknownModel(id: string): LabError {
  return new LabError('notFound', {
    messageKey: 'error.models.unknown',
    params: { id },
    detail: `no model "${id}" in the catalog, the built-ins or the model folder`,
  });
}

export class ModelStore {
  readonly modelDir: string;
  private readonly builtinDir: string | null;
  private readonly catalog: Catalog;
  private readonly fetchImpl: typeof fetch | undefined;
  private readonly statfs: StatFs;
  private readonly busy = new Set<string>();

  constructor(options: ModelStoreOptions) {
    this.modelDir = options.modelDir;
    this.builtinDir = options.builtinDir;
    this.catalog = options.catalog;
    this.fetchImpl = options.fetch;
    this.statfs = options.statfs ?? ((path) => nodeStatfs(path));
  }

  /**
   * Every model: built-ins, installed ones, and catalog models not yet installed.
   *
   * @example await store.list() // → [{ id: 'shapes-clip', kind: 'clip', source: 'builtin', installed: true, readOnly: true, … }, { id: 'clip-vit-base-patch32', installed: false, … }]
   */
  async list(): Promise<ModelEntry[]> {
    const entries: ModelEntry[] = [];
    const builtinIds = await this.builtinIds();
    for (const id of builtinIds) {
      const entry = await this.builtinEntry(id);
      if (entry) entries.push(entry);
    }
    const seen = new Set(entries.map((e) => e.id));
    for (const id of await this.installedIds()) {
      if (seen.has(id)) continue;
      const entry = await this.installedEntry(id);
      if (entry) {
        entries.push(entry);
        seen.add(id);
      }
    }
    for (const model of this.catalog.models) {
      if (!seen.has(model.id)) entries.push(await this.catalogEntry(model));
    }
    return entries;
  }

  /** One model with its files, sizes, hashes and every ONNX file's inputs and outputs. */
  async info(id: string): Promise<ModelInfo> {
    const entry = (await this.list()).find((e) => e.id === id);
    if (!entry) throw unknownModel(id);
    const model = this.catalogModel(id);
    if (!entry.installed || !entry.path) {
      return { ...entry, files: (model?.files ?? []).map((f) => ({ path: f.path, size: f.size, sha256: f.sha256, url: f.url })) };
    }
    const manifest = entry.source === 'builtin' ? null : await readJsonFile(join(entry.path, MANIFEST), manifestSchema);
    const files: ModelFileDetail[] = [];
    for (const file of await listFiles(entry.path)) {
      const recorded = manifest?.files.find((f) => f.path === file.path);
      const detail: ModelFileDetail = {
        path: file.path,
        size: file.size,
        sha256: recorded?.sha256 ?? null,
        url: model?.files.find((f) => f.path === file.path)?.url ?? null,
      };
      if (file.path.endsWith('.onnx')) {
        const io = await onnxIoOf(entry.path, file.path).catch(() => null);
        if (io) Object.assign(detail, { inputs: io.inputs, outputs: io.outputs });
      }
      files.push(detail);
    }
    return { ...entry, files };
  }

  /**
   * Downloads a catalog model into staging, verifies every file, and moves it into place.
   *
   * @example await store.install('clip-vit-base-patch32', { onProgress: (p) => console.log(p.bytes, p.total) }) // → { model: { installed: true, … }, pinnedFiles: [...], noticeKey: 'models.notice.pinned', alreadyInstalled: false }
   */
  async install(id: string, options: InstallOptions = {}): Promise<InstallResult> {
    const model = this.catalogModel(id);
    if (!model) {
      if ((await this.builtinIds()).includes(id))
        return { model: (await this.builtinEntry(id))!, alreadyInstalled: true, pinnedFiles: [], noticeKey: null };
      throw unknownModel(id);
    }
    return this.exclusive(id, () => this.installLocked(model, options));
  }

  /**
   * Copies a model folder (a USB stick) into the model folder after checking its
   * layout and its ONNX files' tensor names; the copy is installed atomically.
   *
   * @example await store.importFolder('/media/usb/clip-vit-base-patch32') // → { id: 'clip-vit-base-patch32', kind: 'clip', source: 'import', installed: true, … }
   */
  async importFolder(source: string, options: ImportOptions = {}): Promise<ModelInfo> {
    const id =
      options.id ??
      basename(source)
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/^[^a-z0-9]+/, '');
    if (!ID_PATTERN.test(id)) throw new LabError('validation', { messageKey: 'error.models.badId', params: { id } });
    if ((await this.builtinIds()).includes(id)) throw new LabError('unsupported', { messageKey: 'error.models.builtinReadOnly', params: { id } });
    const check = await checkModelFolder(source, options.kind, options.diffusionConfig ? { diffusionConfig: options.diffusionConfig } : {});
    const catalogModel = this.catalogModel(id);
    if (catalogModel && catalogModel.kind !== check.kind) {
      throw new LabError('modelInvalid', {
        messageKey: 'error.models.kindMismatch',
        params: { id, expected: catalogModel.kind, actual: check.kind },
      });
    }
    await this.exclusive(id, async () => {
      const target = join(this.modelDir, id);
      if ((await isDirectory(target)) && !options.replace)
        throw new LabError('busy', { messageKey: 'error.models.alreadyInstalled', params: { id } });
      const needed = check.files.reduce((sum, f) => sum + f.size, 0);
      await ensureDirectory(this.modelDir);
      await this.ensureSpace(needed);
      const staging = join(this.modelDir, STAGING, `import-${id}-${randomBytes(4).toString('hex')}`);
      try {
        const files: Manifest['files'] = [];
        for (const file of check.files) {
          const sha256 = await copyHashing(join(source, file.path), join(staging, file.path)).catch((error: NodeJS.ErrnoException) => {
            if (error.code === 'ENOSPC') throw diskFullError(needed, null, error.message);
            throw new LabError('fileAccess', { params: { path: join(source, file.path) }, detail: error.message });
          });
          // A model the catalog knows must be the catalog's bytes, whichever way it arrived.
          const listed = catalogModel?.files.find((f) => f.path === file.path);
          if (listed?.sha256 && listed.sha256 !== sha256) {
            throw new LabError('modelInvalid', {
              messageKey: 'error.models.hashMismatch',
              params: { file: file.path },
              detail: `${file.path}: sha256 ${sha256}, catalog ${listed.sha256}`,
            });
          }
          files.push({ path: file.path, size: file.size, sha256 });
        }
        if (check.kind === 'diffusion' && options.diffusionConfig && !check.files.some((file) => file.path === 'config.json')) {
          // The folder had no config: the one the dialog filled (and checkModelFolder validated) becomes the model's.
          const text = `${JSON.stringify(options.diffusionConfig, null, 2)}\n`;
          await writeFileAtomic(join(staging, 'config.json'), text);
          files.push({ path: 'config.json', size: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') });
        }
        const manifest: Manifest = { id, kind: check.kind, source: 'import', installedAt: new Date().toISOString(), files };
        await writeFileAtomic(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
        await this.moveIntoPlace(staging, target);
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
    });
    return this.info(id);
  }

  /** Deletes an installed model (and any paused download of it); built-ins cannot be removed. */
  async remove(id: string): Promise<void> {
    if ((await this.builtinIds()).includes(id)) throw new LabError('unsupported', { messageKey: 'error.models.builtinReadOnly', params: { id } });
    if (!ID_PATTERN.test(id)) throw unknownModel(id);
    await this.exclusive(id, async () => {
      const target = join(this.modelDir, id);
      const staging = join(this.modelDir, STAGING, id);
      const installed = await isDirectory(target);
      if (!installed && !(await isDirectory(staging))) throw new LabError('notFound', { messageKey: 'error.models.notInstalled', params: { id } });
      if (installed) {
        const trash = join(this.modelDir, TRASH, `${id}-${randomBytes(4).toString('hex')}`);
        await ensureDirectory(dirname(trash));
        await rename(target, trash);
        await rm(trash, { recursive: true, force: true });
      }
      await rm(staging, { recursive: true, force: true });
    });
  }

  /** Deletes a paused download's partial files and leaves an installed copy alone; false when there were none. */
  async discardPartial(id: string): Promise<boolean> {
    if (!ID_PATTERN.test(id)) throw unknownModel(id);
    return this.exclusive(id, async () => {
      const staging = join(this.modelDir, STAGING, id);
      if (!(await isDirectory(staging))) return false;
      await rm(staging, { recursive: true, force: true });
      return true;
    });
  }

  // -------------------------------------------------------------------------

  private catalogModel(id: string): CatalogModel | undefined {
    return this.catalog.models.find((m) => m.id === id);
  }

  private async exclusive<T>(id: string, work: () => Promise<T>): Promise<T> {
    if (this.busy.has(id)) throw new LabError('busy', { messageKey: 'error.models.busy', params: { id } });
    this.busy.add(id);
    try {
      return await work();
    } finally {
      this.busy.delete(id);
    }
  }

  private async builtinIds(): Promise<string[]> {
    if (!this.builtinDir) return [];
    const entries = await readdir(this.builtinDir, { withFileTypes: true }).catch(() => []);
    return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  }

  private async installedIds(): Promise<string[]> {
    const entries = await readdir(this.modelDir, { withFileTypes: true }).catch(() => []);
    return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  }

  private async builtinEntry(id: string): Promise<ModelEntry | null> {
    const path = join(this.builtinDir!, id);
    const files = await listFiles(path).catch(() => []);
    const kind = detectKind(files.map((f) => f.path));
    // A built-in still being trained (no ONNX yet) is not offered.
    if (!kind) return null;
    return {
      id,
      kind,
      source: 'builtin',
      installed: true,
      readOnly: true,
      name: null,
      licence: 'MIT',
      sourceUrl: null,
      path,
      size: files.reduce((sum, f) => sum + f.size, 0),
      pinned: false,
      partial: false,
    };
  }

  private async installedEntry(id: string): Promise<ModelEntry | null> {
    const path = join(this.modelDir, id);
    const manifest = await readJsonFile(join(path, MANIFEST), manifestSchema);
    if (!manifest) return null;
    const model = this.catalogModel(id);
    const pinned = await readJsonFile(join(path, PINNED), pinnedSchema);
    return {
      id,
      kind: manifest.kind,
      source: manifest.source,
      installed: true,
      readOnly: false,
      name: model?.name ?? null,
      licence: model?.licence ?? null,
      sourceUrl: model?.sourceUrl ?? null,
      path,
      size: manifest.files.reduce((sum, f) => sum + f.size, 0),
      pinned: pinned !== null && Object.keys(pinned.files).length > 0,
      partial: await isDirectory(join(this.modelDir, STAGING, id)),
    };
  }

  private async catalogEntry(model: CatalogModel): Promise<ModelEntry> {
    const files = filesFor(model, 'fp32');
    const known = files.every((f) => f.size !== null);
    return {
      id: model.id,
      kind: model.kind,
      source: 'catalog',
      installed: false,
      readOnly: false,
      name: model.name,
      licence: model.licence,
      sourceUrl: model.sourceUrl,
      path: null,
      size: known ? files.reduce((sum, f) => sum + f.size!, 0) : null,
      pinned: false,
      partial: await isDirectory(join(this.modelDir, STAGING, model.id)),
    };
  }

  /** Throws error.models.diskFull when `bytes` (plus a margin) do not fit in the model folder's file system. */
  private async ensureSpace(bytes: number): Promise<void> {
    if (bytes <= 0) return;
    let available: number;
    try {
      const info = await this.statfs(this.modelDir);
      available = Number(info.bavail) * Number(info.bsize);
    } catch {
      return; // statfs unsupported here: the write itself will report ENOSPC
    }
    if (bytes + SPACE_MARGIN > available) {
      throw diskFullError(bytes + SPACE_MARGIN, available, `need ${bytes} bytes plus ${SPACE_MARGIN} spare in ${this.modelDir}; ${available} free`);
    }
  }

  /** Renames a complete staging folder to `target`, replacing (via the trash) what was there. */
  private async moveIntoPlace(staging: string, target: string): Promise<void> {
    let trash: string | null = null;
    if (await isDirectory(target)) {
      trash = join(this.modelDir, TRASH, `${basename(target)}-${randomBytes(4).toString('hex')}`);
      await ensureDirectory(dirname(trash));
      await rename(target, trash);
    }
    try {
      await rename(staging, target);
    } catch (error) {
      if (trash) await rename(trash, target).catch(() => undefined);
      throw new LabError('fileAccess', { params: { path: target }, detail: (error as Error).message });
    }
    if (trash) await rm(trash, { recursive: true, force: true });
  }

  private async installLocked(model: CatalogModel, options: InstallOptions): Promise<InstallResult> {
    const { signal } = options;
    const variant = options.variant ?? 'fp32';
    const wanted = filesFor(model, variant);
    const target = join(this.modelDir, model.id);
    const current = await readJsonFile(join(target, MANIFEST), manifestSchema);
    const oldPins = (await readJsonFile(join(target, PINNED), pinnedSchema)) ?? { files: {} };
    const expectedOf = (path: string): ExpectedFile => {
      const listed = model.files.find((f) => f.path === path)!;
      const pin = oldPins.files[path];
      return { size: listed.size ?? pin?.size ?? null, sha256: listed.sha256 ?? pin?.sha256 ?? null };
    };
    /** An installed file can be reused when its recorded hash is the one expected now. */
    const reusable = (path: string): boolean => {
      const recorded = current?.files.find((f) => f.path === path);
      const expected = expectedOf(path);
      return recorded !== undefined && (expected.sha256 === null || expected.sha256 === recorded.sha256);
    };
    if (current && wanted.every((f) => reusable(f.path))) {
      return { model: (await this.installedEntry(model.id))!, alreadyInstalled: true, pinnedFiles: [], noticeKey: null };
    }

    const staging = join(this.modelDir, STAGING, model.id);
    await ensureDirectory(staging);
    const toFetch = wanted.filter((f) => !reusable(f.path));
    const partBytes = new Map<string, number>();
    for (const file of toFetch)
      partBytes.set(
        file.path,
        await stat(join(staging, `${file.path}.part`)).then(
          (s) => s.size,
          () => 0,
        ),
      );
    await this.ensureSpace(toFetch.reduce((sum, f) => sum + Math.max(0, (expectedOf(f.path).size ?? 0) - (partBytes.get(f.path) ?? 0)), 0));

    // Progress over the whole model: finished files plus the current one.
    const sizes = new Map<string, number | null>(toFetch.map((f) => [f.path, expectedOf(f.path).size]));
    const done = new Map<string, number>(partBytes);
    const started = Date.now();
    const startBytes = [...partBytes.values()].reduce((a, b) => a + b, 0);
    let lastEmit = 0;
    // Throttled, but the latest state always goes out (a stalled server still shows where it stopped).
    let trailing: NodeJS.Timeout | null = null;
    const emit = (file: string, fileIndex: number, force: boolean): void => {
      if (!options.onProgress) return;
      const now = Date.now();
      if (!force && now - lastEmit < PROGRESS_INTERVAL_MS) {
        trailing ??= setTimeout(
          () => {
            trailing = null;
            emit(file, fileIndex, true);
          },
          PROGRESS_INTERVAL_MS - (now - lastEmit),
        );
        return;
      }
      if (trailing) clearTimeout(trailing);
      trailing = null;
      lastEmit = now;
      const bytes = [...done.values()].reduce((a, b) => a + b, 0);
      const total = [...sizes.values()].every((s) => s !== null) ? [...sizes.values()].reduce((a: number, b) => a + b!, 0) : null;
      const seconds = Math.max((now - started) / 1000, 1e-3);
      const bytesPerSecond = Math.max(0, bytes - startBytes) / seconds;
      const etaSeconds = total !== null && bytesPerSecond > 0 ? Math.max(0, total - bytes) / bytesPerSecond : null;
      options.onProgress({ modelId: model.id, file, fileIndex, fileCount: toFetch.length, bytes, total, bytesPerSecond, etaSeconds });
    };

    const results = new Map<string, { size: number; sha256: string }>();
    const pinnedFiles: string[] = [];
    try {
      for (const [fileIndex, file] of toFetch.entries()) {
        const partPath = join(staging, `${file.path}.part`);
        await ensureDirectory(dirname(partPath));
        const expected = expectedOf(file.path);
        let retries = options.retries ?? 2;
        let delay = options.retryDelayMs ?? 1000;
        emit(file.path, fileIndex, true);
        for (;;) {
          try {
            const got = await downloadFile({
              url: file.url,
              partPath,
              file: file.path,
              expected,
              signal,
              fetch: this.fetchImpl,
              ensureSpace: (bytes) => this.ensureSpace(bytes),
              onBytes: (received, total) => {
                done.set(file.path, received);
                if (total !== null) sizes.set(file.path, total);
                emit(file.path, fileIndex, false);
              },
            });
            results.set(file.path, got);
            sizes.set(file.path, got.size);
            done.set(file.path, got.size);
            if (expected.size === null || expected.sha256 === null) pinnedFiles.push(file.path);
            break;
          } catch (error) {
            if (retries <= 0 || !isRetryable(error) || signal?.aborted) throw error;
            retries--;
            await sleep(delay, signal);
            delay *= 2;
          }
        }
        emit(file.path, fileIndex, true);
      }

      // Everything verified: name the files, carry over installed files this install did not fetch, record, swap in.
      const files: Manifest['files'] = [];
      for (const file of toFetch) {
        await rename(join(staging, `${file.path}.part`), join(staging, file.path));
        files.push({ path: file.path, ...results.get(file.path)! });
      }
      for (const recorded of current?.files ?? []) {
        if (files.some((f) => f.path === recorded.path)) continue;
        const from = join(target, recorded.path);
        const to = join(staging, recorded.path);
        await ensureDirectory(dirname(to));
        await link(from, to).catch(() => copyFile(from, to));
        files.push(recorded);
      }
      const manifest: Manifest = { id: model.id, kind: model.kind, source: 'catalog', installedAt: new Date().toISOString(), files };
      await writeFileAtomic(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
      const pins: Pinned = {
        note: 'Sizes and sha256 computed on the first download because models/catalog.json had none for these files; later downloads must match them.',
        files: { ...oldPins.files },
      };
      const pinnedAt = new Date().toISOString();
      for (const path of pinnedFiles) {
        const got = results.get(path)!;
        pins.files[path] = { size: got.size, sha256: got.sha256, url: model.files.find((f) => f.path === path)!.url, pinnedAt };
      }
      if (Object.keys(pins.files).length > 0) await writeFileAtomic(join(staging, PINNED), `${JSON.stringify(pins, null, 2)}\n`);
      await ensureDirectory(this.modelDir);
      await this.moveIntoPlace(staging, target);
      if (trailing) clearTimeout(trailing);
    } catch (error) {
      if (trailing) clearTimeout(trailing);
      const paused = signal?.aborted && signal.reason === PAUSE;
      const keep = paused || (error instanceof LabError && error.code === 'network');
      if (!keep) await rm(staging, { recursive: true, force: true });
      throw error;
    }
    return {
      model: (await this.installedEntry(model.id))!,
      alreadyInstalled: false,
      pinnedFiles,
      noticeKey: pinnedFiles.length > 0 ? 'models.notice.pinned' : null,
    };
  }
}

/** Verifies installed files against their recorded hashes (for a "check" button); returns the paths that differ. */
export async function verifyInstalled(folder: string): Promise<string[]> {
  const manifest = await readJsonFile(join(folder, MANIFEST), manifestSchema);
  if (!manifest) throw new LabError('modelInvalid', { messageKey: 'error.models.notInstalled', params: { id: basename(folder) } });
  const bad: string[] = [];
  for (const file of manifest.files) {
    const sha256 = await sha256OfFile(join(folder, file.path)).catch(() => null);
    if (sha256 !== file.sha256) bad.push(file.path);
  }
  return bad;
}
