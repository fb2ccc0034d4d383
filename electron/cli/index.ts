/**
 * `npm run lab -- <command> [--json]` and the `aigc-lab` bin: the same handler
 * table as the windows, without a window. Exit code 0 on success, 1 on a
 * failed check, 2 on bad usage or an API error (printed as JSON with --json).
 */
import { access, constants, mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../engine/index.js';
import { appPathsFromModule, defaultDataDir, readAppVersion } from '../engine/paths.js';
import { describeGpuWithoutElectron } from '../engine/system/info.js';
import { CliCallError, toJson, type CliCommand } from './command.js';
import { COMMANDS } from './commands/index.js';

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return [
    'Usage: aigc-lab <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command: --json (machine-readable output), --help.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const rest = argv.filter((arg) => arg !== '--json');
  const [name, ...args] = rest;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command: CliCommand | undefined = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  if (args.includes('--help')) {
    console.log(`Usage: aigc-lab ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  const paths = appPathsFromModule(import.meta.url);
  // A read-only data folder must not stop a one-shot command; fall back to a temp folder.
  const dataDir = await (async () => {
    const preferred = defaultDataDir();
    try {
      await mkdir(preferred, { recursive: true });
      await access(preferred, constants.W_OK);
      return preferred;
    } catch {
      return mkdtemp(join(os.tmpdir(), 'aigc-lab-'));
    }
  })();
  const engine = await createEngine({
    appVersion: readAppVersion(paths.root),
    paths,
    dataDir,
    host: { kind: 'cli', electronVersion: null, describeGpu: describeGpuWithoutElectron, openExternal: async () => false },
  });
  try {
    return await command.run({ engine, argv: args, json, print: (text) => console.log(text), paths, dataDir });
  } catch (error) {
    if (error instanceof CliCallError) {
      if (json) console.log(toJson({ error: error.data }));
      else console.error(`Error (${error.data.code}): ${error.data.detail ?? error.data.messageKey}`);
      return 2;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`${error.message}\n\nUsage: aigc-lab ${command.usage}`);
      return 2;
    }
    throw error;
  } finally {
    await engine.dispose();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
