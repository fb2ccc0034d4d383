/**
 * Every widget a lesson can name in a `::widget{name="…" …}` tag. The tag's
 * other attributes reach the component as string props; the component
 * parses them (see attributes.ts) and shows a translated problem box when
 * one is wrong. A lab adds its widgets with one line each.
 */
import type { Component } from 'svelte';
import type { WidgetAttributes } from './attributes';
import ClipEmbedding from './clip/ClipEmbedding.svelte';
import ClipMatrix from './clip/ClipMatrix.svelte';
import ClipPrompts from './clip/ClipPrompts.svelte';
import ClipZeroShot from './clip/ClipZeroShot.svelte';
import DiffusionClip from './diffusion/DiffusionClip.svelte';
import DiffusionForward from './diffusion/DiffusionForward.svelte';
import DiffusionGuidance from './diffusion/DiffusionGuidance.svelte';
import DiffusionReverse from './diffusion/DiffusionReverse.svelte';
import DiffusionSamplers from './diffusion/DiffusionSamplers.svelte';
import EngineCheck from './EngineCheck.svelte';
import JobDemo from './JobDemo.svelte';
import ClipGallery from './clip-more/ClipGallery.svelte';
import ClipLimits from './clip-more/ClipLimits.svelte';
import ClipTrainTiny from './clip-more/ClipTrainTiny.svelte';
import NmsClasses from './nms/NmsClasses.svelte';
import NmsCompare from './nms/NmsCompare.svelte';
import NmsDetector from './nms/NmsDetector.svelte';
import NmsOverlap from './nms/NmsOverlap.svelte';
import NmsStepper from './nms/NmsStepper.svelte';
import NmsTiming from './nms/NmsTiming.svelte';
import Toy2d from './toy2d/Toy2d.svelte';

export interface WidgetDefinition {
  component: Component<WidgetAttributes>;
  /** For lesson authors (docs/lesson-authoring.md), not shown to learners. */
  description: string;
}

export const WIDGETS: Readonly<Record<string, WidgetDefinition>> = Object.freeze({
  'diffusion-forward': {
    component: DiffusionForward,
    description: 'diffusion.forward on a scene or a dropped image with a t slider; view="schedules": β, ᾱ, log-SNR charts (view, schedule, t, seed)',
  },
  'diffusion-reverse': {
    component: DiffusionReverse,
    description: 'diffusion.sample streamed step by step: x_t, ε̂, x̂₀, step/play/pause, filmstrip (prompt, sampler, steps, seed, guidance)',
  },
  'diffusion-samplers': {
    component: DiffusionSamplers,
    description:
      'DDPM vs DDIM (η) vs DPM-Solver++ from one seed: images, time per sample table and chart (prompt, seed, count, ddpmsteps, ddimsteps, dpmsteps, eta, guidance)',
  },
  'diffusion-guidance': {
    component: DiffusionGuidance,
    description: 'classifier-free guidance scales: a grid of samples per scale and a diversity chart (prompt, scales, count, seed, sampler, steps)',
  },
  'diffusion-clip': {
    component: DiffusionClip,
    description:
      "CLIP's text embeddings (clip.similarity) as the diffusion model's condition: vectors, cosines, samples per prompt (prompts, seed, count, guidance, steps)",
  },
  toy2d: {
    component: Toy2d,
    description:
      'toy2d.train/sample jobs: 2D point cloud, live training, reverse trajectories, vector field, drawing (dataset, steps, sampler, ddimsteps, count, seed, arrows)',
  },
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
  'clip-zero-shot': {
    component: ClipZeroShot,
    description: 'clip.zeroShot: images (samples, files, webcam, scenes) × editable prompts → probability bars (preset, model, camera)',
  },
  'clip-matrix': {
    component: ClipMatrix,
    description: 'clip.similarity on image–caption pairs: heatmap, logit-scale slider, symmetric contrastive loss and its push (view, model)',
  },
  'clip-prompts': { component: ClipPrompts, description: 'clip.zeroShot three ways: bare label, one sentence template, template ensemble (model)' },
  'clip-embedding': {
    component: ClipEmbedding,
    description: 'clip.similarity with embeddings: images and prompts in one 2D PCA, best-match lines (model)',
  },
  'clip-gallery': {
    component: ClipGallery,
    description: 'rank a gallery (scenes, files or a dropped folder) by a query, or zero-shot label it with CSV export (mode, count, seed)',
  },
  'clip-limits': {
    component: ClipLimits,
    description: 'where CLIP fails: typographic, held-out combinations, counting, a photo or drawing (case, preset, seed)',
  },
  'clip-train-tiny': {
    component: ClipTrainTiny,
    description: 'clip.trainTiny job: loss curve and the similarity matrix turning diagonal (steps, batch, dim, seed)',
  },
});

/** The widget registered under `name`, or undefined (LessonView then shows an "unknown widget" box). */
export function resolveWidget(name: string): WidgetDefinition | undefined {
  return Object.hasOwn(WIDGETS, name) ? WIDGETS[name] : undefined;
}

export function widgetNames(): string[] {
  return Object.keys(WIDGETS).sort();
}
