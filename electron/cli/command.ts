import type { JobEndEvent, JobKind, MethodArgs, MethodName, MethodResult } from '../common/api.js';
import { LabError, type LabErrorData } from '../common/errors.js';
import type { Engine } from '../engine/index.js';
import type { AppPaths } from '../engine/paths.js';

export interface CliContext {
  engine: Engine;
  /** Arguments after the command name. */
  argv: string[];
  json: boolean;
  print(text: string): void;
  /** The app's shipped folders (catalog, built-in models) and the per-user data folder. */
  paths: AppPaths;
  dataDir: string;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Returns the process exit code. */
  run(context: CliContext): Promise<number>;
}

export class CliCallError extends Error {
  constructor(readonly data: LabErrorData) {
    super(`${data.code}${data.detail ? `: ${data.detail}` : ''}`);
  }
}

/** Calls one API method through the same validated handler table the windows use. */
export async function call<M extends MethodName>(engine: Engine, method: M, args: MethodArgs<M>): Promise<MethodResult<M>> {
  const outcome = await engine.call(method, args);
  if (!outcome.ok) throw new CliCallError(outcome.error);
  return outcome.value as MethodResult<M>;
}

/** Starts a job and resolves with its end event. */
export async function runJob<K extends JobKind>(
  engine: Engine,
  kind: K,
  args: Extract<MethodArgs<'jobs.start'>, { kind: K }>['args'],
): Promise<Extract<JobEndEvent, { kind: K }>> {
  let jobId: string | null = null;
  const early: JobEndEvent[] = [];
  let resolveEnd: ((event: JobEndEvent) => void) | null = null;
  const unsubscribe = engine.onEvent((name, payload) => {
    if (name !== 'onDidJobEnd') return;
    const event = payload as JobEndEvent;
    if (jobId === null) early.push(event);
    else if (event.jobId === jobId) resolveEnd?.(event);
  });
  try {
    const ended = new Promise<JobEndEvent>((resolve) => (resolveEnd = resolve));
    jobId = (await call(engine, 'jobs.start', { kind, args } as MethodArgs<'jobs.start'>)).jobId;
    const already = early.find((event) => event.jobId === jobId);
    const event = already ?? (await ended);
    if (event.status === 'failed') throw new CliCallError(event.error ?? new LabError('jobFailed').toData());
    return event as Extract<JobEndEvent, { kind: K }>;
  } finally {
    unsubscribe();
  }
}

/** JSON.stringify with typed arrays written as plain arrays. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as Float32Array) : v), 2);
}
