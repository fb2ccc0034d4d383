/**
 * LabHost over the web host's WebSocket: one socket, binary CBOR frames
 * (`ClientFrame` out, `ServerFrame` in), typed arrays carried as binary.
 *
 * The page is opened as `/?token=…`. The token is moved into sessionStorage
 * and out of the address bar at once, so it does not end up in bookmarks,
 * screenshots or the history list, yet a reload still works.
 *
 * The socket is opened lazily on first use, so importing this module (tests,
 * tooling) has no side effects beyond reading the token.
 */
import { decode, encode } from 'cbor-x';
import type {
  CallOutcome,
  ClientFrame,
  EventName,
  EventPayloads,
  HostKind,
  MethodArgs,
  MethodName,
  MethodResult,
  ServerFrame,
} from '../../../electron/common/api';
import type { LabErrorData } from '../../../electron/common/errors';
import { HostCallError, type ConnectionState, type LabHost } from './lab-host';

const TOKEN_PARAM = 'token';
const TOKEN_STORAGE_KEY = 'aigc-lab.token';
const SOCKET_PATH = '/api/ws';
const SESSION_PATH = '/api/session';
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

export const DISCONNECTED_ERROR: LabErrorData = { code: 'internal', messageKey: 'error.disconnected' };

/** Reads the access token from the URL (then hides it) or from this tab's session storage. */
export function takeAccessToken(): string | null {
  if (typeof location === 'undefined') return null;
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get(TOKEN_PARAM);
  if (fromUrl) {
    try {
      sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    } catch {
      // Storage can be disabled; the token then lives only in memory for this page load.
    }
    url.searchParams.delete(TOKEN_PARAM);
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  try {
    return sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: HostCallError): void;
}

type AnyListener = (payload: unknown) => void;

function isServerFrame(value: unknown): value is ServerFrame {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'result' || type === 'event' || type === 'hello';
}

function isCallOutcome(value: unknown): value is CallOutcome<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

export class WsHost implements LabHost {
  readonly kind = 'web' as const;
  /** The access token, or null when the page was opened without one (the socket will be refused). */
  readonly token: string | null;
  /** Set once the server has greeted us; the host kind and version it reported. */
  server: { host: HostKind; appVersion: string; role: 'owner' | 'guest' } | null = null;

  /** A classroom browser on the LAN is a guest until the server says otherwise. */
  get role(): 'owner' | 'guest' {
    return this.server?.role ?? 'owner';
  }
  /** Whether any connection has ever opened: tells "starting" apart from "lost". */
  everConnected = false;

  private socket: WebSocket | null = null;
  private state: ConnectionState = 'connecting';
  private started = false;
  private retryAttempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private nextCallId = 1;
  private readonly pending = new Map<number, PendingCall>();
  /** Frames written while the socket was still connecting. */
  private readonly outbox: Uint8Array[] = [];
  private readonly eventListeners = new Map<EventName, Set<AnyListener>>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();

  readonly connection: LabHost['connection'];

  constructor(private readonly socketUrlFor: (token: string) => string = defaultSocketUrl) {
    this.token = takeAccessToken();
    const self = this;
    this.connection = {
      get state() {
        return self.state;
      },
      subscribe(listener) {
        self.start();
        self.stateListeners.add(listener);
        listener(self.state);
        return () => self.stateListeners.delete(listener);
      },
    };
  }

  call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<MethodResult<M>> {
    this.start();
    if (this.state === 'closed') return Promise.reject(new HostCallError(DISCONNECTED_ERROR));
    const id = this.nextCallId++;
    const frame: ClientFrame = { type: 'call', id, method, args };
    return new Promise<MethodResult<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.send(encode(frame));
    });
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    this.start();
    let listeners = this.eventListeners.get(event);
    if (!listeners) {
      listeners = new Set();
      this.eventListeners.set(event, listeners);
    }
    const stored = listener as AnyListener;
    listeners.add(stored);
    return () => listeners.delete(stored);
  }

  async openExternal(url: string): Promise<void> {
    // The engine checks the allow-list; a web host leaves the opening to the browser.
    const { opened } = await this.call('app.openExternal', { url });
    if (!opened) window.open(url, '_blank', 'noopener,noreferrer');
  }

  /** Tries to connect now instead of waiting for the next scheduled retry. */
  reconnectNow(): void {
    if (this.state !== 'closed') return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.connect();
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.connect();
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private send(bytes: Uint8Array): void {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(bytes);
    else this.outbox.push(bytes);
  }

  /** True once the server said our token is not this run's (the lab was restarted): retrying cannot help. */
  tokenExpired = false;

  private async checkToken(): Promise<void> {
    try {
      const response = await fetch(`${SESSION_PATH}?${TOKEN_PARAM}=${encodeURIComponent(this.token ?? '')}`, { cache: 'no-store' });
      if (response.status !== 401) return;
    } catch {
      return; // the server is down: keep retrying
    }
    this.tokenExpired = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    // Re-announce "closed" so the banner re-reads why.
    this.setState('connecting');
    this.setState('closed');
  }

  private connect(): void {
    this.setState('connecting');
    if (typeof WebSocket === 'undefined' || !this.token) {
      // Without a token the server refuses us; say "disconnected" instead of retrying forever.
      this.handleClose();
      return;
    }
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.socketUrlFor(this.token));
    } catch {
      this.handleClose();
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.addEventListener('open', () => {
      if (this.socket !== socket) return;
      this.retryAttempt = 0;
      this.everConnected = true;
      for (const bytes of this.outbox.splice(0)) socket.send(bytes);
      this.setState('open');
    });
    socket.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (this.socket !== socket) return;
      this.handleMessage(event.data);
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.handleClose();
    });
  }

  private handleMessage(data: unknown): void {
    if (!(data instanceof ArrayBuffer)) return;
    let frame: unknown;
    try {
      frame = decode(new Uint8Array(data));
    } catch (error) {
      console.warn('[aigc-lab] undecodable frame from the web host', error);
      return;
    }
    if (!isServerFrame(frame)) return;
    switch (frame.type) {
      case 'hello':
        this.server = { host: frame.host, appVersion: frame.appVersion, role: frame.role };
        break;
      case 'result': {
        const call = this.pending.get(frame.id);
        if (!call) return;
        this.pending.delete(frame.id);
        if (!isCallOutcome(frame.outcome)) {
          call.reject(new HostCallError({ code: 'internal', messageKey: 'error.internal', detail: 'malformed result frame' }));
        } else if (frame.outcome.ok) {
          call.resolve(frame.outcome.value);
        } else {
          call.reject(new HostCallError(frame.outcome.error));
        }
        break;
      }
      case 'event': {
        const listeners = this.eventListeners.get(frame.name);
        if (!listeners) return;
        for (const listener of [...listeners]) {
          try {
            listener(frame.payload);
          } catch (error) {
            console.error(`[aigc-lab] ${frame.name} listener failed`, error);
          }
        }
        break;
      }
    }
  }

  private handleClose(): void {
    const calls = [...this.pending.values()];
    this.pending.clear();
    this.outbox.length = 0;
    for (const call of calls) call.reject(new HostCallError(DISCONNECTED_ERROR));
    this.setState('closed');
    if (!this.token || this.tokenExpired) return;
    if (this.retryAttempt === 2) void this.checkToken();
    const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.retryAttempt) * (0.75 + Math.random() * 0.5);
    this.retryAttempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }
}

const CLIENT_STORAGE_KEY = 'aigc-lab.client';

/**
 * A random id this browser keeps, so in classroom mode the lab recognises a
 * student's browser again after a reload (its language and progress are kept
 * in the host's memory under this id). Not a secret: the token is.
 */
function clientId(): string {
  try {
    let id = localStorage.getItem(CLIENT_STORAGE_KEY);
    if (!id) {
      id = crypto.randomUUID();
      localStorage.setItem(CLIENT_STORAGE_KEY, id);
    }
    return id;
  } catch {
    return crypto.randomUUID();
  }
}

function defaultSocketUrl(token: string): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${location.host}${SOCKET_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}&client=${encodeURIComponent(clientId())}`;
}
