import { randomUUID } from 'node:crypto';
import type { JobEndEvent, JobKind, JobProgressEvent, JobState, ProviderChoice, ProviderReport } from '../../common/api.js';
import { LabError } from '../../common/errors.js';
import type { ModelDirs } from './context.js';
import type { FromWorker } from './protocol.js';
import { forkWorker, type SpawnWorker, type WorkerChannel } from './worker-channel.js';

export interface JobRunnerEvents {
  /** `callerId` is who started the job (see engine/callers.ts), so events reach only them. */
  progress(event: JobProgressEvent, callerId: string): void;
  end(event: JobEndEvent, callerId: string): void;
  providers(report: ProviderReport, ortVersion: string): void;
}

export interface JobRunnerOptions {
  /** URL of the bundled worker entry (dist/node/job-worker.mjs), forked as a Node child process. */
  workerUrl?: URL;
  /** Starts the worker process some other way (Electron's utilityProcess); overrides `workerUrl`. */
  spawnWorker?: SpawnWorker;
  provider: ProviderChoice;
  events: JobRunnerEvents;
  /** How long a job may ignore a cancel before its worker process is killed. */
  hardCancelAfterMs?: number;
}

interface TrackedJob {
  state: JobState;
  channel: WorkerChannel;
  callerId: string;
}

/** Used when a caller does not matter (tests, the CLI): everything belongs to the owner. */
const OWNER_ID = 'owner';

/** How many finished job ids are remembered, so a cancel that races a job's end is answered calmly. */
const FINISHED_MEMORY = 256;

/**
 * Runs jobs in one worker process, tracks their state and forwards progress.
 * A job that does not stop within `hardCancelAfterMs` of a cancel has its
 * process killed (a fresh one starts for the next job); a process that dies
 * fails its jobs with `jobFailed`, never the host.
 */
export class JobRunner {
  private channel: WorkerChannel | null = null;
  private readonly jobs = new Map<string, TrackedJob>();
  private readonly finished = new Set<string>();
  private readonly hardCancelTimers = new Map<string, NodeJS.Timeout>();
  private readonly spawn: SpawnWorker;
  private provider: ProviderChoice;
  private providersKnown: Promise<ProviderReport>;
  private resolveProviders: (report: ProviderReport) => void = () => undefined;
  private disposed = false;

  constructor(private readonly options: JobRunnerOptions) {
    this.provider = options.provider;
    if (options.spawnWorker) this.spawn = options.spawnWorker;
    else if (options.workerUrl) this.spawn = forkWorker(options.workerUrl);
    else throw new Error('JobRunner needs workerUrl or spawnWorker');
    this.providersKnown = this.nextProviderReport();
  }

  start<K extends JobKind>(kind: K, args: unknown, callerId: string = OWNER_ID, modelDirs?: ModelDirs): string {
    if (this.disposed) throw new LabError('internal', { detail: 'the job runner has been shut down' });
    const jobId = randomUUID();
    const channel = this.ensureChannel();
    this.jobs.set(jobId, {
      state: { jobId, kind, status: 'running', fraction: 0, messageKey: 'job.queued', startedAt: Date.now() },
      channel,
      callerId,
    });
    channel.post({ type: 'start', jobId, kind, args, ...(modelDirs ? { modelDirs } : {}) });
    return jobId;
  }

  /** Asks a job to stop; false when it had already ended. Only its caller may cancel it. */
  cancel(jobId: string, callerId: string = OWNER_ID): boolean {
    const found = this.jobs.get(jobId);
    const job = found && found.callerId === callerId ? found : undefined;
    if (!job) {
      if (found) throw new LabError('jobUnknown', { params: { jobId } });
      if (this.finished.has(jobId)) return false;
      throw new LabError('jobUnknown', { params: { jobId } });
    }
    if (this.hardCancelTimers.has(jobId)) return true;
    job.channel.post({ type: 'cancel', jobId });
    const timer = setTimeout(() => this.killFor(jobId), this.options.hardCancelAfterMs ?? 3000);
    timer.unref();
    this.hardCancelTimers.set(jobId, timer);
    return true;
  }

