import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LabError } from '../../common/errors.js';
import {
  defaultModelDir,
  formatBytes,
  MODEL_KINDS,
  openModelStore,
  PAUSE,
  type InstallProgress,
  type ModelEntry,
  type ModelKind,
  type ModelStore,
} from '../../engine/models/index.js';
import { call, CliCallError, toJson, type CliCommand, type CliContext } from '../command.js';

const SUBCOMMANDS = ['list', 'info', 'install', 'import', 'remove'] as const;
const VARIANTS = ['fp32', 'quantized', 'all'] as const;

function usageError(detail: string): CliCallError {
  return new CliCallError(new LabError('validation', { messageKey: 'error.models.cliUsage', detail }).toData());
}

async function storeFor(context: CliContext, catalog: string | undefined): Promise<ModelStore> {
  const settings = await call(context.engine, 'settings.get', {});
  return openModelStore({
    root: context.paths.root,
    modelDir: settings.modelDir ?? defaultModelDir(context.dataDir),
    builtinDir: context.paths.builtinModelsDir,
    ...(catalog ? { catalogPath: isAbsolute(catalog) ? catalog : resolve(catalog) } : {}),
  });
}

function entryLine(entry: ModelEntry): string {
  const state = entry.source === 'builtin' ? 'built-in' : entry.installed ? 'installed' : entry.partial ? 'paused' : 'available';
  const size = entry.size === null ? 'size unknown' : formatBytes(entry.size);
  return `  ${entry.id.padEnd(32)} ${entry.kind.padEnd(9)} ${state.padEnd(9)} ${size.padStart(10)}  ${entry.licence ?? ''}${entry.pinned ? '  (hashes pinned locally)' : ''}`;
}

function progressLine(p: InstallProgress): string {
  const total = p.total === null ? '?' : formatBytes(p.total);
  const eta = p.etaSeconds === null ? '' : `  ETA ${Math.ceil(p.etaSeconds)} s`;
  return `${p.file} (${p.fileIndex + 1}/${p.fileCount})  ${formatBytes(p.bytes)} / ${total}  ${formatBytes(p.bytesPerSecond)}/s${eta}`;
}

/**
 * `lab models list|info ID|install ID|import FOLDER|remove ID [--json]`: the
 * model store from the command line, on the same model folder the app uses.
 * `install` prints progress on stderr; Ctrl+C pauses it (run it again to resume).
 */
