/**
 * Session-wide rules: the CSP on every response that passes through the
 * network stack (app-protocol responses carry it themselves too), and the
 * permission handlers, which decide with security-policy.ts's decidePermission.
 */
import type { Session, WebContents } from 'electron';
import { decidePermission, withContentSecurityPolicy } from './security-policy.js';

/** Says whether the page currently shown in `contents` is a lesson that declared the camera. */
export type CameraGate = (contents: WebContents | null) => boolean;

export function applySessionSecurity(session: Session, cameraAllowed: CameraGate): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });

  // Requests (getUserMedia, fullscreen, notifications…) and checks (permissions.query,
  // enumerateDevices labels) must agree, or a page could learn one thing and be told another.
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(decidePermission(permission, details, cameraAllowed(contents)));
  });
  session.setPermissionCheckHandler((contents, permission, requestingOrigin, details) =>
    decidePermission(permission, { ...details, requestingOrigin }, cameraAllowed(contents)),
  );
  // WebHID, WebUSB and Web Serial: no lesson needs a device.
  session.setDevicePermissionHandler(() => false);
}
