/**
 * Builds the object the preload exposes on `window.aigcLab`: one function per
 * contract method and one subscribe function per event, nothing else. Pure (no
 * `electron` import), so tests check its exact shape; index.ts supplies the
 * IPC functions.
 */
import type { CallOutcome, EventName, MethodName, PreloadBridge } from '../common/api.js';
import { EVENT_NAMES, METHOD_NAMES } from './contract-names.js';

/** Sends one call on the single channel and resolves with main's reply. */
export type Invoke = (method: MethodName, args: unknown) => Promise<unknown>;
/** Registers a listener for one event's payloads; returns the unsubscribe function. */
export type Subscribe = (name: EventName, listener: (payload: unknown) => void) => () => void;

function transportFailure(error: unknown): CallOutcome<never> {
  // ipcRenderer.invoke rejects only when the call never reached the engine (arguments that
  // cannot be cloned, main shutting down); the bridge still answers with an outcome.
  const detail = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code: 'internal', messageKey: 'error.internal', detail: detail.slice(0, 500) } };
}

export function createBridge(invoke: Invoke, subscribe: Subscribe): PreloadBridge {
  const methods: Record<string, (args: unknown) => Promise<unknown>> = {};
  for (const method of METHOD_NAMES) {
    methods[method] = (args) => invoke(method, args).catch(transportFailure);
  }

  const events: Record<string, (listener: (payload: unknown) => void) => () => void> = {};
  for (const name of EVENT_NAMES) {
    events[name] = (listener) => {
      if (typeof listener !== 'function') throw new TypeError(`${name} needs a listener function`);
      // Each subscription gets its own unsubscribe, and a second call to it does nothing.
      let active = true;
      const stop = subscribe(name, (payload) => {
        if (active) listener(payload);
      });
      return () => {
        if (!active) return;
        active = false;
        stop();
      };
    };
  }

  // The loops above fill exactly the contract's names (contract-names.ts is checked
  // against api.ts); the records are typed loosely only because TypeScript cannot follow a loop over a mapped type.
  return Object.freeze({
    host: 'electron',
    methods: Object.freeze(methods) as PreloadBridge['methods'],
    events: Object.freeze(events) as PreloadBridge['events'],
  });
}

/**
 * Fans the single event channel out to per-event listeners. Unknown event
 * names from main are dropped rather than delivered anywhere.
 */
export function createEventHub(): { subscribe: Subscribe; dispatch(name: unknown, payload: unknown): void } {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>(EVENT_NAMES.map((name) => [name, new Set()]));
  return {
    subscribe(name, listener) {
      const set = listeners.get(name);
      if (!set) throw new TypeError(`unknown event ${String(name)}`);
      const entry = (payload: unknown): void => listener(payload);
      set.add(entry);
      return () => set.delete(entry);
    },
    dispatch(name, payload) {
      const set = typeof name === 'string' ? listeners.get(name as EventName) : undefined;
      if (!set) return;
      for (const listener of [...set]) {
        try {
          listener(payload);
        } catch (error) {
          // One failing listener must not starve the others.
          console.error(`[aigc-lab] a ${String(name)} listener threw:`, error);
        }
      }
    },
  };
}
