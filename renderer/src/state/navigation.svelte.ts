/**
 * Moving through the lessons as one sequence: next/previous cross lesson
 * boundaries, so a presenter's clicker walks the whole course.
 */
import type { LessonSummary } from '../../../electron/common/api';
import { lessons } from './lessons.svelte';
import { progress } from './progress.svelte';
import { router, type Route } from './router.svelte';

type LessonRoute = Extract<Route, { name: 'lesson' }>;

function clampStep(lesson: LessonSummary, stepIndex: number): number {
  return Math.max(0, Math.min(lesson.steps.length - 1, stepIndex));
}

/** Where a lesson opens: the step the learner last looked at, else the first. */
export function resumeRoute(lesson: LessonSummary): LessonRoute {
  const stored = progress.of(lesson.id)?.stepIndex ?? 0;
  return { name: 'lesson', lessonId: lesson.id, stepIndex: clampStep(lesson, stored) };
}

/** The home route's target: the last lesson visited, else the first lesson; null when there are none. */
export function defaultRoute(): LessonRoute | null {
  const lastId = progress.value.lastLessonId;
  const last = lastId ? lessons.byId(lastId) : undefined;
  const lesson = last ?? lessons.list[0];
  return lesson ? resumeRoute(lesson) : null;
}

function currentLessonRoute(): LessonRoute | null {
  const route = router.route;
  return route.name === 'lesson' ? route : null;
}

function neighbour(lessonId: string, offset: 1 | -1): LessonSummary | undefined {
  const list = lessons.list;
  const index = list.findIndex((lesson) => lesson.id === lessonId);
  return index === -1 ? undefined : list[index + offset];
}

export interface StepTarget {
  lesson: LessonSummary;
  stepIndex: number;
}

/** The step after the current one, in this lesson or the first step of the next. */
export function nextTarget(lessonId: string, stepIndex: number): StepTarget | null {
  const lesson = lessons.byId(lessonId);
  if (!lesson) return null;
  if (stepIndex < lesson.steps.length - 1) return { lesson, stepIndex: stepIndex + 1 };
  const following = neighbour(lessonId, 1);
  return following && following.steps.length > 0 ? { lesson: following, stepIndex: 0 } : null;
}

/** The step before the current one, in this lesson or the last step of the previous. */
export function previousTarget(lessonId: string, stepIndex: number): StepTarget | null {
  const lesson = lessons.byId(lessonId);
  if (!lesson) return null;
  if (stepIndex > 0) return { lesson, stepIndex: Math.min(stepIndex - 1, lesson.steps.length - 1) };
  const preceding = neighbour(lessonId, -1);
  return preceding && preceding.steps.length > 0 ? { lesson: preceding, stepIndex: preceding.steps.length - 1 } : null;
}

export function goTo(target: StepTarget | null): boolean {
  if (!target) return false;
  router.navigate({ name: 'lesson', lessonId: target.lesson.id, stepIndex: target.stepIndex });
  return true;
}

export function goNext(): boolean {
  const route = currentLessonRoute();
  return route ? goTo(nextTarget(route.lessonId, route.stepIndex)) : false;
}

export function goPrevious(): boolean {
  const route = currentLessonRoute();
  return route ? goTo(previousTarget(route.lessonId, route.stepIndex)) : false;
}

export function goFirstStep(): boolean {
  const route = currentLessonRoute();
  const lesson = route ? lessons.byId(route.lessonId) : undefined;
  return lesson ? goTo({ lesson, stepIndex: 0 }) : false;
}

export function goLastStep(): boolean {
  const route = currentLessonRoute();
  const lesson = route ? lessons.byId(route.lessonId) : undefined;
  return lesson && lesson.steps.length > 0 ? goTo({ lesson, stepIndex: lesson.steps.length - 1 }) : false;
}
