/**
 * The only module that imports onnxruntime-node.
 *
 * It reports which execution providers exist, creates sessions on the chosen
 * one, falls back to CPU when a GPU provider fails (recording why, so the UI
 * can say so), and caches sessions per model and provider.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { ProviderChoice, ProviderName, ProviderReport, ProviderStatus } from '../../common/api.js';
import { chooseProvider, providerOrder, toProviderName } from './providers.js';

export type Tensor = ort.Tensor;
export type SessionFeeds = Record<string, ort.Tensor>;
export type SessionOutputs = Record<string, ort.Tensor>;

export const ortVersion: string = ort.env.versions.node ?? ort.env.versions.common;

/** Folder holding onnxruntime's native libraries, where optional provider libraries (CUDA) are installed. */
function nativeLibraryDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const packageDir = dirname(require.resolve('onnxruntime-node/package.json'));
    const arch = process.arch;
    return join(packageDir, 'bin', 'napi-v6', process.platform, arch);
  } catch {
    return null;
  }
}

const CUDA_LIBRARY: Record<string, string> = {
  linux: 'libonnxruntime_providers_cuda.so',
  win32: 'onnxruntime_providers_cuda.dll',
};

function cudaInstalled(): boolean {
  const dir = nativeLibraryDir();
  const library = CUDA_LIBRARY[process.platform];
  return dir !== null && library !== undefined && existsSync(join(dir, library));
}

/** Every provider this platform's onnxruntime-node knows, and whether it can be used now. */
export function listProviders(): ProviderStatus[] {
  const statuses: ProviderStatus[] = [];
  for (const backend of ort.listSupportedBackends()) {
    const name = toProviderName(backend.name);
    if (!name) continue;
    if (backend.bundled) {
      statuses.push({ name, bundled: true, usable: true });
    } else if (name === 'cuda' && cudaInstalled()) {
      statuses.push({ name, bundled: false, usable: true });
    } else {
      statuses.push({ name, bundled: false, usable: false, reasonKey: `provider.notInstalled.${name}` });
    }
  }
  if (!statuses.some((s) => s.name === 'cpu')) statuses.push({ name: 'cpu', bundled: true, usable: true });
  return statuses;
}

export interface SessionRequest {
  /** Stable key for the cache: a file path or a content id for in-memory models. */
  key: string;
  /** A file path or the model's bytes. */
  model: string | Uint8Array;
}

/**
 * Optional session tuning. Benchmarks pin `intraOpNumThreads: 1` so a timing
 * compares one core with one core; everything else keeps onnxruntime's defaults.
 */
export interface SessionTuning {
  intraOpNumThreads?: number;
  interOpNumThreads?: number;
}

export interface OpenedSession {
  session: ort.InferenceSession;
  provider: ProviderName;
}

/**
 * Sessions for one requested provider choice. One instance lives per thread
 * that runs inference (the job worker); it remembers a GPU failure so the
 * next session goes straight to CPU instead of failing again.
 */
export class Runtime {
  private readonly sessions = new Map<string, Promise<OpenedSession>>();
  private fallbackInfo: ProviderReport['fallback'] = null;
  private readonly available = listProviders();

  constructor(private requested: ProviderChoice = 'auto') {}

  report(): ProviderReport {
    return {
      requested: this.requested,
      chosen: this.fallbackInfo ? 'cpu' : this.preferred(),
      order: [...providerOrder(process.platform)],
      available: this.available,
      fallback: this.fallbackInfo,
    };
  }

  /** Changing the requested provider forgets cached sessions and any earlier fallback. */
  async setRequested(requested: ProviderChoice): Promise<void> {
    if (requested === this.requested) return;
    this.requested = requested;
    this.fallbackInfo = null;
    await this.releaseAll();
  }

  async open(request: SessionRequest, tuning: SessionTuning = {}): Promise<OpenedSession> {
    const cacheKey = `${request.key}\u0000${this.requested}\u0000${tuning.intraOpNumThreads ?? ''}/${tuning.interOpNumThreads ?? ''}`;
    let opened = this.sessions.get(cacheKey);
    if (!opened) {
      opened = this.create(request, tuning);
      this.sessions.set(cacheKey, opened);
      opened.catch(() => this.sessions.delete(cacheKey));
    }
    return opened;
  }

  /**
   * A session that is not cached (the caller releases it), for measuring
   * session creation honestly; same provider choice and fallback as `open`.
   */
  openUncached(request: SessionRequest, tuning: SessionTuning = {}): Promise<OpenedSession> {
    return this.create(request, tuning);
  }

  async run(opened: OpenedSession, feeds: SessionFeeds): Promise<SessionOutputs> {
    return (await opened.session.run(feeds)) as SessionOutputs;
  }

  async releaseAll(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map(async (p) => (await p.catch(() => null))?.session.release()));
  }

  private preferred(): ProviderName {
    return chooseProvider(this.requested, process.platform, this.available);
  }

  private async create(request: SessionRequest, tuning: SessionTuning): Promise<OpenedSession> {
    const provider = this.fallbackInfo ? 'cpu' : this.preferred();
    try {
      return { session: await createSession(request.model, provider, tuning), provider };
    } catch (error) {
      if (provider === 'cpu') throw error;
      this.fallbackInfo = {
        from: provider,
        reasonKey: 'provider.fallback',
        detail: (error instanceof Error ? error.message : String(error)).trim().slice(0, 500),
      };
      return { session: await createSession(request.model, 'cpu', tuning), provider: 'cpu' };
    }
  }
}

function createSession(model: string | Uint8Array, provider: ProviderName, tuning: SessionTuning): Promise<ort.InferenceSession> {
  const options: ort.InferenceSession.SessionOptions = { executionProviders: [provider], graphOptimizationLevel: 'all', ...tuning };
  return typeof model === 'string' ? ort.InferenceSession.create(model, options) : ort.InferenceSession.create(model, options);
}

export function float32Tensor(data: Float32Array, dims: readonly number[]): ort.Tensor {
  return new ort.Tensor('float32', data, dims);
}

/** Integer tensors, e.g. NonMaxSuppression's `max_output_boxes_per_class` (int64 by the ONNX spec). */
export function int64Tensor(data: BigInt64Array, dims: readonly number[]): ort.Tensor {
  return new ort.Tensor('int64', data, dims);
}
