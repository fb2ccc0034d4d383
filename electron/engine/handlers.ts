/**
 * The handler table: one function per API method, shared by Electron main,
 * the web host and the CLI. `dispatch` is the boundary: it validates the raw
 * payload against the contract's schema and turns every failure into a typed
 * error, so a malformed call can never take the process down.
 */
import type { z } from 'zod';
import { methodArgs, type CallOutcome, type MethodName, type MethodResults } from '../common/api.js';
import { LabError, toErrorData } from '../common/errors.js';
import { OWNER, type Caller } from './callers.js';

export type ParsedArgs<M extends MethodName> = z.output<(typeof methodArgs)[M]>;

export type HandlerTable = { [M in MethodName]: (args: ParsedArgs<M>, caller: Caller) => Promise<MethodResults[M]> };

function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(methodArgs, value);
}

/** Describes schema issues in one line for the error's detail. */
function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/**
 * @example await dispatch(table, 'jobs.cancel', { jobId: 42 })
 * // → { ok: false, error: { code: 'validation', messageKey: 'error.validation', detail: 'jobId: Invalid input: expected string, received number' } }
 */
export async function dispatch(table: HandlerTable, method: unknown, rawArgs: unknown, caller: Caller = OWNER): Promise<CallOutcome<unknown>> {
  if (!isMethodName(method)) {
    const name = typeof method === 'string' ? method.slice(0, 80) : `(${typeof method})`;
    return { ok: false, error: new LabError('unknownMethod', { params: { method: name } }).toData() };
  }
  const parsed = methodArgs[method].safeParse(rawArgs ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: new LabError('validation', { params: { method }, detail: describeIssues(parsed.error.issues) }).toData(),
    };
  }
  try {
    const handler = table[method] as (args: unknown, caller: Caller) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data, caller) };
  } catch (error) {
    return { ok: false, error: toErrorData(error) };
  }
}
