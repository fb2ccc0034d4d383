/**
 * Per-page rules, applied from `app.on('web-contents-created')` to every
 * WebContents (the main window's included): no navigation away from
 * app://lab/, no new windows, no <webview>. Allow-listed https links that a
 * page tries to open go to the system browser instead.
 */
import type { WebContents } from 'electron';
import { decideNavigation, decideWindowOpen } from './security-policy.js';

export type OpenExternal = (url: string) => void;

export function hardenWebContents(contents: WebContents, openExternal: OpenExternal): void {
  // A click on a plain <a href="https://arxiv.org/…"> in a lesson arrives here.
  contents.on('will-navigate', (event) => {
    const decision = decideNavigation(event.url);
    if (decision.allow) return;
    event.preventDefault();
    if (decision.openExternally) openExternal(event.url);
  });
  // Subframes (there should be none: the CSP allows only our origin) get the same rule, without opening
  // anything. Main-frame navigations are left to 'will-navigate', whichever of the two Electron emits first.
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame) return;
    if (!decideNavigation(event.url).allow) event.preventDefault();
  });
  // A redirect is server-driven, so it is never followed out, not even to an allow-listed site.
  contents.on('will-redirect', (event) => {
    if (!decideNavigation(event.url).allow) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.openExternally) openExternal(url);
    return { action: decision.action };
  });
}
