// Runs the real main bundle (argv[2]) against fake-electron.mjs and prints a JSON report
// of what it did; tests/unit/main/main-bundle.test.ts asserts on the report.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

Object.defineProperty(process.versions, 'electron', { value: '45.4.1' });
const electron = await import('electron');
const { app, BrowserWindow, handlers, log, becomeReady } = electron;

const waitFor = async (check, what, ms = 15_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; log: ${JSON.stringify(log.map((entry) => entry.name))}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
const names = () => log.map((entry) => entry.name);
const report = {};

await import(pathToFileURL(process.argv[2]).href);
report.beforeReady = names();

if (process.env.FAKE_ELECTRON_LOCK === 'taken') {
  console.log(JSON.stringify(report));
  process.exit(0);
}

becomeReady();
await waitFor(() => names().includes('webContents.loadURL'), 'the window to load');
const window = BrowserWindow.getAllWindows()[0];
report.startup = names();
report.windowOptions = window.options;
report.loadedUrl = window.webContents.getURL();

// IPC through the one handler.
const call = handlers.ipc['aigc-lab:call'];
const trusted = { senderFrame: { url: 'app://lab/index.html#/lesson/welcome/1', parent: null } };
report.ipcChannels = Object.keys(handlers.ipc);
report.settings = await call(trusted, 'settings.get', {});
report.untrusted = await call({ senderFrame: { url: 'https://evil.example/', parent: null } }, 'settings.get', {});
report.malformed = await call(trusted, 'settings.update', { patch: { locale: 'xx' } });
report.info = await call(trusted, 'system.info', {});
const started = await call(trusted, 'jobs.start', { kind: 'demo.montecarlo', args: { samples: 20000, chunks: 4, seed: 7 } });
report.jobStart = started;
await waitFor(() => window.webContents.sent.some(([, name]) => name === 'onDidJobEnd'), 'the job to end', 30_000);
report.events = window.webContents.sent.map(([channel, name, payload]) => ({
  channel,
  name,
  status: payload?.status,
  estimate: payload?.result?.estimate,
}));

// The app protocol.
const served = await handlers.protocol(new Request('app://lab/lessons/01-welcome/meta.json'));
report.protocol = { status: served.status, type: served.headers.get('content-type'), csp: served.headers.get('content-security-policy') };
report.traversal = (await handlers.protocol(new Request('app://lab/lessons/..%2f..%2fpackage.json'))).status;

// Permissions, navigation, window.open.
const ask = (permission, details) => new Promise((resolve) => handlers.permissionRequest(window.webContents, permission, resolve, details));
report.permissions = {
  geolocation: await ask('geolocation', { requestingUrl: 'app://lab/index.html', isMainFrame: true }),
  cameraInWelcome: await ask('media', { mediaTypes: ['video'], requestingUrl: 'app://lab/index.html', isMainFrame: true }),
  fullscreen: await ask('fullscreen', { requestingUrl: 'app://lab/index.html', isMainFrame: true }),
};
const navigation = {
  url: 'https://evil.example/',
  prevented: false,
  preventDefault() {
    this.prevented = true;
  },
};
window.webContents.emit('will-navigate', navigation);
report.navigationBlocked = navigation.prevented;
report.windowOpen = window.webContents.windowOpenHandler({ url: 'https://arxiv.org/abs/2103.00020' });
await waitFor(() => names().includes('shell.openExternal'), 'the external link');
report.openedExternally = log.filter((entry) => entry.name === 'shell.openExternal').map((entry) => entry.args[0]);

// Menu: Help → About shows the in-app page.
const flatten = (items) => items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
const about = flatten(handlers.menu).find((item) => item.label === 'About AIGC Lab');
about.click();
report.afterAbout = window.webContents.getURL();
report.menuRoles = flatten(handlers.menu)
  .map((item) => item.role)
  .filter(Boolean);

// A second launch focuses the window.
app.emit('second-instance');
report.focused = names().includes('window.focus');

// Closing saves the window state; quitting waits for it and for the worker, then quits.
window.emit('close');
app.quit();
await waitFor(() => names().filter((name) => name === 'app.quit').length === 2, 'the second quit');
report.quitSequence = names().filter((name) => name.startsWith('app.quit'));
report.windowState = JSON.parse(await readFile(join(process.env.AIGC_LAB_DATA_DIR, 'window-state.json'), 'utf8'));

console.log(`REPORT ${JSON.stringify(report)}`);
process.exit(0);
