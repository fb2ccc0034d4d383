/**
 * `npm run serve` / `npm start -- --web`: the web host's command line.
 *
 *   --port N   listen on N (default 0: a free port)
 *   --lan      listen on all interfaces so a classroom can connect (token still required)
 *   --open     open the system browser when there is one
 *   --token T  use T instead of a random token (tests)
 */
import { parseArgs } from 'node:util';
import { createEngine } from '../engine/index.js';
import { appPathsFromModule, defaultDataDir, readAppVersion } from '../engine/paths.js';
import { describeGpuWithoutElectron } from '../engine/system/info.js';
import { openInBrowser } from './open-browser.js';
import { startWebHost } from './server.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.AIGC_LAB_PORT ?? '0' },
      lan: { type: 'boolean', default: false },
      open: { type: 'boolean', default: false },
      token: { type: 'string' },
      web: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer from 0 to 65535, not "${values.port}"`);

  const paths = appPathsFromModule(import.meta.url);
  const appVersion = readAppVersion(paths.root);
  const engine = await createEngine({
    appVersion,
    paths,
    dataDir: defaultDataDir(),
    host: { kind: 'web', electronVersion: null, describeGpu: describeGpuWithoutElectron, openExternal: async () => false },
  });
  const host = await startWebHost({
    engine,
    appVersion,
    rendererDir: paths.rendererDir,
    lessonsDir: paths.lessonsDir,
    bindAddress: values.lan ? '0.0.0.0' : '127.0.0.1',
    port,
    ...(values.token ? { token: values.token } : {}),
  });

  const [local, ...lan] = host.urls;
  console.log(`AIGC Lab is running at ${local}`);
  if (values.lan) {
    console.log('Classroom (LAN) mode: students can open one of these addresses; the token in the link is required:');
    for (const url of lan) console.log(`  ${url}`);
  }
  if (values.open && local && !openInBrowser(local)) console.log('No system browser could be opened; open the address above yourself.');
  console.log('Press Ctrl+C to stop.');

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void Promise.all([host.close(), engine.dispose()]).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`AIGC Lab web host could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
