/**
 * The Electron security checklist as data and pure decisions.
 *
 * This module never imports `electron` at runtime (only its types, which are
 * erased), so unit tests can import it without an Electron binary and fail
 * the build when an item of the checklist is loosened. The wiring that applies
 * these decisions lives next to it: window.ts, session-security.ts,
 * web-contents-security.ts, app-protocol.ts and ipc.ts.
 */
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { WebPreferences } from 'electron';
import { isAllowedExternalUrl } from '../engine/system/external-links.js';

// ---------------------------------------------------------------------------
// The app protocol
// ---------------------------------------------------------------------------

/** The renderer is served from `app://lab/…`, never from `file://` (which would grant every local file the same origin). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'lab';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The only URL the main window ever loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
/** URL prefix served from the lessons folder instead of the renderer build. */
export const LESSONS_URL_PREFIX = '/lessons/';

/**
 * Privileges of the `app` scheme, registered before `ready`. `standard` gives
 * it normal URL parsing and an origin (so `'self'` in the CSP means app://lab),
 * `secure` makes it a secure context, `supportFetchAPI` lets the renderer
 * `fetch` lesson assets. Nothing else: no CSP bypass, no service workers.
 */
export const APP_SCHEME_PRIVILEGES = Object.freeze({
  standard: true,
  secure: true,
  supportFetchAPI: true,
});

/** @example appUrl('#/about') // → 'app://lab/index.html#/about' */
export function appUrl(hash = ''): string {
  return `${APP_ENTRY_URL}${hash}`;
}

/** True for URLs on our own origin (app://lab/…), whatever the path. */
export function isAppUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && !url.username && !url.password;
}

// ---------------------------------------------------------------------------
// Window preferences
// ---------------------------------------------------------------------------

/**
 * The isolation flags every window gets. Frozen, and typed against Electron's
 * own `WebPreferences` so a misspelt key fails type-checking instead of being
 * silently ignored.
 */
export const SECURE_WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
  navigateOnDragDrop: false,
  // No `enableBlinkFeatures`/`experimentalFeatures`: Chromium's defaults are what the web host gets too.
  experimentalFeatures: false,
} as const satisfies WebPreferences);

/**
 * The main window's preferences: the secure flags plus the preload and
 * whether DevTools may open (never in a packaged build).
 */
export function mainWindowWebPreferences(preload: string, devTools: boolean): WebPreferences {
  if (!isAbsolute(preload)) throw new Error(`the preload path must be absolute: ${preload}`);
  return { ...SECURE_WEB_PREFERENCES, preload, devTools };
}

// ---------------------------------------------------------------------------
// Content Security Policy
// ---------------------------------------------------------------------------

/**
 * Only our own origin may supply scripts, styles, images, fonts and
 * connections. `'unsafe-inline'` styles are needed by KaTeX and Svelte's style
 * attributes; scripts never get it (nor `'unsafe-eval'`).
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
});

export const CONTENT_SECURITY_POLICY: string = Object.entries(CSP_DIRECTIVES)
  .map(([name, sources]) => `${name} ${sources.join(' ')}`)
  .join('; ');

/** Headers on every app-protocol response. */
export const APP_RESPONSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
});

/**
 * Response headers with our CSP in place of any the response carried
 * (header names compare case-insensitively, so a lower-case
 * `content-security-policy` from a server cannot sit beside ours).
 */
export function withContentSecurityPolicy(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const next: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') next[name] = values;
  }
  next['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return next;
}

// ---------------------------------------------------------------------------
// Navigation, new windows, external links
// ---------------------------------------------------------------------------

export interface NavigationDecision {
  allow: boolean;
  /** Set when the target is an allow-listed https link: open it in the system browser instead. */
  openExternally: boolean;
}

/**
 * The window only ever shows app://lab/. A click on an allow-listed https
 * link (a paper, a model card) opens the system browser; anything else is dropped.
 *
 * @example decideNavigation('https://arxiv.org/abs/2103.00020') // → { allow: false, openExternally: true }
 */
export function decideNavigation(url: string): NavigationDecision {
  if (isAppUrl(url)) return { allow: true, openExternally: false };
  return { allow: false, openExternally: isAllowedExternalUrl(url) };
}

/** `window.open` never creates a window; allow-listed https links go to the system browser. */
export function decideWindowOpen(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isAllowedExternalUrl(url) };
}

/** Re-exported so callers in main use one name for the one allow-list (electron/engine/system/external-links.ts). */
export { isAllowedExternalUrl };

// ---------------------------------------------------------------------------
// Permissions
// ---------------------------------------------------------------------------

/**
 * What Electron tells the request and check handlers, reduced to the fields we
 * read; both `PermissionRequest`/`MediaAccessPermissionRequest` and
 * `PermissionCheckHandlerHandlerDetails` fit it.
 */
export interface PermissionDetails {
  /** Request handler: the media kinds asked for. */
  mediaTypes?: readonly ('video' | 'audio')[];
  /** Check handler: the media kind asked about. */
  mediaType?: 'video' | 'audio' | 'unknown';
  requestingUrl?: string;
  /** Check handler: the origin of the asking frame, passed separately by Electron. */
  requestingOrigin?: string;
  isMainFrame?: boolean;
}

