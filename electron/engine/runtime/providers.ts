import { PROVIDER_NAMES, type ProviderChoice, type ProviderName, type ProviderStatus } from '../../common/api.js';

/**
 * Which execution providers to try, best first, per platform. Frozen so the
 * choice is one table a reader can check, not logic spread through the code.
 * CPU is always last and always works.
 */
export const PROVIDER_ORDER: Readonly<Record<string, readonly ProviderName[]>> = Object.freeze({
  linux: Object.freeze(['cuda', 'webgpu', 'cpu'] as const),
  win32: Object.freeze(['cuda', 'dml', 'webgpu', 'cpu'] as const),
  darwin: Object.freeze(['coreml', 'webgpu', 'cpu'] as const),
});

const FALLBACK_ORDER: readonly ProviderName[] = ['cpu'];

export function providerOrder(platform: string): readonly ProviderName[] {
  return PROVIDER_ORDER[platform] ?? FALLBACK_ORDER;
}

/**
 * Picks the provider to create sessions with.
 *
 * @example chooseProvider('auto', 'linux', [{ name: 'cpu', usable: true, bundled: true }]) // → 'cpu'
 */
export function chooseProvider(
  requested: ProviderChoice,
  platform: string,
  available: readonly Pick<ProviderStatus, 'name' | 'usable'>[],
): ProviderName {
  const usable = new Set(available.filter((p) => p.usable).map((p) => p.name));
  if (requested !== 'auto') return usable.has(requested) ? requested : 'cpu';
  return providerOrder(platform).find((name) => usable.has(name)) ?? 'cpu';
}

const KNOWN_BACKENDS: ReadonlyMap<string, ProviderName> = new Map(PROVIDER_NAMES.map((name) => [name, name]));

/** onnxruntime-node's backend names differ from ours only in that it may list ones we do not offer. */
export function toProviderName(backend: string): ProviderName | null {
  return KNOWN_BACKENDS.get(backend) ?? null;
}
