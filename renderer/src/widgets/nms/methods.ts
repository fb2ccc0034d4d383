/**
 * The NMS variants as the lessons present them: in the order of the story
 * (greedy first, the parallel ones last), with their translated names under
 * `nmsLessons.method.<name>` and a short citation (paper and year, not
 * translated) for tables and legends.
 */
import type { NmsMethodName } from '../../../../electron/common/nms';

export const METHOD_ORDER: readonly NmsMethodName[] = Object.freeze([
  'greedy',
  'batched',
  'soft-linear',
  'soft-gaussian',
  'weighted',
  'iou-guided',
  'softer',
  'adaptive',
  'diou',
  'fast',
  'matrix',
]);

/** i18n key of a variant's name. */
export function methodKey(method: NmsMethodName): string {
  return `nmsLessons.method.${method}`;
}

/** Where each variant comes from (SOURCES.md §3 and the engine's file headers). */
export const METHOD_SOURCE: Readonly<Record<NmsMethodName, string>> = Object.freeze({
  greedy: 'torchvision.ops.nms',
  batched: 'torchvision.ops.batched_nms',
  'soft-linear': 'Bodla et al., ICCV 2017',
  'soft-gaussian': 'Bodla et al., ICCV 2017',
  weighted: 'Ning et al., ICMEW 2017',
  'iou-guided': 'Jiang et al., ECCV 2018',
  softer: 'He et al., CVPR 2019',
  adaptive: 'Liu et al., CVPR 2019',
  diou: 'Zheng et al., AAAI 2020',
  fast: 'Bolya et al., ICCV 2019',
  matrix: 'Wang et al., NeurIPS 2020',
});

/** Variants that can run as ONNX graphs on the runtime's execution provider ('nms.run' with device 'onnx'). */
export const ONNX_METHODS: readonly NmsMethodName[] = Object.freeze(['fast', 'matrix']);
