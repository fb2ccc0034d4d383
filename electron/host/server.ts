/**
 * The web host: the built renderer over HTTP and the API over a WebSocket at
 * /api/ws, for tests, for `npm start` when Electron cannot start, and for a
 * classroom sharing one lab on the LAN (opt-in, still token-protected).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { WebSocketServer } from 'ws';
import { LOOPBACK_HOSTNAMES, originAllowed, tokenMatches } from './access.js';
import { serveStatic, type StaticMount } from './static-files.js';
import { MAX_FRAME_BYTES, serveApiConnection } from './ws-api.js';
import { guestCaller, OWNER } from '../engine/callers.js';
import type { Engine } from '../engine/index.js';

export interface WebHostOptions {
  engine: Engine;
  appVersion: string;
  rendererDir: string;
  lessonsDir: string;
  /** 127.0.0.1 unless the teacher opts into LAN mode (0.0.0.0). */
  bindAddress: string;
  port: number;
  /** Fixed token for tests; a random one per run otherwise. */
  token?: string;
}

export interface RunningWebHost {
  port: number;
  token: string;
  /** Page URLs with the token, one per address a browser can use. */
  urls: string[];
  close(): Promise<void>;
}

export const API_PATH = '/api/ws';
export const SESSION_PATH = '/api/session';

function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((entry): entry is os.NetworkInterfaceInfo => !!entry && entry.family === 'IPv4' && !entry.internal)
    .map((entry) => entry.address);
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1' || (address?.startsWith('127.') ?? false);
}

export function createToken(): string {
  return randomBytes(24).toString('base64url');
}

export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  const token = options.token ?? createToken();
  const lan = options.bindAddress !== '127.0.0.1' && options.bindAddress !== 'localhost';
  const allowedHostnames = new Set<string>([...LOOPBACK_HOSTNAMES, ...(lan ? [...lanAddresses(), os.hostname().toLowerCase()] : [])]);
  const mounts: StaticMount[] = [
    { prefix: '/lessons/', root: options.lessonsDir },
    { prefix: '/', root: options.rendererDir },
  ];

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://host');
    if (url.pathname === SESSION_PATH) {
      // Lets a page that keeps failing to connect tell "server down" from "my token is from an earlier run".
      response.writeHead(tokenMatches(token, url.searchParams.get('token')) ? 204 : 401, { 'Cache-Control': 'no-store' }).end();
      return;
    }
    serveStatic(request, response, mounts).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://host');
    const refuse = (status: number, reason: string): void => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== API_PATH) return refuse(404, 'Not Found');
    if (!tokenMatches(token, url.searchParams.get('token'))) return refuse(401, 'Unauthorized');
    if (!originAllowed(request.headers.origin, request.headers.host, allowedHostnames)) return refuse(403, 'Forbidden');
    // The machine's own browsers are the owner; in classroom mode everyone else is a guest.
    const caller = isLoopback(request.socket.remoteAddress) ? OWNER : guestCaller(url.searchParams.get('client'), randomUUID());
    sockets.handleUpgrade(request, socket, head, (ws) =>
      serveApiConnection(ws, options.engine, caller, { type: 'hello', host: 'web', appVersion: options.appVersion, role: caller.kind }),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.bindAddress, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hosts = ['127.0.0.1', ...(lan ? lanAddresses() : [])];

  return {
    port,
    token,
    urls: hosts.map((host) => `http://${host}:${port}/?token=${token}`),
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
