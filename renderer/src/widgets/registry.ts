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
import NmsClasses from './nms/NmsClasses.svelte';
import NmsCompare from './nms/NmsCompare.svelte';
import NmsDetector from './nms/NmsDetector.svelte';
import NmsOverlap from './nms/NmsOverlap.svelte';
import NmsStepper from './nms/NmsStepper.svelte';
import NmsTiming from './nms/NmsTiming.svelte';

export interface WidgetDefinition {
  component: Component<WidgetAttributes>;
  /** For lesson authors (docs/lesson-authoring.md), not shown to learners. */
  description: string;
}

export const WIDGETS: Readonly<Record<string, WidgetDefinition>> = Object.freeze({
  'job-demo': { component: JobDemo, description: 'demo.montecarlo job: progress, live π chart, cancel (samples, chunks, seed)' },
  'engine-check': { component: EngineCheck, description: 'engine.check job: provider, timings, ONNX vs TypeScript table (runs, autorun)' },
  'nms-overlap': { component: NmsOverlap, description: 'two draggable boxes with live IoU/GIoU/DIoU/CIoU and their geometry (preset, metrics)' },
  'nms-stepper': {
    component: NmsStepper,
    description:
      'nms.run with a trace, played round by round over a photo or a scene (source, method, threshold, sigma, background, seed, objects, candidates)',
  },
  'nms-classes': {
    component: NmsClasses,
    description:
      'class-agnostic vs class-aware NMS, pre-filter, top-k, IoU computations counted (seed, objects, classes, candidates, falsepositives, threshold, score, topk)',
  },
  'nms-compare': {
    component: NmsCompare,
    description:
      'penalty curves and every variant on one crowded scene: boxes, metrics chart, round logs (view, seed, objects, crowding, threshold, sigma, beta, sigmat)',
  },
  'nms-timing': {
    component: NmsTiming,
    description: 'nms.timing job: time vs boxes per variant, TypeScript vs ONNX (methods, max, scene, repeats, onnx)',
  },
  'nms-detector': {
    component: NmsDetector,
    description: "the learner's YOLO ONNX on their photo (nms.detect), then live NMS (confidence, threshold, method)",
  },
});

/** The widget registered under `name`, or undefined (LessonView then shows an "unknown widget" box). */
export function resolveWidget(name: string): WidgetDefinition | undefined {
  return Object.hasOwn(WIDGETS, name) ? WIDGETS[name] : undefined;
}

export function widgetNames(): string[] {
  return Object.keys(WIDGETS).sort();
}
