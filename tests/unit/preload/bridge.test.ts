/** The preload bridge: exactly the contract's methods and events, nothing else, and payload-only listeners. */
import { describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES, METHOD_NAMES, type EventName } from '../../../electron/common/api';
import { createBridge, createEventHub, type Invoke, type Subscribe } from '../../../electron/preload/bridge';

function setup(invokeImpl: Invoke = async (method, args) => ({ ok: true, value: { method, args } })) {
  const invoke = vi.fn(invokeImpl);
  const hub = createEventHub();
  const subscribe = vi.fn<Subscribe>((name, listener) => hub.subscribe(name, listener));
  return { bridge: createBridge(invoke, subscribe), invoke, subscribe, hub };
}

describe('createBridge', () => {
  it('exposes host, methods and events, and nothing else', () => {
    const { bridge } = setup();
    expect(Object.keys(bridge).sort()).toEqual(['events', 'host', 'methods']);
    expect(bridge.host).toBe('electron');
  });

  it('has one method per contract method, exactly', () => {
    const { bridge } = setup();
    expect(Object.keys(bridge.methods).sort()).toEqual([...METHOD_NAMES].sort());
    for (const name of METHOD_NAMES) expect(bridge.methods[name]).toBeTypeOf('function');
  });

  it('has one subscribe function per contract event, exactly', () => {
    const { bridge } = setup();
    expect(Object.keys(bridge.events).sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('offers no raw IPC, no generic send and no way to add members', () => {
    const { bridge } = setup();
    for (const key of ['ipcRenderer', 'send', 'invoke', 'on', 'call', 'require']) {
      expect(bridge).not.toHaveProperty(key);
      expect(bridge.methods).not.toHaveProperty(key);
    }
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.isFrozen(bridge.methods)).toBe(true);
    expect(Object.isFrozen(bridge.events)).toBe(true);
  });

  it('sends each method under its own fixed name, whatever the arguments say', async () => {
    const { bridge, invoke } = setup();
    for (const name of METHOD_NAMES) {
      const call = bridge.methods[name] as (args: unknown) => Promise<unknown>;
      await call({ method: 'system.info', spoof: true });
      expect(invoke).toHaveBeenLastCalledWith(name, { method: 'system.info', spoof: true });
    }
    expect(invoke).toHaveBeenCalledTimes(METHOD_NAMES.length);
  });

  it("returns main's outcome, and an error outcome when the call never reached main", async () => {
    const ok = setup();
    expect(await ok.bridge.methods['settings.get']({})).toEqual({ ok: true, value: { method: 'settings.get', args: {} } });
    const failing = setup(async () => {
      throw new Error('An object could not be cloned.');
    });
    expect(await failing.bridge.methods['jobs.list']({})).toEqual({
      ok: false,
      error: { code: 'internal', messageKey: 'error.internal', detail: 'An object could not be cloned.' },
    });
  });

  it('delivers only the payload to event listeners, and unsubscribes once', () => {
    const { bridge, hub } = setup();
    const listener = vi.fn();
    const stop = bridge.events.onDidChangeSettings(listener);
    const settings = { locale: 'zh-CN', theme: 'dark', executionProvider: 'auto', modelDir: null };
    hub.dispatch('onDidChangeSettings', settings);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([settings]);

    hub.dispatch('onDidJobEnd', { jobId: 'x' });
    expect(listener).toHaveBeenCalledTimes(1);

    stop();
    stop();
    hub.dispatch('onDidChangeSettings', settings);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('refuses a listener that is not a function', () => {
    const { bridge } = setup();
    const subscribe = bridge.events.onDidJobProgress as (listener: unknown) => () => void;
    expect(() => subscribe('not a function')).toThrow(TypeError);
  });
});

describe('createEventHub', () => {
  it('drops unknown event names and non-string names', () => {
    const hub = createEventHub();
    const listener = vi.fn();
    for (const name of EVENT_NAMES) hub.subscribe(name, listener);
    hub.dispatch('onDidSomethingElse', 1);
    hub.dispatch(42, 1);
    hub.dispatch({ toString: () => 'onDidJobEnd' }, 1);
    expect(listener).not.toHaveBeenCalled();
  });

  it('keeps delivering to other listeners when one throws', () => {
    const hub = createEventHub();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const good = vi.fn();
    hub.subscribe('onDidJobEnd', () => {
      throw new Error('boom');
    });
    hub.subscribe('onDidJobEnd', good);
    hub.dispatch('onDidJobEnd', { jobId: 'j' });
    expect(good).toHaveBeenCalledWith({ jobId: 'j' });
    error.mockRestore();
  });

  it('refuses to subscribe to a name outside the contract', () => {
    const hub = createEventHub();
    expect(() => hub.subscribe('onDidNothing' as EventName, () => {})).toThrow(TypeError);
  });
});
