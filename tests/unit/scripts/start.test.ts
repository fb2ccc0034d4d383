/**
 * scripts/start.mjs in a throw-away copy of the project with a fake Electron
 * package and a fake web host, so every branch runs here: no binary, a failed
 * download, no display, an Electron that dies at once, a working Electron,
 * `--web`, argument pass-through and Ctrl+C forwarding.
 */
import { spawn } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SENTENCE = /^Electron could not be started \((.+)\); starting the web version of AIGC Lab instead\.$/m;

let root: string;

const FAKE_HOST = `
process.on('SIGINT', () => { console.log('HOST STOPPED'); process.exit(0); });
console.log('HOST ARGS ' + JSON.stringify(process.argv.slice(2)));
console.log('AIGC Lab is running at http://127.0.0.1:1/?token=t');
setInterval(() => {}, 1000);
`;

beforeEach(async () => {
  root = await mkdtemp(join(os.tmpdir(), 'aigc-lab-start-'));
  await mkdir(join(root, 'scripts'));
  await mkdir(join(root, 'dist', 'node'), { recursive: true });
  await mkdir(join(root, 'node_modules', 'electron', 'dist'), { recursive: true });
  await copyFile(join(ROOT, 'scripts', 'start.mjs'), join(root, 'scripts', 'start.mjs'));
  await copyFile(join(ROOT, 'scripts', 'electron-binary.mjs'), join(root, 'scripts', 'electron-binary.mjs'));
  await writeFile(join(root, 'package.json'), '{"name":"fake-lab","type":"module"}');
  await writeFile(join(root, 'dist', 'node', 'host.mjs'), FAKE_HOST);
  await writeFile(join(root, 'dist', 'node', 'main.mjs'), '');
  await writeFile(join(root, 'node_modules', 'electron', 'package.json'), '{"name":"electron","version":"45.4.1"}');
  // Stands in for electron's downloader, offline: it fails at once.
  await writeFile(
    join(root, 'node_modules', 'electron', 'install.js'),
    `require('fs').writeFileSync(${JSON.stringify(join(root, 'installer-ran'))}, ''); process.exit(1);`,
  );
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function installFakeElectron(script: string): Promise<void> {
  await writeFile(join(root, 'node_modules', 'electron', 'path.txt'), 'electron');
  await writeFile(join(root, 'node_modules', 'electron', 'dist', 'electron'), `#!/bin/sh\n${script}\n`);
  await chmod(join(root, 'node_modules', 'electron', 'dist', 'electron'), 0o755);
}

interface Run {
  output: string;
  code: number | null;
}

/** Runs start.mjs; stops it with SIGINT once `stopWhen` shows up in its output. */
function start(args: string[], env: Record<string, string> = {}, stopWhen = /running at/): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), ...args], {
    cwd: root,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stopped = false;
  const onData = (chunk: Buffer): void => {
    output += chunk.toString();
    if (!stopped && stopWhen.test(output)) {
      stopped = true;
      child.kill('SIGINT');
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`start.mjs did not finish:\n${output}`));
    }, 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ output, code });
    });
  });
}

const hostArgs = (output: string): string[] => JSON.parse(/HOST ARGS (.*)/.exec(output)?.[1] ?? 'null') as string[];

describe.skipIf(process.platform === 'win32')('npm start', () => {
  it('says in one sentence that Electron is unavailable, then serves the web version and opens the browser', async () => {
    const run = await start([], { DISPLAY: ':0' });
    expect(run.output.match(new RegExp(SENTENCE.source, 'gm'))).toHaveLength(1);
    expect(SENTENCE.exec(run.output)?.[1]).toBe('its binary is not installed and could not be downloaded');
    expect(hostArgs(run.output)).toEqual(['--open']);
    // Ctrl+C reached the web host, which stopped cleanly, and start.mjs exited with its status.
    expect(run.output).toContain('HOST STOPPED');
    expect(run.code).toBe(0);
  });

  it('tries the downloader before giving up', async () => {
    const { existsSync } = await import('node:fs');
    await start([], { DISPLAY: ':0' });
    expect(existsSync(join(root, 'installer-ran'))).toBe(true);
  });

  it('--web skips Electron entirely and passes the other arguments to the web host', async () => {
    const { existsSync } = await import('node:fs');
    await installFakeElectron('echo ELECTRON RAN; exit 0');
    const run = await start(['--web', '--lan', '--port', '8123'], { DISPLAY: ':0' });
    expect(run.output).not.toMatch(SENTENCE);
    expect(run.output).not.toContain('ELECTRON RAN');
    expect(existsSync(join(root, 'installer-ran'))).toBe(false);
    expect(hostArgs(run.output)).toEqual(['--open', '--lan', '--port', '8123']);
  });

  it('launches an installed Electron with the main bundle, without ELECTRON_RUN_AS_NODE, and exits with its status', async () => {
    await installFakeElectron('echo "ELECTRON RAN $1 as-node=${ELECTRON_RUN_AS_NODE:-unset}"; exit 0');
    const run = await start([], { DISPLAY: ':0', ELECTRON_RUN_AS_NODE: '1' }, /$^/);
    expect(run.output).toContain(`ELECTRON RAN ${join(root, 'dist', 'node', 'main.mjs')} as-node=unset`);
    expect(run.output).not.toMatch(SENTENCE);
    expect(run.output).not.toContain('HOST ARGS');
    expect(run.code).toBe(0);
  });

  it('falls back when there is no display', async () => {
    await installFakeElectron('echo ELECTRON RAN; exit 0');
    const run = await start([]);
    expect(SENTENCE.exec(run.output)?.[1]).toBe('no graphical display was found');
    expect(run.output).not.toContain('ELECTRON RAN');
  });

  it('falls back when Electron dies during start-up', async () => {
    await installFakeElectron('echo "sandbox helper not configured" >&2; exit 1');
    const run = await start([], { DISPLAY: ':0' });
    expect(SENTENCE.exec(run.output)?.[1]).toBe('it exited during start-up with code 1');
    expect(hostArgs(run.output)).toEqual(['--open']);
  });
});
