/**
 * The only place main hands a URL to the operating system. The engine's
 * `app.openExternal` handler checks the allow-list before calling this, and
 * this checks again, so no caller (menu, window.open, a link click) can skip it.
 */
import { shell } from 'electron';
import { isAllowedExternalUrl } from './security-policy.js';

export async function openExternalSafely(url: string): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) return false;
  await shell.openExternal(url);
  return true;
}
