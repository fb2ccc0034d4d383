import { runNms } from '../../nms/index.js';
import type { NmsOptionsByMethod } from '../../nms/index.js';
import { LabError } from '../../../common/errors.js';
import type { JobFunction } from '../context.js';
import { runOnnxVariant } from '../../nms/onnx-variants.js';

/**
 * One NMS variant on the caller's candidates. TypeScript by default; with
 * `device: 'onnx'` Fast and Matrix NMS run as ONNX graphs on the runtime's
 * execution provider (the GPU where there is one).
 */
export const nmsRun: JobFunction<'nms.run'> = async ({ method, input, options, trace, device }, context) => {
  context.progress(0, 'job.nms.running', undefined, { method });
  const start = performance.now();
  if (device === 'onnx') {
    // A graph computes every suppression at once: there are no rounds to record, so say so rather than return none.
    if (trace) throw new LabError('validation', { messageKey: 'error.nms.traceNeedsTypescript', params: { method } });
    const { result, provider } = await runOnnxVariant(context.runtime, method, input, options ?? {});
    return { result, device: 'onnx', provider, elapsedMs: performance.now() - start };
  }
  const result = runNms(method, input, { ...(options as Partial<NmsOptionsByMethod[typeof method]>), trace: trace ?? false });
  return { result, device: 'typescript', provider: null, elapsedMs: performance.now() - start };
};
