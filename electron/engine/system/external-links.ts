/**
 * External links leave the app only for https URLs on hosts the lessons cite.
 * Anything else (file:, javascript:, custom schemes, unknown hosts) is refused,
 * so a crafted lesson or payload cannot make the OS open arbitrary targets.
 */
export const EXTERNAL_HOST_ALLOW_LIST: readonly string[] = Object.freeze([
  'arxiv.org',
  'openai.com',
  'github.com',
  'huggingface.co',
  'onnxruntime.ai',
  'pytorch.org',
  'svelte.dev',
  'www.chartjs.org',
  'katex.org',
  'crfm.stanford.edu',
  'openaccess.thecvf.com',
  'paint.wtf',
  'www.electronjs.org',
]);

/** @example isAllowedExternalUrl('https://arxiv.org/abs/2103.00020') // → true */
export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  const host = url.hostname.toLowerCase();
  return EXTERNAL_HOST_ALLOW_LIST.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}
