/**
 * Text embeddings keyed by (model id, text). Lessons re-score the same
 * prompts against new images all the time; a text encoder pass is the
 * expensive part, so each prompt is encoded once per model. Least recently
 * used entries go first when the cache is full; hits and misses are counted
 * so the UI (and tests) can show that the cache works.
 */

export interface CachedText {
  /** L2-normalised embedding. */
  embedding: Float32Array;
  /** Whether the prompt was cut to the model's context length. */
  truncated: boolean;
}

export interface CacheStats {
  hits: number;
  misses: number;
  size: number;
}

export class TextEmbeddingCache {
  private readonly entries = new Map<string, CachedText>();
  private hits = 0;
  private misses = 0;

  constructor(readonly maxEntries = 10_000) {}

  private static key(modelId: string, text: string): string {
    return `${modelId}\u0000${text}`;
  }

  /** Counts a hit or a miss. */
  get(modelId: string, text: string): CachedText | undefined {
    const key = TextEmbeddingCache.key(modelId, text);
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Re-insert so Map order is least-recently-used first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(modelId: string, text: string, entry: CachedText): void {
    const key = TextEmbeddingCache.key(modelId, text);
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, size: this.entries.size };
  }

  clear(): void {
    this.entries.clear();
    this.hits = 0;
    this.misses = 0;
  }
}
