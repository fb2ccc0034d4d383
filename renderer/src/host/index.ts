/**
 * The one LabHost the app talks to: the preload bridge under Electron, the
 * WebSocket everywhere else. Components import `host` from here and never
 * touch a transport.
 */
import type { PRELOAD_GLOBAL as PreloadGlobalName, PreloadBridge } from '../../../electron/common/api';
import { ElectronHost } from './electron-host';
import type { LabHost } from './lab-host';
import { WsHost } from './ws-host';

export { HostCallError, type ConnectionState, type LabHost } from './lab-host';

/** Same literal as `PRELOAD_GLOBAL` in electron/common/api.ts (the renderer may only import types from there). */
const PRELOAD_GLOBAL = 'aigcLab' satisfies typeof PreloadGlobalName;

function preloadBridge(): PreloadBridge | null {
  if (typeof window === 'undefined') return null;
  const candidate = (window as unknown as Record<string, unknown>)[PRELOAD_GLOBAL];
  if (typeof candidate === 'object' && candidate !== null && (candidate as { host?: unknown }).host === 'electron') {
    return candidate as PreloadBridge;
  }
  return null;
}

function createHost(): LabHost {
  const bridge = preloadBridge();
  return bridge ? new ElectronHost(bridge) : new WsHost();
}

export const host: LabHost = createHost();
