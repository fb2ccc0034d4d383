import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode, encode } from 'cbor-x';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import type { CallOutcome, ServerFrame } from '../../../electron/common/api';
import { createEngine, type Engine } from '../../../electron/engine/index';
import { appPaths } from '../../../electron/engine/paths';
import { API_PATH, startWebHost, type RunningWebHost } from '../../../electron/host/server';

const root = resolve(import.meta.dirname, '..', '..', '..');
let engine: Engine;
let host: RunningWebHost;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(os.tmpdir(), 'aigc-lab-host-'));
  const paths = appPaths(root);
  engine = await createEngine({
    appVersion: 'test',
    paths,
    dataDir,
    host: { kind: 'web', electronVersion: null, describeGpu: async () => null, openExternal: async () => false },
  });
  host = await startWebHost({
    engine,
    appVersion: 'test',
    rendererDir: join(root, 'tests', 'fixtures', 'renderer'),
    lessonsDir: paths.lessonsDir,
    bindAddress: '127.0.0.1',
    port: 0,
  });
});

afterAll(async () => {
  await host.close();
  await engine.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

function connect(options: { token?: string; origin?: string } = {}): Promise<{ socket: WebSocket; frames: ServerFrame[] } | { refused: string }> {
  const origin = options.origin ?? `http://127.0.0.1:${host.port}`;
  const socket = new WebSocket(`ws://127.0.0.1:${host.port}${API_PATH}?token=${options.token ?? host.token}`, { origin });
  const frames: ServerFrame[] = [];
  socket.on('message', (data: Buffer) => frames.push(decode(data) as ServerFrame));
  return new Promise((resolve) => {
    socket.once('open', () => resolve({ socket, frames }));
    socket.once('unexpected-response', (_request, response) => resolve({ refused: String(response.statusCode) }));
    socket.once('error', (error) => resolve({ refused: error.message }));
  });
}

async function reply(frames: ServerFrame[], id: number): Promise<CallOutcome<unknown>> {
  for (let i = 0; i < 200; i++) {
    const found = frames.find((f): f is Extract<ServerFrame, { type: 'result' }> => f.type === 'result' && f.id === id);
    if (found) return found.outcome;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no reply for call ${id}`);
}

describe('web host', () => {
  it('binds 127.0.0.1 and prints a URL carrying the token', () => {
    expect(host.urls).toEqual([`http://127.0.0.1:${host.port}/?token=${host.token}`]);
    expect(host.token.length).toBeGreaterThanOrEqual(24);
  });

  it('refuses a connection without the right token or from another origin', async () => {
    expect(await connect({ token: 'wrong' })).toEqual({ refused: '401' });
    expect(await connect({ token: '' })).toEqual({ refused: '401' });
    expect(await connect({ origin: 'https://evil.example' })).toEqual({ refused: '403' });
  });

  it('answers calls, and answers malformed frames with typed errors while staying up', async () => {
    const connection = await connect();
    if ('refused' in connection) throw new Error(connection.refused);
    const { socket, frames } = connection;
    socket.send(Buffer.from([0xff, 0x00, 0x13]));
    socket.send('a text frame');
    socket.send(encode({ type: 'call', id: 'x', method: 'system.info', args: {} }));
    socket.send(encode({ type: 'call', id: 1, method: 'jobs.cancel', args: { jobId: 42 } }));
    socket.send(encode({ type: 'call', id: 2, method: 'no.such.method', args: {} }));
    socket.send(encode({ type: 'call', id: 3, method: 'settings.update', args: { patch: { theme: 'neon' } } }));
    socket.send(encode({ type: 'call', id: 4, method: 'lessons.get', args: { id: 'x'.repeat(10_000), locale: 'en' } }));
    socket.send(encode({ type: 'call', id: 5, method: 'system.info', args: {} }));

    expect((await reply(frames, 1)) as unknown).toMatchObject({ ok: false, error: { code: 'validation', messageKey: 'error.validation' } });
    expect((await reply(frames, 2)) as unknown).toMatchObject({ ok: false, error: { code: 'unknownMethod' } });
    expect((await reply(frames, 3)) as unknown).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect((await reply(frames, 4)) as unknown).toMatchObject({ ok: false, error: { code: 'validation' } });
    const info = await reply(frames, 5);
    expect(info.ok).toBe(true);
    const invalidFrames = frames.filter((f) => f.type === 'result' && f.id === -1);
    expect(invalidFrames).toHaveLength(3);
    expect(frames[0]).toMatchObject({ type: 'hello', host: 'web' });
    socket.close();
  });

  it('carries typed arrays as binary and streams job events to the socket', async () => {
    const connection = await connect();
    if ('refused' in connection) throw new Error(connection.refused);
    const { socket, frames } = connection;
    socket.send(encode({ type: 'call', id: 1, method: 'jobs.start', args: { kind: 'engine.check', args: { runs: 3 } } }));
    const started = await reply(frames, 1);
    expect(started.ok).toBe(true);
    const jobId = (started as { ok: true; value: { jobId: string } }).value.jobId;
    let end: ServerFrame | undefined;
    for (let i = 0; i < 400 && !end; i++) {
      end = frames.find((f) => f.type === 'event' && f.name === 'onDidJobEnd' && (f.payload as { jobId: string }).jobId === jobId);
      await new Promise((r) => setTimeout(r, 25));
    }
    const payload = (end as Extract<ServerFrame, { type: 'event' }>).payload as { status: string; result: { output: unknown } };
    expect(payload.status).toBe('succeeded');
    expect(payload.result.output).toBeInstanceOf(Float32Array);
    socket.close();
  });

  it('tells a page whether its token belongs to this run', async () => {
    expect((await fetch(`http://127.0.0.1:${host.port}/api/session?token=${host.token}`)).status).toBe(204);
    expect((await fetch(`http://127.0.0.1:${host.port}/api/session?token=from-an-earlier-run`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${host.port}/api/session`)).status).toBe(401);
  });

  it('serves the renderer with the CSP header and refuses path traversal', async () => {
    const page = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const escape = await fetch(`http://127.0.0.1:${host.port}/%2e%2e/%2e%2e/package.json`);
    expect(escape.status).toBe(404);
  });
});
