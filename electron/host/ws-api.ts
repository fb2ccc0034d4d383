/**
 * The API over a WebSocket: each binary frame is one CBOR-encoded ClientFrame
 * or ServerFrame (api.ts). CBOR keeps typed arrays binary, so tensors never
 * travel as JSON number lists. A frame that cannot be decoded or has the wrong
 * shape gets an error reply; the connection and the process stay up.
 */
import { decode, encode } from 'cbor-x';
import type { WebSocket } from 'ws';
import type { ServerFrame } from '../common/api.js';
import { LabError } from '../common/errors.js';
import type { Engine } from '../engine/index.js';

/** Frames larger than this are refused by the socket layer (a 4k RGB image in float32 fits). */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

function send(socket: WebSocket, frame: ServerFrame): void {
  if (socket.readyState === socket.OPEN) socket.send(encode(frame));
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

export function serveApiConnection(socket: WebSocket, engine: Engine, hello: Extract<ServerFrame, { type: 'hello' }>): void {
  const unsubscribe = engine.onEvent((name, payload) => send(socket, { type: 'event', name, payload }));
  socket.on('close', unsubscribe);
  socket.on('error', unsubscribe);
  send(socket, hello);

  socket.on('message', (raw, isBinary) => {
    let data: unknown;
    try {
      if (!isBinary) throw new Error('text frames are not accepted; send CBOR in binary frames');
      const bytes = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw as ArrayBuffer);
      data = decode(bytes);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      send(socket, { type: 'result', id: -1, outcome: { ok: false, error: new LabError('validation', { detail }).toData() } });
      return;
    }
    const call = parseCall(data);
    if ('error' in call) {
      send(socket, { type: 'result', id: call.id ?? -1, outcome: { ok: false, error: new LabError('validation', { detail: call.error }).toData() } });
      return;
    }
    void engine.call(call.method, call.args).then((outcome) => send(socket, { type: 'result', id: call.id, outcome }));
  });
}
