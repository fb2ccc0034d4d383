/**
 * The engine: plain Node, never imports `electron`. A host (Electron main, the
 * web host, the CLI) creates one, forwards calls to `call` and events from
 * `onEvent`, and supplies the few services only it can provide.
 */
import { isAbsolute, join } from 'node:path';
import {
  DEFAULT_SETTINGS,
  EMPTY_PROGRESS,
  progressSchema,
  settingsSchema,
  type CallOutcome,
  type EventName,
  type EventPayloads,
  type HostKind,
  type Progress,
  type ProviderReport,
  type Settings,
} from '../common/api.js';
import { LabError } from '../common/errors.js';
import { OWNER, type Caller } from './callers.js';
import { GuestSessions } from './guest-sessions.js';
import { dispatch, type HandlerTable } from './handlers.js';
import { ensureDirectory } from './fs/ensure-directory.js';
import { JobRunner } from './jobs/runner.js';
import type { SpawnWorker } from './jobs/worker-channel.js';
import { getLesson, listLessons } from './lessons/loader.js';
import type { AppPaths } from './paths.js';
import { providerOrder } from './runtime/providers.js';
import { JsonStore } from './settings/json-store.js';
import { generateScene } from './nms/scenes.js';
import { describeSchedule } from './diffusion/schedule.js';
import { shapesScene } from './shapes/preview.js';
import { shapesScenes } from './clip-train/scenes.js';
import { createModelMethods, refuseGuest } from './models/methods.js';
import { isAllowedExternalUrl } from './system/external-links.js';
import { systemInfo } from './system/info.js';

/** What only the host can do. */
export interface HostServices {
  kind: HostKind;
  electronVersion: string | null;
  describeGpu(): Promise<string | null>;
  /** Opens an already allow-listed URL in the system browser; false when the host leaves that to the renderer. */
  openExternal(url: string): Promise<boolean>;
}

export interface EngineOptions {
  appVersion: string;
  paths: AppPaths;
  dataDir: string;
  host: HostServices;
  /** How to start the job worker process; defaults to forking paths.workerUrl with Node (Electron passes utilityProcess). */
  spawnWorker?: SpawnWorker;
}

export type EventListener = <E extends EventName>(name: E, payload: EventPayloads[E]) => void;

export interface Engine {
  readonly handlers: HandlerTable;
  /** Validates and runs one call for a caller (the owner by default); never throws. */
  call(method: unknown, args: unknown, caller?: Caller): Promise<CallOutcome<unknown>>;
  /** Events addressed to this caller: its own jobs and settings, and everyone's provider changes. */
  onEvent(listener: EventListener, caller?: Caller): () => void;
  /** How many jobs a caller has running (hosts cap classroom guests). */
  runningJobs(caller: Caller): number;
  /** Stops the job worker and waits until settings and progress are on disk. */
  dispose(): Promise<void>;
}

/** Until the worker has probed, the report says what the platform table would pick, without loading onnxruntime here. */
function provisionalReport(requested: Settings['executionProvider']): ProviderReport {
  return {
    requested,
    chosen: 'cpu',
    order: [...providerOrder(process.platform)],
    available: [{ name: 'cpu', bundled: true, usable: true }],
    fallback: null,
  };
}

function guestMayNotChange(setting: string): LabError {
  return new LabError('unauthorized', { messageKey: 'error.guestReadOnly', params: { setting } });
}

/** How long system.info waits for the worker's provider probe before answering with what it knows. */
const PROVIDER_PROBE_TIMEOUT_MS = 5000;

function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => resolve(fallback),
    );
  });
}

