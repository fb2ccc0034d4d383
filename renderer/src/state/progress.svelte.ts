/**
 * Where the learner is in each lesson (last step, steps seen), mirrored from
 * the engine's progress store so it survives restarts. Writes are
 * optimistic: the sidebar updates at once, the engine catches up.
 */
import type { LessonProgress, Progress } from '../../../electron/common/api';
import { host } from '../host';
import { reportError } from './notices.svelte';

const state = $state<{ value: Progress; loaded: boolean }>({
  value: { lastLessonId: null, lessons: {} },
  loaded: false,
});

export const progress = {
  get value(): Progress {
    return state.value;
  },
  get loaded(): boolean {
    return state.loaded;
  },
  of(lessonId: string): LessonProgress | undefined {
    return state.value.lessons[lessonId];
  },
};

/** Steps visited while the engine was unreachable, written again once it is back. */
const unsaved = new Map<string, LessonProgress>();
let unsavedLastLessonId: string | null = null;

export async function loadProgress(): Promise<void> {
  const stored = await host.call('progress.get', {});
  state.value = stored;
  state.loaded = true;
  if (unsaved.size > 0) {
    const retry = [...unsaved.entries()];
    // The lesson visited last must be written last, so it becomes lastLessonId again.
    retry.sort(([a], [b]) => Number(a === unsavedLastLessonId) - Number(b === unsavedLastLessonId));
    unsaved.clear();
    for (const [lessonId, pending] of retry) {
      const storedVisited = stored.lessons[lessonId]?.visited ?? [];
      const lessonProgress: LessonProgress = {
        stepIndex: pending.stepIndex,
        visited: [...new Set([...storedVisited, ...pending.visited])],
      };
      state.value = { lastLessonId: lessonId, lessons: { ...state.value.lessons, [lessonId]: lessonProgress } };
      write(lessonId, lessonProgress);
    }
  }
}

/** Serialises writes so an older step can never overwrite a newer one on disk. */
let writeChain: Promise<unknown> = Promise.resolve();

function write(lessonId: string, lessonProgress: LessonProgress): void {
  writeChain = writeChain
    .then(() => host.call('progress.setLesson', { lessonId, progress: lessonProgress }))
    .then(() => {
      if (unsaved.get(lessonId) === lessonProgress) unsaved.delete(lessonId);
    })
    .catch((error: unknown) => {
      // Writes run in order, so the last failure per lesson holds its newest progress.
      unsaved.set(lessonId, lessonProgress);
      reportError(error);
    });
}

/** Records that the learner is on `stepIndex` of `lessonId` and has seen `stepId`. */
export function visitStep(lessonId: string, stepIndex: number, stepId: string | undefined): void {
  const current = state.value.lessons[lessonId];
  const visited = current?.visited ?? [];
  const nextVisited = stepId && !visited.includes(stepId) ? [...visited, stepId] : visited;
  if (current && current.stepIndex === stepIndex && nextVisited === visited && state.value.lastLessonId === lessonId) return;
  const lessonProgress: LessonProgress = { stepIndex, visited: nextVisited };
  state.value = { lastLessonId: lessonId, lessons: { ...state.value.lessons, [lessonId]: lessonProgress } };
  if (unsaved.has(lessonId)) unsaved.set(lessonId, lessonProgress);
  unsavedLastLessonId = lessonId;
  write(lessonId, lessonProgress);
}

export async function resetProgress(): Promise<void> {
  await writeChain;
  unsaved.clear();
  state.value = await host.call('progress.reset', {});
}
