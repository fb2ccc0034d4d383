/**
 * Downloads one file into a `.part` file with Node's built-in fetch: resumes
 * with an HTTP Range request when a `.part` is already there (restarting when
 * the server ignores Range), hashes with sha256 while the bytes stream in (the
 * bytes already on disk are hashed first), and turns every failure into a
 * LabError the user can act on.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { LabError } from '../../common/errors.js';

export interface ExpectedFile {
  size: number | null;
  sha256: string | null;
}

export interface DownloadFileOptions {
  url: string;
  /** Where the bytes go; an existing file there is resumed. */
  partPath: string;
  /** The file's relative path, for messages. */
  file: string;
  expected: ExpectedFile;
  signal?: AbortSignal | undefined;
  /** Called as bytes arrive: bytes of this file so far (resumed ones included) and its size when known. */
  onBytes?: ((received: number, total: number | null) => void) | undefined;
  /** Checked once the server has said how many bytes are coming; throws when they will not fit. */
  ensureSpace?: ((bytes: number) => Promise<void>) | undefined;
  fetch?: typeof fetch | undefined;
}

export interface DownloadedFile {
  size: number;
  sha256: string;
  /** Bytes that were already in the .part file and were not fetched again (0 for a fresh download). */
  resumedFrom: number;
}

/** Error codes of a connection that never opened, by the failing system call's code. */
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function causeCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return '';
}

export function cancelledError(): LabError {
  return new LabError('jobCancelled', { messageKey: 'error.models.cancelled' });
}

/** A failure to open the connection: offline or DNS (error.models.offline) or a refused/unreachable host. */
export function connectError(url: string, error: unknown): LabError {
  const code = causeCode(error);
  const host = hostOf(url);
  const detail = `${url}: ${code || (error as Error)?.message || String(error)}`;
  if (DNS_CODES.has(code)) return new LabError('network', { messageKey: 'error.models.offline', params: { host }, detail });
  return new LabError('network', { messageKey: 'error.models.unreachable', params: { host }, detail });
}

function droppedError(file: string, received: number, error: unknown): LabError {
  return new LabError('network', {
    messageKey: 'error.models.connectionDropped',
    params: { file, received },
    detail: `${file}: connection lost after ${received} bytes (${causeCode(error) || (error as Error)?.message || String(error)})`,
  });
}

function diskFullError(needed: number, available: number | null, detail: string): LabError {
  return new LabError('fileAccess', {
    messageKey: 'error.models.diskFull',
    params: { needed: formatBytes(needed), available: available === null ? '0 B' : formatBytes(available) },
    detail,
  });
}

export { diskFullError };

/** @example formatBytes(1536) // → '1.5 KB' */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

async function sizeOf(path: string): Promise<number> {
  return stat(path).then(
    (s) => s.size,
    () => 0,
  );
}

