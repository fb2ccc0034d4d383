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
import { dispatch, type HandlerTable } from './handlers.js';
import { ensureDirectory } from './fs/ensure-directory.js';
import { JobRunner } from './jobs/runner.js';
import type { SpawnWorker } from './jobs/worker-channel.js';
import { getLesson, listLessons } from './lessons/loader.js';
import type { AppPaths } from './paths.js';
import { Runtime } from './runtime/ort.js';
import { JsonStore } from './settings/json-store.js';
import { generateScene } from './nms/scenes.js';
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
  /** Validates and runs one call; never throws. */
  call(method: unknown, args: unknown): Promise<CallOutcome<unknown>>;
  onEvent(listener: EventListener): () => void;
  dispose(): Promise<void>;
}

/** How long system.info waits for the worker's provider probe before answering with what it knows. */
const PROVIDER_PROBE_TIMEOUT_MS = 5000;

function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    timer.unref();
    void promise.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

export async function createEngine(options: EngineOptions): Promise<Engine> {
  const { paths, dataDir, host } = options;
  await ensureDirectory(dataDir);
  const settingsStore = new JsonStore<Settings>(join(dataDir, 'settings.json'), settingsSchema, () => ({ ...DEFAULT_SETTINGS }));
  const progressStore = new JsonStore<Progress>(join(dataDir, 'progress.json'), progressSchema, () => structuredClone(EMPTY_PROGRESS));
  const initialSettings = await settingsStore.get();

  const listeners = new Set<EventListener>();
  const emit: EventListener = (name, payload) => {
    for (const listener of listeners) listener(name, payload);
  };

  let providers: ProviderReport = new Runtime(initialSettings.executionProvider).report();
  const runner = new JobRunner({
    workerUrl: paths.workerUrl,
    ...(options.spawnWorker ? { spawnWorker: options.spawnWorker } : {}),
    provider: initialSettings.executionProvider,
    events: {
      progress: (event) => emit('onDidJobProgress', event),
      end: (event) => emit('onDidJobEnd', event),
      providers: (report) => {
        providers = report;
      },
    },
  });

  const modelDirOf = (settings: Settings): string => settings.modelDir ?? join(dataDir, 'models');
  let gpu: Promise<string | null> | null = null;

  const handlers: HandlerTable = {
    'system.info': async () =>
      systemInfo({
        appVersion: options.appVersion,
        host: host.kind,
        electronVersion: host.electronVersion,
        gpu: await (gpu ??= host.describeGpu().catch(() => null)),
        providers: await withTimeout(runner.whenProvidersKnown(), PROVIDER_PROBE_TIMEOUT_MS, providers),
        dataDir,
        modelDir: modelDirOf(await settingsStore.get()),
      }),
    'settings.get': () => settingsStore.get(),
    'settings.update': async ({ patch }) => {
      if (patch.modelDir) {
        if (!isAbsolute(patch.modelDir)) throw new LabError('validation', { messageKey: 'error.modelDirNotAbsolute' });
        await ensureDirectory(patch.modelDir).catch((error: Error) => {
          throw new LabError('fileAccess', { params: { path: patch.modelDir ?? '' }, detail: error.message });
        });
      }
      const next = await settingsStore.update((current) => ({ ...current, ...patch }));
      if (patch.executionProvider) runner.setProvider(patch.executionProvider);
      emit('onDidChangeSettings', next);
      return next;
    },
    'progress.get': () => progressStore.get(),
    'progress.setLesson': ({ lessonId, progress }) =>
      progressStore.update((current) => ({ lastLessonId: lessonId, lessons: { ...current.lessons, [lessonId]: progress } })),
    'progress.reset': () => progressStore.update(() => structuredClone(EMPTY_PROGRESS)),
    'lessons.list': () => listLessons(paths.lessonsDir),
    'lessons.get': ({ id, locale }) => getLesson(paths.lessonsDir, id, locale),
    'jobs.start': async ({ kind, args }) => ({ jobId: runner.start(kind, args) }),
    'jobs.cancel': async ({ jobId }) => ({ cancelled: runner.cancel(jobId) }),
    'jobs.list': async () => runner.list(),
    'app.openExternal': async ({ url }) => {
      if (!isAllowedExternalUrl(url)) throw new LabError('unsupported', { messageKey: 'error.linkNotAllowed', params: { url: url.slice(0, 200) } });
      return { opened: await host.openExternal(url) };
    },
    'nms.scene': async ({ spec }) => generateScene(spec),
  };

  runner.warmUp();

  return {
    handlers,
    call: (method, args) => dispatch(handlers, method, args),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {
      listeners.clear();
      await runner.dispose();
    },
  };
}
