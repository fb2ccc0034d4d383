/**
 * Runs the built CLI (dist/node/cli.mjs, bundled by the unit tests' global
 * setup) as a child process with its own data folder (not a test file).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../support/paths.js';

export const CLI = join(ROOT, 'dist', 'node', 'cli.mjs');

const dataDir = mkdtempSync(join(tmpdir(), 'aigc-lab-cli-test-'));

/** The CLI's data folder in these tests; its `models/` is the user's model folder. */
export const CLI_DATA_DIR = dataDir;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: ROOT, env: { ...process.env, AIGC_LAB_DATA_DIR: dataDir }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Writes `content` (a string as is, anything else as JSON) to a temporary file and returns its path. */
export function tempFile(name: string, content: unknown): string {
  const path = join(dataDir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
