/**
 * Starts the real web host (dist/node/host.mjs) as a child process with its own
 * data folder, the way `npm run serve` does, and hands back its URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface WebHostProcess {
  url: string;
  origin: string;
  token: string;
  stop(): Promise<void>;
}

const ROOT = join(import.meta.dirname, '..', '..');

export async function startWebHostProcess(dataDir: string): Promise<WebHostProcess> {
  const token = `e2e-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist', 'node', 'host.mjs'), '--port', '0', '--token', token], {
    cwd: ROOT,
    env: { ...process.env, AIGC_LAB_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start in 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    token,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
