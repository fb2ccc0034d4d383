import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type {
  JobEndEvent,
  JobKind,
  JobProgressEvent,
  JobState,
  ProviderChoice,
  ProviderReport,
} from '../../common/api.js';
import { LabError } from '../../common/errors.js';
import type { FromWorker, ToWorker, WorkerData } from './protocol.js';

export interface JobRunnerEvents {
  progress(event: JobProgressEvent): void;
  end(event: JobEndEvent): void;
  providers(report: ProviderReport): void;
}

export interface JobRunnerOptions {
  /** URL of the bundled worker entry (dist/node/job-worker.mjs). */
  workerUrl: URL;
  provider: ProviderChoice;
  events: JobRunnerEvents;
  /** How long a job may ignore a cancel before its worker is terminated. */
  hardCancelAfterMs?: number;
}

/**
 * Runs jobs in one worker thread, tracks their state and forwards progress.
 * A job that does not stop within `hardCancelAfterMs` of a cancel has its
 * worker terminated (and the worker is started afresh on the next job); a
 * worker that crashes fails its jobs, never the host process.
 */
export class JobRunner {
  private worker: Worker | null = null;
  private readonly jobs = new Map<string, JobState>();
  private readonly hardCancelTimers = new Map<string, NodeJS.Timeout>();
  private provider: ProviderChoice;
  private providersKnown: Promise<ProviderReport>;
  private resolveProviders: (report: ProviderReport) => void = () => undefined;

  constructor(private readonly options: JobRunnerOptions) {
    this.provider = options.provider;
    this.providersKnown = this.nextProviderReport();
  }

  /** The worker's report after its provider probe (it opens a tiny model on the chosen provider). */
  whenProvidersKnown(): Promise<ProviderReport> {
    return this.providersKnown;
  }

  private nextProviderReport(): Promise<ProviderReport> {
    return new Promise((resolve) => (this.resolveProviders = resolve));
  }

  start<K extends JobKind>(kind: K, args: unknown): string {
    const jobId = randomUUID();
    this.jobs.set(jobId, { jobId, kind, status: 'running', fraction: 0, messageKey: 'job.queued', startedAt: Date.now() });
    this.send({ type: 'start', jobId, kind, args });
    return jobId;
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) throw new LabError('jobUnknown', { params: { jobId } });
    if (job.status !== 'running') return false;
    this.send({ type: 'cancel', jobId });
    const timer = setTimeout(() => this.terminateFor(jobId), this.options.hardCancelAfterMs ?? 3000);
    timer.unref();
    this.hardCancelTimers.set(jobId, timer);
    return true;
  }

  list(): JobState[] {
    return [...this.jobs.values()].map((job) => ({ ...job }));
  }

  setProvider(provider: ProviderChoice): void {
    this.provider = provider;
    this.providersKnown = this.nextProviderReport();
    if (this.worker) this.send({ type: 'setProvider', provider });
    else this.ensureWorker();
  }

  /** Starts the worker now (it reports the providers it sees) instead of on the first job. */
  warmUp(): void {
    this.ensureWorker();
  }

  async dispose(): Promise<void> {
    for (const timer of this.hardCancelTimers.values()) clearTimeout(timer);
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const data: WorkerData = { provider: this.provider };
    const worker = new Worker(this.options.workerUrl, { workerData: data });
    worker.on('message', (message: FromWorker) => this.onMessage(message));
    worker.on('error', (error) => this.failAll(worker, error.message));
    worker.on('exit', (code) => this.failAll(worker, `job worker exited with code ${code}`));
    this.worker = worker;
    return worker;
  }

  private send(message: ToWorker): void {
    this.ensureWorker().postMessage(message);
  }

  private onMessage(message: FromWorker): void {
    if (message.type === 'providers') {
      this.options.events.providers(message.report);
      this.resolveProviders(message.report);
      return;
    }
    const job = this.jobs.get(message.jobId);
    if (!job || job.status !== 'running') return;
    if (message.type === 'progress') {
      job.fraction = message.fraction;
      job.messageKey = message.messageKey;
      const { type: _type, ...progress } = message;
      this.options.events.progress({ ...progress, kind: job.kind } as JobProgressEvent);
      return;
    }
    this.finish(job, { jobId: job.jobId, kind: job.kind, status: message.status, result: message.result, error: message.error } as JobEndEvent);
  }

  private finish(job: JobState, event: JobEndEvent): void {
    const timer = this.hardCancelTimers.get(job.jobId);
    if (timer) clearTimeout(timer);
    this.hardCancelTimers.delete(job.jobId);
    this.jobs.delete(job.jobId);
    if (event.result === undefined) delete event.result;
    if (event.error === undefined) delete event.error;
    this.options.events.end(event);
  }

  private terminateFor(jobId: string): void {
    const job = this.jobs.get(jobId);
    if (!job || job.status !== 'running' || !this.worker) return;
    const worker = this.worker;
    this.finish(job, { jobId, kind: job.kind, status: 'cancelled' } as JobEndEvent);
    void worker.terminate();
  }

  private failAll(worker: Worker, detail: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    for (const job of [...this.jobs.values()]) {
      this.finish(job, {
        jobId: job.jobId,
        kind: job.kind,
        status: 'failed',
        error: new LabError('jobFailed', { detail }).toData(),
      } as JobEndEvent);
    }
  }
}
