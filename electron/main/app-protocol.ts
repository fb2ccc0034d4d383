/**
 * The `app://lab/` protocol that replaces `file://`: registered as privileged
 * before `ready`, then served by app-files.ts for one session.
 */
import { protocol, type Session } from 'electron';
import { serveAppRequest } from './app-files.js';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, type AppProtocolRoots } from './security-policy.js';

/** Must run before `app` is ready: Chromium reads scheme privileges once at start-up. */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

/** Serves app://lab/ in `session`; every response carries the CSP (see APP_RESPONSE_HEADERS). */
export function handleAppProtocol(session: Session, roots: AppProtocolRoots): void {
  session.protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, roots));
}
