/**
 * The API over a WebSocket: each binary frame is one CBOR-encoded ClientFrame
 * or ServerFrame (api.ts). CBOR keeps typed arrays binary, so tensors never
 * travel as JSON number lists. A frame that cannot be decoded or has the wrong
 * shape gets an error reply; the connection and the process stay up.
 *
 * One connection cannot starve the others: frames have a size cap (smaller
 * for classroom guests, whose frames could otherwise decode into gigabytes),
 * calls in flight are capped, progress events are dropped while a slow client
 * has not read what it was sent, and a client that stops answering pings is
 * closed. Jobs a connection started are cancelled when it goes away: their
 * widget is gone with it.
 */
import { decode, encode } from 'cbor-x';
import type { WebSocket } from 'ws';
import type { EventName, EventPayloads, ServerFrame } from '../common/api.js';
import { LabError, type LabErrorData } from '../common/errors.js';
import type { Caller } from '../engine/callers.js';
import type { Engine } from '../engine/index.js';

/** Largest frame the socket layer accepts at all (the owner's: a 4k float32 image or a mid-size detector fits). */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;
/** Largest frame a classroom guest may send. */
export const MAX_GUEST_FRAME_BYTES = 8 * 1024 * 1024;
/** Calls one connection may have unanswered at once. */
export const MAX_CALLS_IN_FLIGHT = 32;
/** Jobs one classroom guest may run at once. */
export const MAX_GUEST_JOBS = 2;
/** Unsent bytes above which progress events to a slow client are dropped (results and job ends never are). */
const SLOW_CLIENT_BYTES = 4 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;

/** Events that only report a state the next one supersedes. */
const DROPPABLE_EVENTS: ReadonlySet<EventName> = new Set(['onDidJobProgress']);

function send(socket: WebSocket, frame: ServerFrame): void {
  if (socket.readyState === socket.OPEN) socket.send(encode(frame));
}

function errorReply(socket: WebSocket, id: number, error: LabErrorData): void {
  send(socket, { type: 'result', id, outcome: { ok: false, error } });
}

interface ParsedCall {
  id: number;
  method: unknown;
  args: unknown;
}

function parseCall(data: unknown): ParsedCall | { id: number | null; error: string } {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { id: null, error: 'frame must be a map' };
  const frame = data as Record<string, unknown>;
  const id = typeof frame.id === 'number' && Number.isSafeInteger(frame.id) ? frame.id : null;
  if (frame.type !== 'call') return { id, error: 'frame type must be "call"' };
  if (id === null) return { id, error: 'frame id must be an integer' };
  return { id, method: frame.method, args: frame.args };
}

function jobIdOf(value: unknown): string | null {
  return typeof value === 'object' && value !== null && typeof (value as { jobId?: unknown }).jobId === 'string'
    ? (value as { jobId: string }).jobId
    : null;
}

export function serveApiConnection(socket: WebSocket, engine: Engine, caller: Caller, hello: Extract<ServerFrame, { type: 'hello' }>): void {
  const startedJobs = new Set<string>();
  const unsubscribe = engine.onEvent((name, payload) => {
    // Forget jobs once they end, so the set stays as small as what is running.
    if (name === 'onDidJobEnd') startedJobs.delete((payload as EventPayloads['onDidJobEnd']).jobId);
    if (DROPPABLE_EVENTS.has(name) && socket.bufferedAmount > SLOW_CLIENT_BYTES) return;
    send(socket, { type: 'event', name, payload });
  }, caller);
  let inFlight = 0;

  let alive = true;
  socket.on('pong', () => (alive = true));
  const heartbeat = setInterval(() => {
    if (!alive) return socket.terminate();
    alive = false;
    socket.ping();
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const closed = (): void => {
    clearInterval(heartbeat);
    unsubscribe();
    for (const jobId of startedJobs) void engine.call('jobs.cancel', { jobId }, caller);
    startedJobs.clear();
  };
  socket.once('close', closed);
  socket.once('error', closed);
  send(socket, hello);

  socket.on('message', (raw, isBinary) => {
    const bytes = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    if (caller.kind === 'guest' && bytes.byteLength > MAX_GUEST_FRAME_BYTES) {
      errorReply(socket, -1, new LabError('validation', { messageKey: 'error.frameTooLarge', params: { max: MAX_GUEST_FRAME_BYTES } }).toData());
      return;
    }
    let data: unknown;
    try {
      if (!isBinary) throw new Error('text frames are not accepted; send CBOR in binary frames');
      data = decode(bytes);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      errorReply(socket, -1, new LabError('validation', { detail }).toData());
      return;
    }
    const call = parseCall(data);
    if ('error' in call) {
      errorReply(socket, call.id ?? -1, new LabError('validation', { detail: call.error }).toData());
      return;
    }
    if (inFlight >= MAX_CALLS_IN_FLIGHT) {
      errorReply(socket, call.id, new LabError('busy', { params: { limit: MAX_CALLS_IN_FLIGHT } }).toData());
      return;
    }
    if (call.method === 'jobs.start' && caller.kind === 'guest' && engine.runningJobs(caller) >= MAX_GUEST_JOBS) {
      errorReply(socket, call.id, new LabError('busy', { params: { limit: MAX_GUEST_JOBS } }).toData());
      return;
    }
    inFlight++;
    void engine.call(call.method, call.args, caller).then((outcome) => {
      inFlight--;
      if (call.method === 'jobs.start' && outcome.ok) {
        const jobId = jobIdOf(outcome.value);
        if (jobId) startedJobs.add(jobId);
      }
      send(socket, { type: 'result', id: call.id, outcome });
    });
  });
}
