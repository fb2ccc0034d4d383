/** The session's CSP header and permission handlers, driven through a fake session. */
import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { applySessionSecurity } from '../../../electron/main/session-security';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/security-policy';

type HeadersListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders: Record<string, string[]> }) => void,
) => void;
type RequestHandler = (contents: WebContents, permission: string, callback: (granted: boolean) => void, details: object) => void;
type CheckHandler = (contents: WebContents | null, permission: string, origin: string, details: object) => boolean;

function setup(cameraOpen: boolean) {
  const captured: { headers?: HeadersListener; request?: RequestHandler; check?: CheckHandler; device?: () => boolean } = {};
  const session = {
    webRequest: { onHeadersReceived: (listener: HeadersListener) => (captured.headers = listener) },
    setPermissionRequestHandler: (handler: RequestHandler) => (captured.request = handler),
    setPermissionCheckHandler: (handler: CheckHandler) => (captured.check = handler),
    setDevicePermissionHandler: (handler: () => boolean) => (captured.device = handler),
  };
  const gate = vi.fn(() => cameraOpen);
  applySessionSecurity(session as unknown as Session, gate);
  const contents = {} as WebContents;
  const request = (permission: string, details: object) =>
    new Promise<boolean>((resolve) => captured.request!(contents, permission, resolve, details));
  const check = (permission: string, details: object) => captured.check!(contents, permission, 'app://lab', details);
  return { captured, request, check, gate };
}

const fromLab = { requestingUrl: 'app://lab/index.html#/lesson/webcam/1', isMainFrame: true };

describe('applySessionSecurity', () => {
  it('puts the CSP on every response, replacing any other', () => {
    const { captured } = setup(false);
    const callback = vi.fn();
    captured.headers!({ responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  it('denies permission requests and checks except the camera in a camera lesson', async () => {
    const closed = setup(false);
    expect(await closed.request('media', { ...fromLab, mediaTypes: ['video'] })).toBe(false);
    expect(closed.check('media', { ...fromLab, mediaType: 'video' })).toBe(false);
    expect(await closed.request('geolocation', fromLab)).toBe(false);
    expect(await closed.request('notifications', fromLab)).toBe(false);

    const open = setup(true);
    expect(await open.request('media', { ...fromLab, mediaTypes: ['video'] })).toBe(true);
    expect(open.check('media', { isMainFrame: true, mediaType: 'video' })).toBe(true);
    expect(await open.request('media', { ...fromLab, mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(await open.request('geolocation', fromLab)).toBe(false);
  });

  it('refuses every device (HID, USB, serial)', () => {
    const { captured } = setup(true);
    expect(captured.device!()).toBe(false);
  });
});
