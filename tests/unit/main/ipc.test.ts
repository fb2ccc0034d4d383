/** The single IPC channel: who may call, what reaches the engine, where events go. */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type CallOutcome, type EventName } from '../../../electron/common/api';
import type { EventListener } from '../../../electron/engine/index';
import { registerIpc, UNTRUSTED_SENDER_OUTCOME } from '../../../electron/main/ipc';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

function setup(pageUrl = 'app://lab/index.html#/lesson/welcome/1') {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: vi.fn((channel: string, handler: Handler) => handlers.set(channel, handler)),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
  };
  const listeners = new Set<EventListener>();
  const engine = {
    call: vi.fn(async (method: unknown): Promise<CallOutcome<unknown>> => ({ ok: true, value: { echoed: method } })),
    onEvent: vi.fn((listener: EventListener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    }),
  };
  const contents = { send: vi.fn(), isDestroyed: vi.fn(() => false), getURL: vi.fn(() => pageUrl) };
  let target: typeof contents | null = contents;
  const undo = registerIpc(ipcMain as unknown as IpcMain, engine, () => target as unknown as WebContents | null);
  const invoke = (frame: { url: string; parent: unknown } | null, method: unknown, args: unknown) =>
    handlers.get(IPC_CALL_CHANNEL)!({ senderFrame: frame } as unknown as IpcMainInvokeEvent, method, args);
  const emit = (name: EventName, payload: unknown) => {
    for (const listener of listeners) (listener as (n: EventName, p: unknown) => void)(name, payload);
  };
  return { ipcMain, handlers, engine, contents, invoke, emit, undo, setTarget: (t: typeof contents | null) => (target = t) };
}

describe('registerIpc', () => {
  it('registers exactly one handler, on the call channel', () => {
    const { ipcMain, handlers } = setup();
    expect(ipcMain.handle).toHaveBeenCalledOnce();
    expect([...handlers.keys()]).toEqual([IPC_CALL_CHANNEL]);
  });

  it('passes calls from our top-level page to engine.call unchanged', async () => {
    const { invoke, engine } = setup();
    const outcome = await invoke({ url: 'app://lab/index.html', parent: null }, 'settings.get', {});
    expect(engine.call).toHaveBeenCalledWith('settings.get', {});
    expect(outcome).toEqual({ ok: true, value: { echoed: 'settings.get' } });
  });

  it.each([
    ['a remote page', { url: 'https://evil.example/', parent: null }],
    ['a file page', { url: 'file:///tmp/x.html', parent: null }],
    ['another app host', { url: 'app://evil/index.html', parent: null }],
    ['a subframe of ours', { url: 'app://lab/index.html', parent: {} }],
    ['a destroyed frame', null],
  ])('refuses %s without reaching the engine', async (_label, frame) => {
    const { invoke, engine } = setup();
    expect(await invoke(frame, 'system.info', {})).toEqual(UNTRUSTED_SENDER_OUTCOME);
    expect(engine.call).not.toHaveBeenCalled();
  });

  it('forwards engine events as (name, payload) to the live app page only', () => {
    const { emit, contents, setTarget } = setup();
    const payload = { jobId: 'j', kind: 'demo.montecarlo', fraction: 0.5, messageKey: 'k', payload: { estimate: 3.1, samplesDone: 5 } };
    emit('onDidJobProgress', payload);
    expect(contents.send).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, 'onDidJobProgress', payload);

    contents.send.mockClear();
    contents.isDestroyed.mockReturnValue(true);
    emit('onDidJobProgress', payload);
    contents.isDestroyed.mockReturnValue(false);
    contents.getURL.mockReturnValue('https://evil.example/');
    emit('onDidJobProgress', payload);
    setTarget(null);
    emit('onDidJobProgress', payload);
    expect(contents.send).not.toHaveBeenCalled();
  });

  it('undoes the handler and the event subscription', () => {
    const { undo, handlers, emit, contents } = setup();
    undo();
    expect(handlers.size).toBe(0);
    emit('onDidChangeSettings', {});
    expect(contents.send).not.toHaveBeenCalled();
  });
});
