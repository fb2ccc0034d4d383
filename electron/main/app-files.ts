/**
 * Answers one app://lab/ request from the renderer build or the lessons
 * folder. Plain Node (global Request/Response, no `electron` import) so the
 * traversal, symlink and header rules are tested against real files;
 * app-protocol.ts hands it to `protocol.handle`.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { APP_RESPONSE_HEADERS, isInside, resolveAppRequest, type AppProtocolRoots } from './security-policy.js';

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** Resolves symlinks on both sides, so a link inside a root cannot point outside it. */
async function staysInsideAfterLinks(root: string, path: string): Promise<boolean> {
  try {
    return isInside(await realpath(root), await realpath(path));
  } catch {
    return false;
  }
}

/**
 * @example await serveAppRequest(new Request('app://lab/index.html'), roots) // → 200, text/html, with the CSP header
 */
export async function serveAppRequest(request: Request, roots: AppProtocolRoots): Promise<Response> {
  const resolved = resolveAppRequest(request.url, request.method, roots);
  if (resolved.status !== 200) return plain(resolved.status, resolved.status === 405 ? 'Method Not Allowed' : 'Not Found');

  if (!(await staysInsideAfterLinks(resolved.root, resolved.path))) return plain(404, 'Not Found');
  try {
    const info = await stat(resolved.path);
    if (!info.isFile()) return plain(404, 'Not Found');
    const headers = {
      ...APP_RESPONSE_HEADERS,
      'Content-Type': resolved.mimeType,
      'Content-Length': String(info.size),
      // Rebuilt files must show on reload during development; the files are local, so caching buys little.
      'Cache-Control': 'no-cache',
    };
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    return new Response(await readFile(resolved.path), { status: 200, headers });
  } catch {
    return plain(404, 'Not Found');
  }
}
