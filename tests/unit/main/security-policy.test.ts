/**
 * The Electron security checklist, item by item. Each test names the item it
 * guards, so loosening one (say `sandbox: false`) fails a test that says which.
 */
import { join, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_RESPONSE_HEADERS,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  CSP_DIRECTIVES,
  SECURE_WEB_PREFERENCES,
  appUrl,
  cameraAllowedForUrl,
  decideNavigation,
  decidePermission,
  decideWindowOpen,
  isAllowedExternalUrl,
  isAppUrl,
  isInside,
  isTrustedIpcSender,
  mainWindowWebPreferences,
  mimeTypeFor,
  resolveAppRequest,
  withContentSecurityPolicy,
} from '../../../electron/main/security-policy';

const PRELOAD = resolve('/opt/lab/dist/node/preload.cjs');

describe('webPreferences', () => {
  const required: [string, boolean][] = [
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
    ['spellcheck', false],
    ['navigateOnDragDrop', false],
  ];

  it.each(required)('SECURE_WEB_PREFERENCES.%s is %s', (key, value) => {
    expect(SECURE_WEB_PREFERENCES).toHaveProperty(key, value);
  });

  it.each(required)('the main window gets %s = %s', (key, value) => {
    expect(mainWindowWebPreferences(PRELOAD, false)).toHaveProperty(key, value);
    expect(mainWindowWebPreferences(PRELOAD, true)).toHaveProperty(key, value);
  });

  it('is frozen, so no caller can flip a flag at runtime', () => {
    expect(Object.isFrozen(SECURE_WEB_PREFERENCES)).toBe(true);
  });

  it('adds only the preload and the DevTools switch to the secure flags', () => {
    const prefs = mainWindowWebPreferences(PRELOAD, false);
    expect(prefs).toEqual({ ...SECURE_WEB_PREFERENCES, preload: PRELOAD, devTools: false });
    expect(mainWindowWebPreferences(PRELOAD, true).devTools).toBe(true);
  });

  it('enables nothing experimental and no Blink features', () => {
    const prefs = mainWindowWebPreferences(PRELOAD, false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
  });

  it('refuses a relative preload path (it would resolve against an unknown working directory)', () => {
    expect(() => mainWindowWebPreferences('dist/node/preload.cjs', false)).toThrow(/absolute/);
  });
});

describe('Content Security Policy', () => {
  it('is exactly the strict policy of the checklist', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it.each([
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ])('%s allows exactly %j', (directive, sources) => {
    expect(CSP_DIRECTIVES[directive]).toEqual(sources);
  });

  it('never allows eval, inline scripts, remote hosts or wildcards', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe-eval|\*|https?:|ws:|wss:/);
    expect(CSP_DIRECTIVES['script-src']).not.toContain("'unsafe-inline'");
  });

  it('is sent on every app-protocol response, with nosniff', () => {
    expect(APP_RESPONSE_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(APP_RESPONSE_HEADERS['X-Content-Type-Options']).toBe('nosniff');
  });

  it('replaces any policy a response carried, whatever its header case', () => {
    const headers = withContentSecurityPolicy({
      'content-security-policy': ['default-src *'],
      'Content-Type': ['text/html'],
    });
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(withContentSecurityPolicy(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('the app:// scheme', () => {
  it('is app://lab with exactly standard + secure + fetch privileges (no CSP bypass, no service workers)', () => {
    expect(APP_SCHEME).toBe('app');
    expect(APP_ENTRY_URL).toBe('app://lab/index.html');
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true });
  });

  it.each([
    ['app://lab/index.html', true],
    ['app://lab/index.html#/lesson/welcome/2', true],
    ['app://lab/lessons/01-welcome/assets/x.png', true],
    ['app://other/index.html', false],
    ['app://user@lab/index.html', false],
    ['file:///etc/passwd', false],
    ['http://lab/index.html', false],
    ['https://arxiv.org/', false],
    ['not a url', false],
  ])('isAppUrl(%s) is %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });

  it('builds in-app URLs from the entry page', () => {
    expect(appUrl('#/about')).toBe('app://lab/index.html#/about');
  });
});

describe('navigation', () => {
  it.each([
    ['app://lab/index.html', { allow: true, openExternally: false }],
    ['app://lab/index.html#/settings', { allow: true, openExternally: false }],
    ['https://arxiv.org/abs/2103.00020', { allow: false, openExternally: true }],
    ['https://evil.example/', { allow: false, openExternally: false }],
    ['http://arxiv.org/abs/2103.00020', { allow: false, openExternally: false }],
    ['file:///etc/passwd', { allow: false, openExternally: false }],
    ['javascript:alert(1)', { allow: false, openExternally: false }],
    ['app://evil/index.html', { allow: false, openExternally: false }],
    ['data:text/html,<h1>hi</h1>', { allow: false, openExternally: false }],
  ])('to %s → %j', (url, decision) => {
    expect(decideNavigation(url)).toEqual(decision);
  });
});

describe('window.open', () => {
  it.each([
    ['https://huggingface.co/openai/clip-vit-base-patch32', true],
    ['https://evil.example/', false],
    ['app://lab/index.html', false],
    ['file:///etc/passwd', false],
    ['about:blank', false],
  ])('%s is always denied (external: %s)', (url, external) => {
    expect(decideWindowOpen(url)).toEqual({ action: 'deny', openExternally: external });
  });
});

describe('external links', () => {
  it.each([
    ['https://arxiv.org/abs/2103.00020', true],
    ['https://www.arxiv.org/abs/2103.00020', true],
    ['https://github.com/openai/CLIP', true],
    ['http://arxiv.org/abs/2103.00020', false],
    ['https://arxiv.org.evil.example/', false],
    ['https://evilarxiv.org/', false],
    ['https://user:pass@arxiv.org/', false],
    ['https://arxiv.org:8443/', false],
    ['javascript:alert(1)', false],
    ['file:///C:/Windows/System32/calc.exe', false],
    ['ms-settings:privacy', false],
    ['app://lab/index.html', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url)).toBe(allowed);
  });
});

describe('permissions', () => {
  const page = 'app://lab/index.html#/lesson/webcam/1';
  const everyOtherPermission = [
    'geolocation',
    'notifications',
    'midi',
    'midiSysex',
    'clipboard-read',
    'display-capture',
    'mediaKeySystem',
    'openExternal',
    'pointerLock',
    'keyboardLock',
    'idle-detection',
    'fileSystem',
    'hid',
    'serial',
    'usb',
    'window-management',
    'storage-access',
    'unknown',
  ];

  it.each(everyOtherPermission)('denies %s, with or without a camera lesson open', (permission) => {
    expect(decidePermission(permission, { requestingUrl: page, isMainFrame: true }, false)).toBe(false);
    expect(decidePermission(permission, { requestingUrl: page, isMainFrame: true }, true)).toBe(false);
  });

  it('grants the camera (video only) only while a camera lesson is open', () => {
    expect(decidePermission('media', { mediaTypes: ['video'], requestingUrl: page, isMainFrame: true }, true)).toBe(true);
    expect(decidePermission('media', { mediaTypes: ['video'], requestingUrl: page, isMainFrame: true }, false)).toBe(false);
  });

  it('never grants the microphone, alone or with the camera', () => {
    expect(decidePermission('media', { mediaTypes: ['audio'], requestingUrl: page }, true)).toBe(false);
    expect(decidePermission('media', { mediaTypes: ['video', 'audio'], requestingUrl: page }, true)).toBe(false);
    expect(decidePermission('media', { mediaTypes: [], requestingUrl: page }, true)).toBe(false);
    expect(decidePermission('media', { requestingUrl: page }, true)).toBe(false);
  });

  it('answers permission checks the same way as requests', () => {
    expect(decidePermission('media', { mediaType: 'video', requestingOrigin: 'app://lab', isMainFrame: true }, true)).toBe(true);
    expect(decidePermission('media', { mediaType: 'video', requestingOrigin: 'app://lab', isMainFrame: true }, false)).toBe(false);
    expect(decidePermission('media', { mediaType: 'audio', requestingOrigin: 'app://lab' }, true)).toBe(false);
    expect(decidePermission('media', { mediaType: 'unknown', requestingOrigin: 'app://lab' }, true)).toBe(false);
  });

  it('grants presenter-mode fullscreen and sanitized clipboard writes to our own top frame only', () => {
    expect(decidePermission('fullscreen', { requestingUrl: page, isMainFrame: true }, false)).toBe(true);
    expect(decidePermission('clipboard-sanitized-write', { requestingUrl: page, isMainFrame: true }, false)).toBe(true);
    expect(decidePermission('fullscreen', { requestingUrl: 'https://evil.example/', isMainFrame: true }, true)).toBe(false);
    expect(decidePermission('fullscreen', { requestingUrl: page, isMainFrame: false }, true)).toBe(false);
  });

  it('denies everything to pages that are not app://lab, even the camera in a camera lesson', () => {
    for (const from of ['https://evil.example/', 'file:///tmp/x.html', 'app://evil/', '']) {
      expect(decidePermission('media', { mediaTypes: ['video'], requestingUrl: from }, true)).toBe(false);
    }
  });

  it.each([
    ['app://lab/index.html#/lesson/webcam/1', true],
    ['app://lab/index.html#/lesson/webcam', true],
    ['app://lab/index.html#/lesson/web%63am/3', true],
    ['app://lab/index.html#/lesson/welcome/1', false],
    ['app://lab/index.html#/lesson/webcam-extra/1', false],
    ['app://lab/index.html#/settings', false],
    ['app://lab/index.html', false],
    ['https://evil.example/#/lesson/webcam/1', false],
  ])('camera allowed at %s: %s', (url, expected) => {
    expect(cameraAllowedForUrl(url, new Set(['webcam']))).toBe(expected);
  });
});

describe('IPC senders', () => {
  it.each([
    [{ url: 'app://lab/index.html', parent: null }, true],
    [{ url: 'app://lab/index.html#/about', parent: null }, true],
    [{ url: 'app://lab/index.html', parent: {} }, false],
    [{ url: 'https://evil.example/', parent: null }, false],
    [{ url: 'file:///tmp/x.html', parent: null }, false],
    [null, false],
    [undefined, false],
  ])('%j trusted: %s', (frame, expected) => {
    expect(isTrustedIpcSender(frame)).toBe(expected);
  });
});

describe('app protocol paths', () => {
  const roots = { rendererDir: resolve('/srv/lab/dist/renderer'), lessonsDir: resolve('/srv/lab/lessons') };
  const ok = (path: string) => expect.objectContaining({ status: 200, path });

  it.each([
    ['app://lab/', ok(join(roots.rendererDir, 'index.html'))],
    ['app://lab/index.html', ok(join(roots.rendererDir, 'index.html'))],
    ['app://lab/assets/index-abc.js?v=1#x', ok(join(roots.rendererDir, 'assets', 'index-abc.js'))],
    ['app://lab/lessons/01-welcome/meta.json', ok(join(roots.lessonsDir, '01-welcome', 'meta.json'))],
    ['app://lab/lessons/01-welcome/assets/a%20b.png', ok(join(roots.lessonsDir, '01-welcome', 'assets', 'a b.png'))],
  ])('%s is served', (url, expected) => {
    expect(resolveAppRequest(url, 'GET', roots)).toEqual(expected);
  });

  it.each([
    'app://lab/lessons/..%2f..%2fpackage.json',
    'app://lab/lessons/..%2F..%2Fpackage.json',
    'app://lab/assets/..%5c..%5c..%5cpackage.json',
    'app://lab/lessons/%2e%2e%2f%2e%2e%2fpackage.json',
    'app://lab/lessons/%2E%2E%5Cpackage.json',
    'app://lab/index.html%00.png',
    'app://lab/%E0%A4%A',
    'app://lab/lessons/',
    'app://other/index.html',
    'file:///etc/passwd',
    'https://lab/index.html',
  ])('%s is a 404 (separators smuggled past the URL parser, bad escapes, foreign origins)', (url) => {
    expect(resolveAppRequest(url, 'GET', roots).status).toBe(404);
  });

  it.each([
    'app://lab/../../etc/passwd',
    'app://lab/lessons/../../package.json',
    'app://lab/%2e%2e/%2e%2e/etc/passwd',
    'app://lab/lessons/%2e%2e/package.json',
    'app://lab/lessons/x/../../../y',
    'app://lab/a/./../../b',
  ])('%s never leaves its root (the URL parser folds the dots first)', (url) => {
    const result = resolveAppRequest(url, 'GET', roots);
    if (result.status === 200) {
      expect(isInside(result.root, result.path)).toBe(true);
      expect([roots.rendererDir, roots.lessonsDir]).toContain(result.root);
      expect(isInside(resolve('/srv/lab/dist'), result.path) || isInside(roots.lessonsDir, result.path)).toBe(true);
    } else {
      expect(result.status).toBe(404);
    }
  });

  it('answers only GET and HEAD', () => {
    expect(resolveAppRequest('app://lab/index.html', 'HEAD', roots).status).toBe(200);
    expect(resolveAppRequest('app://lab/index.html', 'POST', roots).status).toBe(405);
    expect(resolveAppRequest('app://lab/index.html', 'PUT', roots).status).toBe(405);
  });

  it('checks containment by path segments, not string prefixes', () => {
    expect(isInside(resolve('/srv/lab'), resolve('/srv/lab/x'))).toBe(true);
    expect(isInside(resolve('/srv/lab'), resolve('/srv/lab'))).toBe(true);
    expect(isInside(resolve('/srv/lab'), resolve('/srv/lab-evil/x'))).toBe(false);
    expect(isInside(resolve('/srv/lab'), resolve('/srv'))).toBe(false);
    expect(isInside(resolve('/srv/lab'), `${resolve('/srv/lab')}${sep}..${sep}x`)).toBe(false);
  });

  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.js', 'text/javascript; charset=utf-8'],
    ['a.mjs', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['a.json', 'application/json; charset=utf-8'],
    ['a.svg', 'image/svg+xml'],
    ['a.PNG', 'image/png'],
    ['a.woff2', 'font/woff2'],
    ['a.wasm', 'application/wasm'],
    ['a.md', 'text/markdown; charset=utf-8'],
    ['no-extension', 'application/octet-stream'],
    ['a.exe', 'application/octet-stream'],
  ])('%s is served as %s', (name, type) => {
    expect(mimeTypeFor(name)).toBe(type);
  });
});
