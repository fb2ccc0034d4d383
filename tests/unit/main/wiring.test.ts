/**
 * Static checks on the Electron sources: the policy in security-policy.ts is
 * only worth something if main actually applies it. Without an Electron binary
 * the wiring cannot run here, so these tests read electron/main/*.ts and
 * electron/preload/*.ts (comments removed by TypeScript's printer, so prose
 * never satisfies or trips a check) and assert that each rule is wired and no
 * insecure setting or call exists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function codeOf(path: string): string {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  return ts.createPrinter({ removeComments: true }).printFile(source);
}

function load(folder: string): Record<string, string> {
  const dir = join(ROOT, 'electron', folder);
  return Object.fromEntries(
    readdirSync(dir)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => [name, codeOf(join(dir, name))]),
  );
}

const main = load('main');
const preload = load('preload');
const all = {
  ...Object.fromEntries(Object.entries(main).map(([k, v]) => [`main/${k}`, v])),
  ...Object.fromEntries(Object.entries(preload).map(([k, v]) => [`preload/${k}`, v])),
};

const count = (text: string, pattern: RegExp): number => [...text.matchAll(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`))].length;
const filesMatching = (files: Record<string, string>, pattern: RegExp): string[] =>
  Object.entries(files)
    .filter(([, code]) => pattern.test(code))
    .map(([name]) => name);

/** The text of the first balanced (...) after `start` in `code`. */
function argumentsOf(code: string, start: number): string {
  const open = code.indexOf('(', start);
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === '(') depth++;
    else if (code[i] === ')' && --depth === 0) return code.slice(open + 1, i);
  }
  throw new Error('unbalanced parentheses');
}

const m = (name: string): string => {
  const code = main[name];
  if (code === undefined) throw new Error(`electron/main/${name} is missing`);
  return code;
};