async function hashExisting(path: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

/** `bytes 100-199/1000` → { start: 100, total: 1000 } (total null for `*`). */
function parseContentRange(header: string | null): { start: number; total: number | null } | null {
  const match = /^bytes\s+(\d+)-\d+\/(\d+|\*)$/i.exec(header?.trim() ?? '');
  if (!match) return null;
  return { start: Number(match[1]), total: match[2] === '*' ? null : Number(match[2]) };
}

/**
 * Fetches `url` into `partPath`, resuming what is there, and verifies size and
 * sha256 against `expected` (each null means "not known yet": accepted and
 * returned so the caller can pin it). A hash or size mismatch deletes the
 * `.part`; a dropped connection keeps it so the next call resumes.
 *
 * @example await downloadFile({ url, partPath: '/m/.staging/clip/config.json.part', file: 'config.json', expected: { size: 4186, sha256: 'ab12…' } }) // → { size: 4186, sha256: 'ab12…', resumedFrom: 0 }
 */
export async function downloadFile(options: DownloadFileOptions): Promise<DownloadedFile> {
  const { url, partPath, file, expected, signal } = options;
  const doFetch = options.fetch ?? fetch;
  let existing = await sizeOf(partPath);
  if (expected.size !== null && existing > expected.size) {
    await rm(partPath, { force: true });
    existing = 0;
  }

  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw cancelledError();
    let hash = createHash('sha256');
    if (existing > 0) await hashExisting(partPath, hash);
    const resumedFrom = existing;

    let received = existing;
    let total: number | null = expected.size;
    if (!(expected.size !== null && existing === expected.size)) {
      const headers: Record<string, string> = { 'accept-encoding': 'identity' };
      if (existing > 0) headers.range = `bytes=${existing}-`;
      let response: Response;
      try {
        response = await doFetch(url, { headers, signal: signal ?? null, redirect: 'follow' });
      } catch (error) {
        if (signal?.aborted) throw cancelledError();
        throw connectError(url, error);
      }

      let append = false;
      if (response.status === 206 && existing > 0) {
        const range = parseContentRange(response.headers.get('content-range'));
        if (range && range.start === existing) {
          append = true;
          total = range.total ?? total;
        }
      }
      if (response.status === 416 && existing > 0 && attempt === 0) {
        // The .part is as long as the file or longer than the server's copy: start over once.
        await response.body?.cancel();
        await rm(partPath, { force: true });
        existing = 0;
        continue;
      }
      if (!append && !(response.ok && response.status !== 206)) {
        await response.body?.cancel().catch(() => undefined);
        if (response.status === 206) {
          // A partial answer for a range we did not ask for: start over from byte 0.
          await rm(partPath, { force: true });
          existing = 0;
          if (attempt === 0) continue;
        }
        throw new LabError('network', {
          messageKey: response.status === 404 ? 'error.models.httpNotFound' : 'error.models.httpStatus',
          params: { file, status: response.status },
          detail: `${url}: HTTP ${response.status} ${response.statusText}`,
        });
      }
      if (!append) {
        // A fresh download, or a server that ignored Range and sent the whole file: restart the hash too.
        received = 0;
        hash = createHash('sha256');
        const length = response.headers.get('content-length');
        total = length !== null && /^\d+$/.test(length) ? Number(length) : expected.size;
      }
      if (expected.size !== null && total !== null && total !== expected.size) {
        await response.body?.cancel().catch(() => undefined);
        throw new LabError('modelInvalid', {
          messageKey: 'error.models.sizeMismatch',
          params: { file, expected: expected.size, actual: total },
          detail: `${url} is ${total} bytes; the catalog says ${expected.size}`,
        });
      }
      if (total !== null) await options.ensureSpace?.(total - received);

      const handle = await open(partPath, append ? 'a' : 'w');
      try {
        options.onBytes?.(received, total);
        if (response.body) {
          try {
            for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
              try {
                await handle.write(chunk);
              } catch (error) {
                if ((error as NodeJS.ErrnoException).code === 'ENOSPC')
                  throw diskFullError(total ?? received + chunk.length, null, (error as Error).message);
                throw error;
              }
              hash.update(chunk);
              received += chunk.length;
              if (expected.size !== null && received > expected.size) {
                throw new LabError('modelInvalid', {
                  messageKey: 'error.models.sizeMismatch',
                  params: { file, expected: expected.size, actual: received },
                  detail: `${url} sent more than the ${expected.size} bytes the catalog lists`,
                });
              }
              options.onBytes?.(received, total);
            }
          } catch (error) {
            if (error instanceof LabError) throw error;
            if (signal?.aborted) throw cancelledError();
            throw droppedError(file, received, error);
          }
        }
      } finally {
        await handle.close();
      }
      const announced = total;
      if (announced !== null && received < announced) {
        throw new LabError('network', {
          messageKey: 'error.models.truncated',
          params: { file, received, expected: announced },
          detail: `${url}: the body ended after ${received} of ${announced} bytes`,
        });
      }
    }

    if (expected.size !== null && received !== expected.size) {
      const error =
        received < expected.size
          ? new LabError('network', {
              messageKey: 'error.models.truncated',
              params: { file, received, expected: expected.size },
              detail: `${url}: got ${received} of ${expected.size} bytes`,
            })
          : new LabError('modelInvalid', { messageKey: 'error.models.sizeMismatch', params: { file, expected: expected.size, actual: received } });
      if (received > expected.size) await rm(partPath, { force: true });
      throw error;
    }
    const sha256 = hash.digest('hex');
    if (expected.sha256 !== null && sha256 !== expected.sha256) {
      await rm(partPath, { force: true });
      throw new LabError('modelInvalid', {
        messageKey: 'error.models.hashMismatch',
        params: { file },
        detail: `${file}: sha256 ${sha256}, expected ${expected.sha256}`,
      });
    }
    return { size: received, sha256, resumedFrom };
  }
}
