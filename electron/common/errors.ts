/**
 * Typed errors that cross the API boundary.
 *
 * Every error carries a message key the renderer translates (`error.<code>` in
 * renderer/src/i18n/*.json), optional parameters for that message, and a
 * developer-facing `detail` that is never shown as the main text.
 */

export const ERROR_CODES = [
  'validation',
  'unknownMethod',
  'notFound',
  'lessonMalformed',
  'jobUnknown',
  'jobCancelled',
  'jobFailed',
  'modelInvalid',
  'providerUnavailable',
  'unsupported',
  'fileAccess',
  'network',
  'unauthorized',
  'busy',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorParams = Record<string, string | number>;

export interface LabErrorData {
  code: ErrorCode;
  /** i18n key, always `error.<code>` unless a more specific key exists. */
  messageKey: string;
  params?: ErrorParams;
  /** Technical detail (schema issues, stack-free cause) for logs and the "details" disclosure. */
  detail?: string;
}

export class LabError extends Error {
  readonly code: ErrorCode;
  readonly messageKey: string;
  readonly params: ErrorParams | undefined;
  readonly detail: string | undefined;

  constructor(code: ErrorCode, options: { messageKey?: string; params?: ErrorParams; detail?: string } = {}) {
    super(options.detail ?? code);
    this.name = 'LabError';
    this.code = code;
    this.messageKey = options.messageKey ?? `error.${code}`;
    this.params = options.params;
    this.detail = options.detail;
  }

  toData(): LabErrorData {
    const data: LabErrorData = { code: this.code, messageKey: this.messageKey };
    if (this.params) data.params = this.params;
    if (this.detail) data.detail = this.detail;
    return data;
  }

  static fromData(data: LabErrorData): LabError {
    return new LabError(data.code, { messageKey: data.messageKey, params: data.params, detail: data.detail });
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Turns anything thrown into error data that is safe to send to the renderer. */
export function toErrorData(error: unknown): LabErrorData {
  if (error instanceof LabError) return error.toData();
  const detail = error instanceof Error ? error.message : String(error);
  return { code: 'internal', messageKey: 'error.internal', detail };
}

export function isLabErrorData(value: unknown): value is LabErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return isErrorCode(record.code) && typeof record.messageKey === 'string';
}