describe('forbidden settings and calls', () => {
  it.each([
    ['nodeIntegration turned on', /nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/],
    ['the sandbox turned off', /sandbox\s*:\s*false/],
    ['context isolation turned off', /contextIsolation\s*:\s*false/],
    ['web security turned off', /webSecurity\s*:\s*false/],
    ['insecure content allowed', /allowRunningInsecureContent\s*:\s*true/],
    ['<webview> enabled', /webviewTag\s*:\s*true/],
    ['remote content loaded', /loadURL\(\s*['"`](https?|file|data|javascript):/],
    ['file:// pages', /loadFile\(|file:\/\//],
    ['eval in the CSP', /unsafe-eval/],
    ['synchronous IPC', /sendSync/],
    ['listening on raw IPC channels', /ipcMain\.on\(|ipcMain\.once\(|ipcRenderer\.send\(/],
    ['a permission handler reset to "allow all"', /setPermission(Request|Check)Handler\(\s*null/],
    ['privileges that bypass the CSP or allow service workers', /bypassCSP|allowServiceWorkers/],
    ['Chromium sandbox switches', /no-sandbox|disable-web-security|appendSwitch/],
    ['DevTools opened from code', /openDevTools\(/],
    ['the remote module', /enableRemoteModule|@electron\/remote/],
  ])('no %s anywhere in main or preload', (_what, pattern) => {
    expect(filesMatching(all, pattern)).toEqual([]);
  });

  it('hands URLs to the OS only in external.ts, after the allow-list check', () => {
    expect(filesMatching(main, /shell\.openExternal\(/)).toEqual(['external.ts']);
    const code = m('external.ts');
    expect(code.indexOf('isAllowedExternalUrl(url)')).toBeGreaterThan(-1);
    expect(code.indexOf('isAllowedExternalUrl(url)')).toBeLessThan(code.indexOf('shell.openExternal('));
  });

  it('loads nothing but the app entry page (or an in-app fragment of it)', () => {
    for (const [name, code] of Object.entries(main)) {
      for (const match of code.matchAll(/\.loadURL\(/g)) {
        expect(argumentsOf(code, match.index).trim(), name).toMatch(/^(APP_ENTRY_URL|appUrl\('#\/[a-z/-]*'\))$/);
      }
    }
    expect(count(m('window.ts'), /\.loadURL\(APP_ENTRY_URL\)/)).toBe(1);
  });
});

describe('windows', () => {
  it("creates exactly one kind of BrowserWindow, in window.ts, with the policy's webPreferences only", () => {
    expect(filesMatching(main, /new BrowserWindow\(/)).toEqual(['window.ts']);
    const code = m('window.ts');
    expect(count(code, /new BrowserWindow\(/)).toBe(1);
    const options = argumentsOf(code, code.indexOf('new BrowserWindow('));
    expect(options).toMatch(/webPreferences:\s*mainWindowWebPreferences\(options\.preloadPath,\s*options\.devTools\)/);
    // No second webPreferences object anywhere that could carry other flags.
    expect(filesMatching(main, /webPreferences\s*:/)).toEqual(['window.ts']);
    expect(count(code, /webPreferences\s*:/)).toBe(1);
  });

  it('allows DevTools only when not packaged', () => {
    const index = m('index.ts');
    expect(index).toMatch(/const isDev = !app\.isPackaged/);
    expect(index).toMatch(/devTools:\s*isDev/);
  });

  it('runs jobs in a utility process, never on the main thread or through child_process', () => {
    expect(m('index.ts')).toMatch(/spawnWorker: utilityProcessSpawner\(paths\.workerUrl\)/);
    expect(m('utility-worker.ts')).toMatch(/utilityProcess\.fork\(modulePath/);
    expect(filesMatching(main, /node:child_process|node:worker_threads/)).toEqual([]);
  });

  it('replaces a crashed or hung page with a dialog', () => {
    expect(m('window.ts')).toMatch(/'render-process-gone'/);
    expect(m('window.ts')).toMatch(/'unresponsive'/);
    expect(m('index.ts')).toMatch(/'child-process-gone'/);
  });
});

describe('web contents', () => {
  it("hardens every WebContents from app.on('web-contents-created')", () => {
    expect(m('index.ts')).toMatch(/app\.on\('web-contents-created',\s*\(_event, contents\) => hardenWebContents\(contents, openExternal\)\)/);
  });

  it.each(["'will-navigate'", "'will-frame-navigate'", "'will-redirect'", "'will-attach-webview'"])('handles %s with preventDefault', (event) => {
    const code = m('web-contents-security.ts');
    const at = code.indexOf(`contents.on(${event}`);
    expect(at).toBeGreaterThan(-1);
    expect(code.slice(at, code.indexOf('});', at))).toContain('preventDefault()');
  });

  it('denies window.open through setWindowOpenHandler and decideWindowOpen', () => {
    const code = m('web-contents-security.ts');
    expect(code).toMatch(/contents\.setWindowOpenHandler\(/);
    expect(code).toMatch(/decideWindowOpen\(url\)/);
    expect(code).toMatch(/return \{ action: decision\.action \}/);
  });
});

describe('session', () => {
  it('sets the CSP header and both permission handlers from the policy', () => {
    const code = m('session-security.ts');
    expect(code).toMatch(/webRequest\.onHeadersReceived\(/);
    expect(code).toMatch(/withContentSecurityPolicy\(details\.responseHeaders\)/);
    expect(code).toMatch(/setPermissionRequestHandler\(/);
    expect(code).toMatch(/setPermissionCheckHandler\(/);
    expect(count(code, /decidePermission\(/)).toBe(2);
    expect(code).toMatch(/setDevicePermissionHandler\(\(\) => false\)/);
  });

  it('applies the session rules and the protocol to the default session before any window', () => {
    const index = m('index.ts');
    const security = index.indexOf('applySessionSecurity(session.defaultSession');
    const protocol = index.indexOf('handleAppProtocol(session.defaultSession');
    const window = index.indexOf('await openWindow()');
    expect(security).toBeGreaterThan(-1);
    expect(protocol).toBeGreaterThan(-1);
    expect(security).toBeLessThan(window);
    expect(protocol).toBeLessThan(window);
  });
});

describe('app protocol', () => {
  it('registers app:// as privileged and serves it with protocol.handle', () => {
    const code = m('app-protocol.ts');
    expect(code).toMatch(/protocol\.registerSchemesAsPrivileged\(\[\{ scheme: APP_SCHEME, privileges: \{ \.\.\.APP_SCHEME_PRIVILEGES \} \}\]\)/);
    expect(code).toMatch(/session\.protocol\.handle\(APP_SCHEME, \(request\) => serveAppRequest\(request, roots\)\)/);
  });

  it('registers the scheme and the sandbox at module load, before ready', () => {
    const index = m('index.ts');
    const privileges = index.indexOf('registerAppSchemePrivileges();');
    const sandbox = index.indexOf('app.enableSandbox();');
    const ready = index.indexOf('.whenReady()');
    expect(privileges).toBeGreaterThan(-1);
    expect(sandbox).toBeGreaterThan(-1);
    expect(privileges).toBeLessThan(ready);
    expect(sandbox).toBeLessThan(ready);
    // Top level, not inside a function that might run late.
    expect(index).toMatch(/^registerAppSchemePrivileges\(\);$/m);
    expect(index).toMatch(/^app\.enableSandbox\(\);$/m);
  });
});

describe('single instance', () => {
  it('takes the lock after fixing the data folder, and focuses the window on a second launch', () => {
    const index = m('index.ts');
    const setPath = index.indexOf("app.setPath('userData'");
    const lock = index.indexOf('app.requestSingleInstanceLock()');
    expect(setPath).toBeGreaterThan(-1);
    expect(lock).toBeGreaterThan(setPath);
    expect(index).toMatch(/if \(!app\.requestSingleInstanceLock\(\)\) \{\s*app\.quit\(\);/);
    const second = index.slice(index.indexOf("app.on('second-instance'"));
    expect(second.slice(0, second.indexOf('});'))).toMatch(/focus\(\)/);
  });
});

describe('IPC', () => {
  it('has exactly one ipcMain.handle, on IPC_CALL_CHANNEL, that checks the sender first', () => {
    const handles = Object.entries(main).flatMap(([name, code]) => [...code.matchAll(/ipcMain\.handle\(/g)].map(() => name));
    expect(handles).toEqual(['ipc.ts']);
    const code = m('ipc.ts');
    expect(code).toMatch(/ipcMain\.handle\(IPC_CALL_CHANNEL,/);
    const check = code.indexOf('isTrustedIpcSender(event.senderFrame)');
    const call = code.indexOf('engine.call(method, args)');
    expect(check).toBeGreaterThan(-1);
    expect(check).toBeLessThan(call);
    expect(code).toMatch(/contents\.send\(IPC_EVENT_CHANNEL, name, payload\)/);
    expect(m('index.ts')).toMatch(/registerIpc\(ipcMain, readyEngine,/);
  });
});

describe('what may import electron', () => {
  const pure = [
    'security-policy.ts',
    'app-files.ts',
    'window-state.ts',
    'menu-template.ts',
    'strings.ts',
    'gpu-info.ts',
    'app-paths.ts',
    'process-gone.ts',
    'ipc.ts',
    'session-security.ts',
    'web-contents-security.ts',
  ];

  it.each(pure)('main/%s imports only types from electron (so tests can load it without the binary)', (name) => {
    expect(m(name)).not.toMatch(/^import (?!type )[^;]*from ['"]electron['"]/m);
  });

  it('the preload bridge and names module never import electron', () => {
    expect(preload['bridge.ts']).not.toMatch(/from ['"]electron['"]/);
    expect(preload['contract-names.ts']).not.toMatch(/from ['"]electron['"]/);
  });
});

describe('preload', () => {
  const code = preload['index.ts'] ?? '';

  it('exposes exactly one object, the bridge, under PRELOAD_GLOBAL', () => {
    expect(count(code, /exposeInMainWorld\(/)).toBe(1);
    expect(code).toMatch(/contextBridge\.exposeInMainWorld\(PRELOAD_GLOBAL, createBridge\(/);
  });

  it('uses ipcRenderer only to invoke the call channel and to listen on the event channel', () => {
    const uses = [...code.matchAll(/ipcRenderer/g)].map((match) => code.slice(match.index, match.index + 60));
    const allowed = uses.filter((use) =>
      /^ipcRenderer \}|^ipcRenderer\.invoke\(IPC_CALL_CHANNEL, method, args\)|^ipcRenderer\.on\(IPC_EVENT_CHANNEL,/.test(use),
    );
    expect(allowed).toEqual(uses);
    expect(uses.length).toBe(3);
  });

  it('hands listeners the payload only, never the IpcRendererEvent', () => {
    expect(code).toMatch(/ipcRenderer\.on\(IPC_EVENT_CHANNEL, \(_event, name: unknown, payload: unknown\) => hub\.dispatch\(name, payload\)\)/);
  });

  it('imports no runtime value from electron/common (that would bundle zod into the sandboxed preload)', () => {
    for (const [name, source] of Object.entries(preload)) {
      expect(source, name).not.toMatch(/^import (?!type )[^;]*from ['"]\.\.\/common\//m);
    }
  });

  it.skipIf(!existsSync(join(ROOT, 'dist', 'node', 'preload.cjs')))('the built preload requires only electron and carries no zod', () => {
    const bundle = readFileSync(join(ROOT, 'dist', 'node', 'preload.cjs'), 'utf8');
    expect([...bundle.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1])).toEqual(['electron']);
    expect(bundle).not.toMatch(/zod/i);
  });
});
