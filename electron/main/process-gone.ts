/**
 * Which crash deserves a dialog. A renderer that dies would otherwise leave a
 * blank window; a GPU process that dies makes Chromium fall back to software
 * drawing, which usually works but can leave the page unpainted once. Pure, so
 * the decision is tested without Electron; window.ts and index.ts show the dialogs.
 */

export type GoneDialog = 'renderer-gone' | 'gpu-gone' | null;

/** Reasons that are not failures: a normal exit, or the OS/our quit killing it. */
const BENIGN_REASONS = new Set(['clean-exit', 'killed']);

export function dialogForRendererGone(reason: string): GoneDialog {
  return BENIGN_REASONS.has(reason) ? null : 'renderer-gone';
}

/**
 * Only the GPU process gets a dialog, and only once per run: Chromium may
 * restart it a few times before settling on software rendering, and one
 * explanation is enough. Utility processes (network, audio) restart silently.
 */
export function dialogForChildGone(type: string, reason: string, alreadyShown: boolean): GoneDialog {
  if (type !== 'GPU' || BENIGN_REASONS.has(reason) || alreadyShown) return null;
  return 'gpu-gone';
}