  /** The running jobs a caller started. */
  list(callerId: string = OWNER_ID): JobState[] {
    return [...this.jobs.values()].filter((job) => job.callerId === callerId).map((job) => ({ ...job.state }));
  }

  /** How many jobs a caller has running (the host caps it per classroom guest). */
  runningFor(callerId: string): number {
    let count = 0;
    for (const job of this.jobs.values()) if (job.callerId === callerId) count++;
    return count;
  }

  /** The worker's report after its provider probe (it opens a tiny model on the chosen provider). */
  whenProvidersKnown(): Promise<ProviderReport> {
    return this.providersKnown;
  }

  setProvider(provider: ProviderChoice): void {
    this.provider = provider;
    this.providersKnown = this.nextProviderReport();
    if (this.channel) this.channel.post({ type: 'setProvider', provider });
    else this.ensureChannel();
  }

  /** Starts the worker now (it probes and reports the providers) instead of on the first job. */
  warmUp(): void {
    this.ensureChannel();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const timer of this.hardCancelTimers.values()) clearTimeout(timer);
    this.hardCancelTimers.clear();
    const channel = this.channel;
    this.channel = null;
    if (!channel) return;
    const gone = new Promise<void>((resolve) => channel.onExit(() => resolve()));
    channel.kill();
    await gone;
  }

  private nextProviderReport(): Promise<ProviderReport> {
    return new Promise((resolve) => (this.resolveProviders = resolve));
  }

  private ensureChannel(): WorkerChannel {
    if (this.channel) return this.channel;
    const channel = this.spawn(this.provider);
    channel.onMessage((message) => this.onMessage(channel, message));
    channel.onExit((detail) => this.onExit(channel, detail));
    this.channel = channel;
    return channel;
  }

  private onMessage(channel: WorkerChannel, message: FromWorker): void {
    if (message.type === 'providers') {
      if (channel !== this.channel) return;
      this.options.events.providers(message.report, message.ortVersion);
      this.resolveProviders(message.report);
      return;
    }
    const job = this.jobs.get(message.jobId);
    if (!job || job.channel !== channel) return;
    if (message.type === 'progress') {
      const { type: _type, ...progress } = message;
      job.state.fraction = progress.fraction;
      job.state.messageKey = progress.messageKey;
      this.options.events.progress({ ...progress, kind: job.state.kind } as JobProgressEvent, job.callerId);
      return;
    }
    const event = { jobId: job.state.jobId, kind: job.state.kind, status: message.status } as JobEndEvent;
    if (message.result !== undefined) event.result = message.result as never;
    if (message.error !== undefined) event.error = message.error;
    this.finish(job.state.jobId, event);
  }

  private finish(jobId: string, event: JobEndEvent): void {
    const timer = this.hardCancelTimers.get(jobId);
    if (timer) clearTimeout(timer);
    this.hardCancelTimers.delete(jobId);
    const job = this.jobs.get(jobId);
    if (!job) return;
    this.jobs.delete(jobId);
    this.finished.add(jobId);
    if (this.finished.size > FINISHED_MEMORY) this.finished.delete(this.finished.values().next().value as string);
    this.options.events.end(event, job.callerId);
  }

  /** The job ignored its cancel: end it as cancelled and kill its process; the process's other jobs fail. */
  private killFor(jobId: string): void {
    const job = this.jobs.get(jobId);
    if (!job) return;
    this.finish(jobId, { jobId, kind: job.state.kind, status: 'cancelled' } as JobEndEvent);
    if (this.channel === job.channel) this.channel = null;
    job.channel.kill();
  }

  private onExit(channel: WorkerChannel, detail: string): void {
    if (this.channel === channel) this.channel = null;
    for (const job of [...this.jobs.values()]) {
      if (job.channel !== channel) continue;
      this.finish(job.state.jobId, {
        jobId: job.state.jobId,
        kind: job.state.kind,
        status: 'failed',
        error: new LabError('jobFailed', { detail }).toData(),
      } as JobEndEvent);
    }
  }
}