export const modelsCommand: CliCommand = {
  name: 'models',
  summary:
    'Lists, inspects, downloads (with resume and sha256 checks), imports and removes models in the model folder. install: --variant fp32|quantized|all; import: --id ID, --kind clip|diffusion|detector, --replace; every subcommand: --catalog FILE.json (a mirror).',
  usage: 'models list|info ID|install ID|import FOLDER|remove ID [--json]',
  async run(context) {
    const { argv, json, print } = context;
    const { values, positionals } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        catalog: { type: 'string' },
        variant: { type: 'string', default: 'fp32' },
        id: { type: 'string' },
        kind: { type: 'string' },
        replace: { type: 'boolean', default: false },
      },
    });
    const [sub, target, ...extra] = positionals;
    if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub))
      throw usageError(`the subcommand must be one of ${SUBCOMMANDS.join(', ')}; got ${String(sub)}`);
    if (extra.length > 0) throw usageError(`unexpected arguments: ${extra.join(' ')}`);
    if (sub !== 'list' && !target) throw usageError(`models ${sub} needs ${sub === 'import' ? 'a FOLDER' : 'a model ID'}`);
    const variant = values.variant as string;
    if (!(VARIANTS as readonly string[]).includes(variant)) throw usageError(`--variant must be one of ${VARIANTS.join(', ')}; got ${variant}`);
    if (values.kind !== undefined && !(MODEL_KINDS as readonly string[]).includes(values.kind)) {
      throw usageError(`--kind must be one of ${MODEL_KINDS.join(', ')}; got ${values.kind}`);
    }

    try {
      const store = await storeFor(context, values.catalog);
      if (sub === 'list') {
        const entries = await store.list();
        if (json) print(toJson({ modelDir: store.modelDir, models: entries }));
        else print([`Model folder: ${store.modelDir}`, ...entries.map(entryLine)].join('\n'));
        return 0;
      }
      if (sub === 'info') {
        const info = await store.info(target!);
        if (json) {
          print(toJson(info));
          return 0;
        }
        const tensors = (list: { name: string; type: string | null; shape: (number | string | null)[] | null }[] | undefined): string =>
          (list ?? []).map((t) => `${t.name}: ${t.type ?? '?'}[${(t.shape ?? []).map((d) => d ?? '?').join(', ')}]`).join(', ');
        print(
          [
            `${info.id} (${info.kind}, ${info.source}${info.readOnly ? ', read-only' : ''}): ${info.installed ? `installed in ${info.path}` : 'not installed'}`,
            ...(info.name ? [`  ${info.name.en}`] : []),
            `  Licence: ${info.licence ?? 'unknown'}${info.sourceUrl ? `; source: ${info.sourceUrl}` : ''}`,
            ...(info.pinned ? ['  Sizes/hashes of some files were computed on the first download (see .pinned.json).'] : []),
            '  Files:',
            ...info.files.flatMap((f) => [
              `    ${f.path.padEnd(36)} ${(f.size === null ? '?' : formatBytes(f.size)).padStart(10)}  ${f.sha256 ?? 'sha256 unknown'}`,
              ...(f.inputs ? [`      in:  ${tensors(f.inputs)}`, `      out: ${tensors(f.outputs)}`] : []),
            ]),
          ].join('\n'),
        );
        return 0;
      }
      if (sub === 'install') {
        const controller = new AbortController();
        const onSigint = (): void => controller.abort(PAUSE);
        process.once('SIGINT', onSigint);
        const tty = process.stderr.isTTY;
        let lastLine = 0;
        let lastFile = '';
        try {
          const result = await store.install(target!, {
            variant: variant as (typeof VARIANTS)[number],
            signal: controller.signal,
            onProgress: (p) => {
              const now = Date.now();
              if (tty) process.stderr.write(`\r\x1b[2K${progressLine(p)}`);
              else if (p.file !== lastFile || now - lastLine >= 1000) {
                process.stderr.write(`${progressLine(p)}\n`);
                lastLine = now;
              }
              lastFile = p.file;
            },
          });
          if (tty) process.stderr.write('\n');
          if (result.pinnedFiles.length > 0) {
            process.stderr.write(
              `Note: the catalog has no confirmed size/sha256 for ${result.pinnedFiles.length} file(s); they were computed on this download and pinned in ${result.model.path}/.pinned.json, and later downloads must match them.\n`,
            );
          }
          if (json) print(toJson(result));
          else
            print(result.alreadyInstalled ? `${target} is already installed in ${result.model.path}` : `Installed ${target} in ${result.model.path}`);
          return 0;
        } catch (error) {
          if (tty) process.stderr.write('\n');
          if (controller.signal.aborted) process.stderr.write('Paused; run the same command again to resume.\n');
          throw error;
        } finally {
          process.off('SIGINT', onSigint);
        }
      }
      if (sub === 'import') {
        const info = await store.importFolder(resolve(target!), {
          ...(values.id ? { id: values.id } : {}),
          ...(values.kind ? { kind: values.kind as ModelKind } : {}),
          replace: values.replace,
        });
        if (json) print(toJson(info));
        else print(`Imported ${info.id} (${info.kind}, ${info.files.length} files, ${formatBytes(info.size ?? 0)}) into ${info.path}`);
        return 0;
      }
      await store.remove(target!);
      if (json) print(toJson({ removed: target }));
      else print(`Removed ${target}`);
      return 0;
    } catch (error) {
      if (error instanceof LabError) throw new CliCallError(error.toData());
      throw error;
    }
  },
};
