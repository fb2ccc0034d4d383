/**
 * Serves the built renderer and the lessons folder read-only, with the same
 * strict CSP the Electron window gets. Paths are resolved and checked to stay
 * inside their root, so `..` or encoded tricks cannot read other files.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.onnx': 'application/octet-stream',
};

export interface StaticMount {
  /** URL prefix, starting and ending with '/'. */
  prefix: string;
  root: string;
}

/**
 * Maps a URL path to a file inside one of the mounts, or null when it would escape.
 *
 * @example resolveStaticPath('/lessons/01-welcome/meta.json', [{ prefix: '/lessons/', root: '/app/lessons' }]) // → '/app/lessons/01-welcome/meta.json'
 */
export function resolveStaticPath(urlPath: string, mounts: readonly StaticMount[]): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const mount = mounts.find((m) => decoded.startsWith(m.prefix));
  if (!mount) return null;
  const relative = decoded.slice(mount.prefix.length) || 'index.html';
  const root = resolve(mount.root);
  const target = resolve(root, relative);
  if (target !== root && !target.startsWith(root + sep)) return null;
  return target;
}

/** A symbolic link inside a mount must not lead outside it (a lesson folder could carry one). */
async function staysInsideItsMount(file: string, mounts: readonly StaticMount[]): Promise<boolean> {
  const real = await realpath(file).catch(() => null);
  if (!real) return false;
  for (const mount of mounts) {
    const root = await realpath(mount.root).catch(() => null);
    if (root && (real === root || real.startsWith(root + sep))) return true;
  }
  return false;
}

function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

export async function serveStatic(request: IncomingMessage, response: ServerResponse, mounts: readonly StaticMount[]): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD', ...securityHeaders() }).end();
    return;
  }
  const path = new URL(request.url ?? '/', 'http://host').pathname;
  const file = resolveStaticPath(path, mounts);
  const info = file && (await staysInsideItsMount(file, mounts)) ? await stat(file).catch(() => null) : null;
  if (!file || !info?.isFile()) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders() }).end('Not found');
    return;
  }
  const isHtml = extname(file) === '.html';
  response.writeHead(200, {
    'Content-Type': MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    // Hashed assets never change; HTML and lessons must be fresh so edits show up on reload.
    'Cache-Control': path.includes('/assets/') && !path.startsWith('/lessons/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...securityHeaders(),
    ...(isHtml ? { 'X-Frame-Options': 'DENY' } : {}),
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}
