import { readFile, rename } from 'node:fs/promises';
import type { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic-write.js';

export type StoreLoadIssue = { kind: 'corrupt'; backup: string; detail: string };

/**
 * One JSON document on disk, validated on load and written atomically.
 * A file that fails to parse or validate is moved aside (never deleted) so a
 * learner's progress can be recovered by hand, and defaults are used.
 */
export class JsonStore<T> {
  private value: T | undefined;
  private loading: Promise<T> | null = null;
  private writes: Promise<void> = Promise.resolve();
  private updates: Promise<unknown> = Promise.resolve();
  loadIssue: StoreLoadIssue | null = null;

  constructor(
    private readonly path: string,
    private readonly schema: z.ZodType<T>,
    private readonly defaults: () => T,
  ) {}

  async get(): Promise<T> {
    if (this.value !== undefined) return this.value;
    // One load for all concurrent first readers; a set() that lands meanwhile wins over the disk value.
    this.loading ??= this.load().then((loaded) => {
      if (this.value === undefined) this.value = loaded;
      return this.value;
    });
    return this.loading;
  }

  /**
   * Read-modify-write as one step: concurrent updates queue up, so none is lost
   * (two socket frames handled in the same tick must both land).
   */
  update(change: (current: T) => T): Promise<T> {
    const next = this.updates.then(async () => this.set(change(await this.get())));
    this.updates = next.catch(() => undefined);
    return next;
  }

  /** Replaces the document and persists it; writes are serialised so the last call wins on disk too. */
  async set(next: T): Promise<T> {
    const valid = this.schema.parse(next);
    this.value = valid;
    const text = `${JSON.stringify(valid, null, 2)}\n`;
    const write = this.writes.then(() => writeFileAtomic(this.path, text));
    this.writes = write.catch(() => undefined);
    await write;
    return valid;
  }

  /** Resolves once every write so far is on disk (call before the process exits). */
  async flush(): Promise<void> {
    await this.updates;
    await this.writes;
  }

  private async load(): Promise<T> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.defaults();
      throw error;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      const result = this.schema.safeParse(parsed);
      if (result.success) return result.data;
      return await this.setAside(result.error.message);
    } catch (error) {
      return await this.setAside(error instanceof Error ? error.message : String(error));
    }
  }

  private async setAside(detail: string): Promise<T> {
    const backup = `${this.path}.corrupt-${Date.now()}`;
    await rename(this.path, backup);
    this.loadIssue = { kind: 'corrupt', backup, detail };
    return this.defaults();
  }
}
