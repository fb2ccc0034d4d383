import { evaluate } from '../../nms/eval.js';
import { runNms, type NmsOptionsByMethod } from '../../nms/index.js';
import { generateScene } from '../../nms/scenes.js';
import type { JobFunction } from '../context.js';

/**
 * The variants side by side: one seeded scene, every requested variant on
 * its candidates, each evaluated against the scene's ground truth.
 */
export const nmsCompare: JobFunction<'nms.compare'> = async ({ scene: spec, methods, options, trace }, context) => {
  const scene = generateScene(spec);
  const groundTruth = { boxes: scene.groundTruth.boxes, classes: scene.groundTruth.classes };
  const results = [];
  for (const [i, method] of methods.entries()) {
    await context.checkpoint();
    context.progress(i / methods.length, 'job.nms.comparing', { method }, { method });
    const start = performance.now();
    const result = runNms(method, scene.candidates, {
      ...(options?.[method] as Partial<NmsOptionsByMethod[typeof method]> | undefined),
      trace: trace ?? false,
    });
    const elapsedMs = performance.now() - start;
    const detections = { boxes: result.boxes, scores: result.scores, classes: Int32Array.from(result.keep, (k) => scene.candidates.classes[k] ?? 0) };
    results.push({ method, result, evaluation: evaluate([{ detections, groundTruth }]), elapsedMs });
  }
  context.progress(1, 'job.nms.comparing', undefined, { method: methods.at(-1) ?? '' });
  return { scene, results };
};
