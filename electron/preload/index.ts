/**
 * The preload (bundled to dist/node/preload.cjs; sandboxed, so it may require
 * only 'electron'). It exposes the contract on `window.aigcLab` and nothing
 * else: no ipcRenderer, no generic send, no channel names. Every method goes
 * to main on the one call channel with its fixed method name; every event
 * listener receives only the payload, never the IpcRendererEvent.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge, createEventHub } from './bridge.js';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, PRELOAD_GLOBAL } from './contract-names.js';

const hub = createEventHub();
// One IPC listener for all events; the hub drops the IpcRendererEvent and unknown names.
ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => hub.dispatch(name, payload));

contextBridge.exposeInMainWorld(
  PRELOAD_GLOBAL,
  createBridge((method, args) => ipcRenderer.invoke(IPC_CALL_CHANNEL, method, args), hub.subscribe),
);
