/**
 * Every widget a lesson can name in a `::widget{name="…" …}` tag. The tag's
 * other attributes reach the component as string props; the component
 * parses them (see attributes.ts) and shows a translated problem box when
 * one is wrong. A lab adds its widgets with one line each.
 */
import type { Component } from 'svelte';
import type { WidgetAttributes } from './attributes';
import EngineCheck from './EngineCheck.svelte';
import JobDemo from './JobDemo.svelte';

export interface WidgetDefinition {
  component: Component<WidgetAttributes>;
  /** For lesson authors (docs/lesson-authoring.md), not shown to learners. */
  description: string;
}

export const WIDGETS: Readonly<Record<string, WidgetDefinition>> = Object.freeze({
  'job-demo': { component: JobDemo, description: 'demo.montecarlo job: progress, live π chart, cancel (samples, chunks, seed)' },
  'engine-check': { component: EngineCheck, description: 'engine.check job: provider, timings, ONNX vs TypeScript table (runs, autorun)' },
});

/** The widget registered under `name`, or undefined (LessonView then shows an "unknown widget" box). */
export function resolveWidget(name: string): WidgetDefinition | undefined {
  return Object.hasOwn(WIDGETS, name) ? WIDGETS[name] : undefined;
}

export function widgetNames(): string[] {
  return Object.keys(WIDGETS).sort();
}
