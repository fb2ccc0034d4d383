/**
 * The one IPC channel: `ipcRenderer.invoke(IPC_CALL_CHANNEL, method, args)`
 * from the preload lands here and goes to `engine.call`, which validates the
 * arguments against electron/common/api.ts and never throws. Engine events go
 * back on IPC_EVENT_CHANNEL as `(name, payload)`.
 */
import type { IpcMain, WebContents } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type CallOutcome } from '../common/api.js';
import type { Engine } from '../engine/index.js';
import { isAppUrl, isTrustedIpcSender } from './security-policy.js';

/** What a call from anything but our own top-level page gets back. */
export const UNTRUSTED_SENDER_OUTCOME: CallOutcome<never> = {
  ok: false,
  error: { code: 'unauthorized', messageKey: 'error.unauthorized', detail: 'IPC calls are accepted only from app://lab/' },
};

/**
 * Registers the handler and the event forwarding; returns a function undoing both.
 * `target` gives the WebContents events go to (the main window's, or null when it is closed).
 */
export function registerIpc(ipcMain: IpcMain, engine: Pick<Engine, 'call' | 'onEvent'>, target: () => WebContents | null): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event, method: unknown, args: unknown) => {
    // senderFrame is null once the frame navigated away or was destroyed: refuse then too.
    if (!isTrustedIpcSender(event.senderFrame)) {
      console.warn(`[aigc-lab] refused an IPC call from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
      return UNTRUSTED_SENDER_OUTCOME;
    }
    return engine.call(method, args);
  });

  const stopEvents = engine.onEvent((name, payload) => {
    const contents = target();
    // Only a live page of ours receives events (typed arrays in payloads travel by structured clone).
    if (!contents || contents.isDestroyed() || !isAppUrl(contents.getURL())) return;
    contents.send(IPC_EVENT_CHANNEL, name, payload);
  });

  return () => {
    stopEvents();
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
  };
}
