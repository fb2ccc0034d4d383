/**
 * Who may talk to the web host's API: the per-run token, and an Origin that is
 * this server as reached through an allowed host name. Together they stop
 * other web pages (cross-site WebSocket hijacking) and DNS-rebinding attacks.
 */
import { timingSafeEqual } from 'node:crypto';

/** Constant-time comparison so the token cannot be guessed byte by byte from timings. */
export function tokenMatches(expected: string, offered: string | null | undefined): boolean {
  if (typeof offered !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(offered, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function hostnameOf(hostHeader: string): string | null {
  try {
    return new URL(`http://${hostHeader}`).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return null;
  }
}

/**
 * @example originAllowed('http://127.0.0.1:5173', '127.0.0.1:5173', new Set(['127.0.0.1'])) // → true
 * @example originAllowed('https://evil.example', '127.0.0.1:5173', new Set(['127.0.0.1'])) // → false
 */
export function originAllowed(origin: string | undefined, hostHeader: string | undefined, allowedHostnames: ReadonlySet<string>): boolean {
  if (!origin || !hostHeader) return false;
  const hostname = hostnameOf(hostHeader);
  if (!hostname || !allowedHostnames.has(hostname)) return false;
  return origin.toLowerCase() === `http://${hostHeader.toLowerCase()}`;
}

export const LOOPBACK_HOSTNAMES: readonly string[] = ['127.0.0.1', 'localhost', '::1'];