/**
 * Permissions a page on our origin gets without asking the user:
 * - `fullscreen`: presenter mode calls `requestFullscreen()` from a key press,
 *   which Electron routes through the permission handler;
 * - `clipboard-sanitized-write`: "copy" buttons write plain text; reading the
 *   clipboard (`clipboard-read`) stays denied.
 */
const ALWAYS_GRANTED = new Set<string>(['fullscreen', 'clipboard-sanitized-write']);

/**
 * Denies every permission except the few above and the camera, and the camera
 * only while a lesson that declares `permissions: ['camera']` is open. The
 * microphone is never granted, not even together with the camera.
 *
 * @example decidePermission('media', { mediaTypes: ['video'], requestingUrl: 'app://lab/index.html' }, true) // → true
 * @example decidePermission('media', { mediaTypes: ['video', 'audio'], requestingUrl: 'app://lab/index.html' }, true) // → false
 */
export function decidePermission(permission: string, details: PermissionDetails, cameraAllowed: boolean): boolean {
  const from = details.requestingUrl ?? details.requestingOrigin ?? '';
  // Only our own pages, and only their top frame, may hold any permission.
  if (!isAppUrl(from) || details.isMainFrame === false) return false;
  if (ALWAYS_GRANTED.has(permission)) return true;
  if (permission !== 'media' || !cameraAllowed) return false;
  if (details.mediaTypes !== undefined) {
    return details.mediaTypes.length > 0 && details.mediaTypes.every((type) => type === 'video');
  }
  return details.mediaType === 'video';
}

/**
 * Whether the page at `url` shows a lesson that may use the camera. The
 * renderer's lesson routes are `#/lesson/<id>/<step>` (renderer/src/state/router.svelte.ts),
 * so main needs no extra message to know which lesson is open.
 *
 * @example cameraAllowedForUrl('app://lab/index.html#/lesson/webcam-clip/2', new Set(['webcam-clip'])) // → true
 */
export function cameraAllowedForUrl(url: string, cameraLessonIds: ReadonlySet<string>): boolean {
  if (!isAppUrl(url)) return false;
  const match = /^#\/lesson\/([^/?#]+)(?:\/|$)/.exec(new URL(url).hash);
  if (!match?.[1]) return false;
  let id: string;
  try {
    id = decodeURIComponent(match[1]);
  } catch {
    return false;
  }
  return cameraLessonIds.has(id);
}

// ---------------------------------------------------------------------------
// IPC senders
// ---------------------------------------------------------------------------

/** The sender of an IPC call, as `event.senderFrame` describes it. */
export interface IpcSenderFrame {
  url: string;
  /** `null` for a top-level frame. */
  parent: unknown;
}

/** Calls are answered only for the top frame of a page on app://lab/ (a destroyed frame is null). */
export function isTrustedIpcSender(frame: IpcSenderFrame | null | undefined): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}

// ---------------------------------------------------------------------------
// Serving app://lab/
// ---------------------------------------------------------------------------

export interface AppProtocolRoots {
  rendererDir: string;
  lessonsDir: string;
}

export type AppRequestResolution = { status: 200; root: string; path: string; mimeType: string } | { status: 404 | 405; reason: string };

const MIME_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.onnx': 'application/octet-stream',
});

/** @example mimeTypeFor('/x/index.html') // → 'text/html; charset=utf-8' */
export function mimeTypeFor(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** True when `target` is `root` or lies below it (both absolute). */
export function isInside(root: string, target: string): boolean {
  const rel = relative(resolve(root), resolve(target));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

/**
 * Maps an app://lab/ request to a file under the renderer build or the lessons
 * folder. Each decoded path segment must be a plain name (no `..`, no slash or
 * backslash smuggled in as `%2F`/`%5C`, no NUL), and the resolved path must stay
 * inside its root; anything else is a 404 without touching the disk.
 *
 * @example resolveAppRequest('app://lab/lessons/01-welcome/meta.json', 'GET', roots) // → { status: 200, path: '<lessonsDir>/01-welcome/meta.json', … }
 * @example resolveAppRequest('app://lab/lessons/%2e%2e/package.json', 'GET', roots) // → { status: 404, … }
 */
export function resolveAppRequest(rawUrl: string, method: string, roots: AppProtocolRoots): AppRequestResolution {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, reason: `method ${method} not allowed` };
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { status: 404, reason: 'unparsable URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { status: 404, reason: 'foreign origin' };

  let root = roots.rendererDir;
  let rest = url.pathname;
  if (rest.startsWith(LESSONS_URL_PREFIX)) {
    root = roots.lessonsDir;
    rest = rest.slice(LESSONS_URL_PREFIX.length);
  } else if (rest === '/' || rest === '') {
    rest = 'index.html';
  }

  const segments: string[] = [];
  for (const raw of rest.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { status: 404, reason: 'malformed escape' };
    }
    if (segment === '.' || segment === '..' || /[/\\\0]/.test(segment) || (process.platform === 'win32' && segment.includes(':'))) {
      return { status: 404, reason: 'path escapes its root' };
    }
    segments.push(segment);
  }
  if (segments.length === 0) return { status: 404, reason: 'no file named' };

  const path = resolve(root, ...segments);
  if (!isInside(root, path)) return { status: 404, reason: 'path escapes its root' };
  return { status: 200, root, path, mimeType: mimeTypeFor(path) };
}
