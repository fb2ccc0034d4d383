/**
 * What the renderer needs from whatever runs the engine. Two implementations:
 * `electron-host.ts` (the preload bridge) and `ws-host.ts` (the web host's
 * WebSocket). Components never talk to a transport directly.
 */
import type { EventName, EventPayloads, HostKind, MethodArgs, MethodName, MethodResult } from '../../../electron/common/api';
import type { LabErrorData } from '../../../electron/common/errors';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface LabHost {
  readonly kind: Exclude<HostKind, 'cli'>;
  /** Calls one API method; rejects with a `HostCallError` carrying the engine's typed error. */
  call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<MethodResult<M>>;
  /** Subscribes to an engine event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
  /** Opens an allow-listed https link outside the app. */
  openExternal(url: string): Promise<void>;
  /**
   * 'guest' for a student's browser in classroom (LAN) mode: its settings live
   * in the host's memory and it may not change the provider or model folder.
   */
  readonly role: 'owner' | 'guest';
  /** Transport state (always 'open' under Electron). */
  readonly connection: { readonly state: ConnectionState; subscribe(listener: (state: ConnectionState) => void): () => void };
}

export class HostCallError extends Error {
  constructor(readonly data: LabErrorData) {
    super(data.detail ?? data.code);
    this.name = 'HostCallError';
  }
}
