/**
 * The lesson index (summaries and the problems of malformed lesson folders)
 * and a small cache of lesson contents per language.
 */
import type { LessonContent, LessonIndex, LessonSummary, Locale } from '../../../electron/common/api';
import type { LabErrorData } from '../../../electron/common/errors';
import { host } from '../host';
import { errorDataOf } from './notices.svelte';

const state = $state<{ index: LessonIndex | null; loading: boolean; error: LabErrorData | null }>({
  index: null,
  loading: false,
  error: null,
});

export const lessons = {
  /** Null until the first successful load. */
  get index(): LessonIndex | null {
    return state.index;
  },
  get loading(): boolean {
    return state.loading;
  },
  get error(): LabErrorData | null {
    return state.error;
  },
  get list(): readonly LessonSummary[] {
    return state.index?.lessons ?? [];
  },
  byId(id: string): LessonSummary | undefined {
    return state.index?.lessons.find((lesson) => lesson.id === id);
  },
};

export async function loadLessons(): Promise<void> {
  state.loading = true;
  try {
    const index = await host.call('lessons.list', {});
    index.lessons.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
    state.index = index;
    state.error = null;
    contentCache.clear();
  } catch (error) {
    state.error = errorDataOf(error);
  } finally {
    state.loading = false;
  }
}

const contentCache = new Map<string, Promise<LessonContent>>();

/** One lesson's steps in one language; cached, since a learner flips between steps and languages. */
export function lessonContent(id: string, locale: Locale): Promise<LessonContent> {
  const key = `${id}\u0000${locale}`;
  let pending = contentCache.get(key);
  if (!pending) {
    pending = host.call('lessons.get', { id, locale });
    contentCache.set(key, pending);
    // A failure (disconnect, file being edited) must not stick in the cache.
    pending.catch(() => contentCache.delete(key));
  }
  return pending;
}
