/**
 * A local HTTP server on 127.0.0.1 (random port) serving in-memory files for
 * the model store tests, with switches for the ways real servers fail (not a
 * test file).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Behaviour =
  | { kind: 'normal' }
  /** Always answers 200 with the whole file, whatever Range asks. */
  | { kind: 'ignoreRange' }
  /** Announces the full length, sends `after` bytes, then destroys the socket (once; later requests are normal). */
  | { kind: 'dropOnce'; after: number }
  /** Sends the first `after` bytes chunked (no Content-Length) and ends cleanly. */
  | { kind: 'truncate'; after: number }
  | { kind: 'status'; status: number }
  /** Sends `after` bytes and then stalls until the client goes away. */
  | { kind: 'stall'; after: number };

export interface FixtureServer {
  url(path: string): string;
  /** Every request: path and its Range header. */
  requests: { path: string; range: string | undefined }[];
  set(path: string, bytes: Uint8Array, behaviour?: Behaviour): void;
  close(): Promise<void>;
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export function randomFile(size: number): Buffer {
  return randomBytes(size);
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const files = new Map<string, { bytes: Uint8Array; behaviour: Behaviour }>();
  const requests: FixtureServer['requests'] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push({ path, range: req.headers.range });
    const entry = files.get(path);
    if (!entry) {
      res.writeHead(404).end('not found');
      return;
    }
    const { bytes, behaviour } = entry;
    if (behaviour.kind === 'status') {
      res.writeHead(behaviour.status).end('error');
      return;
    }
    if (behaviour.kind === 'dropOnce') {
      entry.behaviour = { kind: 'normal' };
      res.writeHead(200, { 'content-length': bytes.length });
      res.write(bytes.subarray(0, behaviour.after), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    if (behaviour.kind === 'truncate') {
      res.writeHead(200, { 'transfer-encoding': 'chunked' });
      res.end(bytes.subarray(0, behaviour.after));
      return;
    }
    if (behaviour.kind === 'stall') {
      res.writeHead(200, { 'content-length': bytes.length });
      res.write(bytes.subarray(0, behaviour.after));
      return;
    }
    const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (match && behaviour.kind === 'normal') {
      const start = Number(match[1]);
      if (start >= bytes.length) {
        res.writeHead(416, { 'content-range': `bytes */${bytes.length}` }).end();
        return;
      }
      res.writeHead(206, { 'content-length': bytes.length - start, 'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` });
      res.end(bytes.subarray(start));
      return;
    }
    res.writeHead(200, { 'content-length': bytes.length });
    res.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    set: (path, bytes, behaviour = { kind: 'normal' }) => files.set(path, { bytes, behaviour }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
