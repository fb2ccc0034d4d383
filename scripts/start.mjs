#!/usr/bin/env node
// `npm start` (after the build): opens AIGC Lab in Electron, or, when Electron
// cannot start here (no binary and no network to fetch it, no display, a
// crash during start-up), says so in one sentence and starts the web host,
// which opens the system browser when there is one and prints the URL.
//
//   npm start                  Electron, else the web version
//   npm start -- --web         the web version only
//   npm start -- --web --lan   other arguments go to the web host (--lan, --port N, …)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { displayAvailable, electronEnv, findElectronBinary, runElectronInstaller } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MAIN_BUNDLE = join(root, 'dist', 'node', 'main.mjs');
const HOST_BUNDLE = join(root, 'dist', 'node', 'host.mjs');
/** How long a first launch may spend fetching the Electron binary. */
const DOWNLOAD_TIMEOUT_MS = 20_000;
/** Say what we are waiting for only when the download is not over at once. */
const DOWNLOAD_NOTICE_AFTER_MS = 3_000;
/** An Electron that exits with an error this soon never showed a usable window. */
const EARLY_EXIT_MS = 5_000;

const args = process.argv.slice(2);
const forceWeb = args.includes('--web');
const hostArgs = args.filter((arg) => arg !== '--web');

/** Runs a child with our stdio, passing Ctrl+C and termination on; resolves with how it ended. */
function runChild(command, argv, env) {
  const child = spawn(command, argv, { stdio: 'inherit', env, cwd: root });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, forward);
  const startedAt = Date.now();
  return new Promise((resolve) => {
    child.once('error', (error) => {
      for (const signal of signals) process.off(signal, forward);
      resolve({ error, code: null, signal: null, ms: Date.now() - startedAt });
    });
    child.once('exit', (code, signal) => {
      for (const signal of signals) process.off(signal, forward);
      resolve({ error: null, code, signal, ms: Date.now() - startedAt });
    });
  });
}

function exitLike(result) {
  if (result.signal) process.exit(128 + (osConstants.signals[result.signal] ?? 1));
  process.exit(result.code ?? 1);
}

/** Tries Electron; returns why it could not run, or exits with Electron's own status once it ran. */
async function tryElectron() {
  let binary = findElectronBinary(root);
  if (!binary.ok && binary.installer) {
    const notice = setTimeout(() => console.log('Fetching the Electron binary for its first launch…'), DOWNLOAD_NOTICE_AFTER_MS);
    const installed = await runElectronInstaller(binary.installer, DOWNLOAD_TIMEOUT_MS);
    clearTimeout(notice);
    binary = findElectronBinary(root);
    if (!binary.ok) return installed ? binary.reason : 'its binary is not installed and could not be downloaded';
  }
  if (!binary.ok) return binary.reason;
  if (!displayAvailable()) return 'no graphical display was found';
  if (!existsSync(MAIN_BUNDLE)) return `${MAIN_BUNDLE} is missing; run "npm run build"`;

  const result = await runChild(binary.path, [MAIN_BUNDLE], electronEnv());
  if (result.error) return `it failed to launch: ${result.error.message}`;
  if (result.code !== 0 && result.code !== null && result.ms < EARLY_EXIT_MS) return `it exited during start-up with code ${result.code}`;
  exitLike(result);
  return null;
}

async function startWebHost() {
  if (!existsSync(HOST_BUNDLE)) {
    console.error(`The web host is not built (${HOST_BUNDLE} is missing); run "npm run build" first.`);
    process.exit(1);
  }
  const open = hostArgs.includes('--open') ? [] : ['--open'];
  exitLike(await runChild(process.execPath, [HOST_BUNDLE, ...open, ...hostArgs], process.env));
}

if (!forceWeb) {
  const reason = await tryElectron();
  console.log(`Electron could not be started (${reason}); starting the web version of AIGC Lab instead.`);
}
await startWebHost();
