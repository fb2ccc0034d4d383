/**
 * Entry point of the job worker process: runs job functions outside the
 * host's process so windows and sockets stay responsive during inference, and
 * so killing a stuck job can never take the host down (worker-channel.ts).
 * It runs as a Node child (fork) or as an Electron utilityProcess.
 */
import type { JobKind, JobPayloads, ProviderChoice } from '../../common/api.js';
import { toErrorData, LabError } from '../../common/errors.js';
import { Runtime, ortVersion } from '../runtime/ort.js';
import { checkModelBytes } from '../system/check-model.js';
import { cancelledError, type JobContext, type JobFunction, type ModelDirs } from './context.js';
import { JOB_FUNCTIONS } from './kinds/index.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { providerChoiceSchema } from '../../common/api.js';

/** At most this many progress messages a second per job; the last one (fraction 1) always goes. */
const PROGRESS_INTERVAL_MS = 33;

/** Electron's utilityProcess gives its child `process.parentPort`; a Node fork has `process.send`. */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}
const parentPort = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;

function post(message: FromWorker): void {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
}

function onParentMessage(listener: (message: ToWorker) => void): void {
  if (parentPort) parentPort.on('message', (event) => listener(event.data as ToWorker));
  else process.on('message', (message) => listener(message as ToWorker));
}

if (!parentPort && !process.send) throw new Error('the job worker must be started by the lab (fork or utilityProcess)');
// When the host goes away the IPC pipe closes; do not linger as an orphan.
process.on('disconnect', () => process.exit(0));

const requested = providerChoiceSchema.safeParse(process.env.AIGC_LAB_WORKER_PROVIDER);
const runtime = new Runtime(requested.success ? requested.data : 'auto');
const running = new Map<string, AbortController>();

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function makeContext<K extends JobKind>(jobId: string, controller: AbortController, modelDirs: ModelDirs | null): JobContext<K> {
  let lastSent = 0;
  return {
    signal: controller.signal,
    runtime,
    modelDirs,
    progress(fraction, messageKey, payload, params) {
      const now = performance.now();
      if (fraction < 1 && now - lastSent < PROGRESS_INTERVAL_MS) return;
      lastSent = now;
      const message: FromWorker = { type: 'progress', jobId, fraction: Math.min(1, Math.max(0, fraction)), messageKey };
      if (params) message.params = params;
      if (payload !== undefined) message.payload = payload satisfies JobPayloads[K];
      post(message);
    },
    async checkpoint() {
      await yieldToEventLoop();
      if (controller.signal.aborted) throw cancelledError();
    },
  };
}

async function start(jobId: string, kind: JobKind, args: unknown, modelDirs: ModelDirs | null): Promise<void> {
  const controller = new AbortController();
  running.set(jobId, controller);
  const run = JOB_FUNCTIONS[kind] as JobFunction<JobKind>;
  try {
    const result = await run(args as never, makeContext(jobId, controller, modelDirs));
    if (controller.signal.aborted) post({ type: 'end', jobId, status: 'cancelled' });
    else post({ type: 'end', jobId, status: 'succeeded', result });
  } catch (error) {
    if (controller.signal.aborted || (error instanceof LabError && error.code === 'jobCancelled')) {
      post({ type: 'end', jobId, status: 'cancelled' });
    } else {
      post({ type: 'end', jobId, status: 'failed', error: toErrorData(error) });
    }
  } finally {
    running.delete(jobId);
    if (running.size === 0 && pendingProvider !== null) applyProvider(pendingProvider);
    else post({ type: 'providers', report: runtime.report(), ortVersion });
  }
}

/**
 * A provider change releases every cached session, so it waits until no job
 * is using one (releasing a session mid-run would fail the job or worse).
 */
let pendingProvider: ProviderChoice | null = null;

function applyProvider(provider: ProviderChoice): void {
  pendingProvider = null;
  void runtime.setRequested(provider).then(probeProvider);
}

onParentMessage((message) => {
  switch (message.type) {
    case 'start':
      void start(message.jobId, message.kind, message.args, message.modelDirs ?? null);
      break;
    case 'cancel':
      running.get(message.jobId)?.abort();
      break;
    case 'setProvider':
      if (running.size === 0) applyProvider(message.provider);
      else pendingProvider = message.provider;
      break;
  }
});

/**
 * Opens the tiny check model once so the report says which provider really
 * works here (a GPU provider that fails falls back now, not in a lesson).
 */
async function probeProvider(): Promise<void> {
  try {
    await runtime.open({ key: 'builtin:engine-check', model: checkModelBytes() });
  } catch {
    // even CPU failed: the report still goes out, and jobs will surface the error
  }
  post({ type: 'providers', report: runtime.report(), ortVersion });
}

void probeProvider();