export async function createEngine(options: EngineOptions): Promise<Engine> {
  const { paths, dataDir, host } = options;
  await ensureDirectory(dataDir);
  const settingsStore = new JsonStore<Settings>(join(dataDir, 'settings.json'), settingsSchema, () => ({ ...DEFAULT_SETTINGS }));
  const progressStore = new JsonStore<Progress>(join(dataDir, 'progress.json'), progressSchema, () => structuredClone(EMPTY_PROGRESS));
  const initialSettings = await settingsStore.get();

  const guests = new GuestSessions(() => settingsStore.get());

  /** Each listener hears the events of one caller id ('owner' for every owner window). */
  const listeners = new Map<EventListener, string>();
  const emit = <E extends EventName>(audience: string | 'everyone', name: E, payload: EventPayloads[E]): void => {
    for (const [listener, callerId] of listeners) if (audience === 'everyone' || audience === callerId) listener(name, payload);
  };

  let providers: ProviderReport = provisionalReport(initialSettings.executionProvider);
  let ortVersion = 'unknown';
  const runner = new JobRunner({
    workerUrl: paths.workerUrl,
    ...(options.spawnWorker ? { spawnWorker: options.spawnWorker } : {}),
    provider: initialSettings.executionProvider,
    events: {
      progress: (event, callerId) => emit(callerId, 'onDidJobProgress', event),
      end: (event, callerId) => emit(callerId, 'onDidJobEnd', event),
      providers: (report, version) => {
        providers = report;
        ortVersion = version;
        emit('everyone', 'onDidChangeProviders', report);
      },
    },
  });

  const modelDirOf = (settings: Settings): string => settings.modelDir ?? join(dataDir, 'models');
  /** Model id → its running models.install job (remove/import refuse meanwhile; models.list reports it). */
  const installJobs = new Map<string, string>();
  const installJob = (id: string): string | null => {
    const jobId = installJobs.get(id);
    if (jobId && runner.list(OWNER.id).some((job) => job.jobId === jobId)) return jobId;
    installJobs.delete(id);
    return null;
  };
  const modelMethods = createModelMethods({
    builtinDir: paths.builtinModelsDir,
    modelDir: async () => modelDirOf(await settingsStore.get()),
    installJob,
  });
  let gpu: Promise<string | null> | null = null;

  const handlers: HandlerTable = {
    'system.info': async () =>
      systemInfo({
        appVersion: options.appVersion,
        host: host.kind,
        electronVersion: host.electronVersion,
        gpu: await (gpu ??= host.describeGpu().catch(() => null)),
        providers: await withTimeout(runner.whenProvidersKnown(), PROVIDER_PROBE_TIMEOUT_MS, providers),
        ortVersion,
        dataDir,
        modelDir: modelDirOf(await settingsStore.get()),
      }),
    'settings.get': async (_args, caller) => (caller.kind === 'guest' ? (await guests.get(caller.id)).settings : settingsStore.get()),
    'settings.update': async ({ patch }, caller) => {
      if (caller.kind === 'guest') {
        if (patch.executionProvider !== undefined) throw guestMayNotChange('executionProvider');
        if (patch.modelDir !== undefined) throw guestMayNotChange('modelDir');
        const session = await guests.get(caller.id);
        session.settings = { ...session.settings, ...patch };
        emit(caller.id, 'onDidChangeSettings', session.settings);
        return session.settings;
      }
      if (patch.modelDir) {
        if (!isAbsolute(patch.modelDir)) throw new LabError('validation', { messageKey: 'error.modelDirNotAbsolute' });
        await ensureDirectory(patch.modelDir).catch((error: Error) => {
          throw new LabError('fileAccess', { params: { path: patch.modelDir ?? '' }, detail: error.message });
        });
      }
      const before = await settingsStore.get();
      const next = await settingsStore.update((current) => ({ ...current, ...patch }));
      if (patch.executionProvider && patch.executionProvider !== before.executionProvider) runner.setProvider(patch.executionProvider);
      emit(OWNER.id, 'onDidChangeSettings', next);
      return next;
    },
    'progress.get': async (_args, caller) => (caller.kind === 'guest' ? (await guests.get(caller.id)).progress : progressStore.get()),
    'progress.setLesson': async ({ lessonId, progress }, caller) => {
      const withLesson = (current: Progress): Progress => ({ lastLessonId: lessonId, lessons: { ...current.lessons, [lessonId]: progress } });
      if (caller.kind === 'owner') return progressStore.update(withLesson);
      const session = await guests.get(caller.id);
      session.progress = withLesson(session.progress);
      return session.progress;
    },
    'progress.reset': async (_args, caller) => {
      if (caller.kind === 'owner') return progressStore.update(() => structuredClone(EMPTY_PROGRESS));
      const session = await guests.get(caller.id);
      session.progress = structuredClone(EMPTY_PROGRESS);
      return session.progress;
    },
    'lessons.list': () => listLessons(paths.lessonsDir),
    'lessons.get': ({ id, locale }) => getLesson(paths.lessonsDir, id, locale),
    'jobs.start': async ({ kind, args }, caller) => {
      // A classroom guest's browser is on another machine: it may send image bytes, never read the host's files.
      if (caller.kind === 'guest' && (kind === 'clip.similarity' || kind === 'clip.zeroShot') && args.images.some((image) => image.kind === 'file')) {
        throw new LabError('unauthorized', { messageKey: 'error.clip.guestFiles' });
      }
      if (kind === 'models.install') {
        refuseGuest(caller, 'install');
        if (installJob(args.id) !== null) throw new LabError('busy', { messageKey: 'error.models.busy', params: { id: args.id } });
      }
      const modelDirs = { builtin: paths.builtinModelsDir, user: modelDirOf(await settingsStore.get()) };
      const jobId = runner.start(kind, args, caller.id, modelDirs);
      if (kind === 'models.install') installJobs.set(args.id, jobId);
      return { jobId };
    },
    'jobs.cancel': async ({ jobId }, caller) => ({ cancelled: runner.cancel(jobId, caller.id) }),
    'jobs.list': async (_args, caller) => runner.list(caller.id),
    'app.openExternal': async ({ url }) => {
      if (!isAllowedExternalUrl(url)) throw new LabError('unsupported', { messageKey: 'error.linkNotAllowed', params: { url: url.slice(0, 200) } });
      return { opened: await host.openExternal(url) };
    },
    'nms.scene': async ({ spec }) => generateScene(spec),
    'diffusion.schedule': async (args) => describeSchedule(args),
    'shapes.scene': async (args) => shapesScene(args),
    ...modelMethods,
    'shapes.scenes': async (args) => shapesScenes(args),
  };

  runner.warmUp();

  return {
    handlers,
    call: (method, args, caller = OWNER) => dispatch(handlers, method, args, caller),
    onEvent(listener, caller = OWNER) {
      listeners.set(listener, caller.id);
      return () => listeners.delete(listener);
    },
    runningJobs: (caller) => runner.runningFor(caller.id),
    async dispose() {
      listeners.clear();
      await Promise.all([runner.dispose(), settingsStore.flush(), progressStore.flush()]);
    },
  };
}
