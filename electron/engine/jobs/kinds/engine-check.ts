import { float32Tensor } from '../../runtime/ort.js';
import { CHECK_INPUT, checkInput, checkModelBytes, checkReference } from '../../system/check-model.js';
import type { JobFunction } from '../context.js';

/**
 * Runs the tiny check model through the runtime on the chosen execution
 * provider, times it, and compares its output with the TypeScript reference.
 */
export const engineCheck: JobFunction<'engine.check'> = async ({ runs }, context) => {
  const input = checkInput();
  const expected = checkReference(input);
  context.progress(0, 'job.check.opening');
  const firstStart = performance.now();
  // A fresh session each time, so "first run" really includes building the model and creating the session.
  const opened = await context.runtime.openUncached({ key: 'builtin:engine-check', model: checkModelBytes() });
  const times: number[] = [];
  let outputs;
  let firstMs: number;
  try {
    outputs = await context.runtime.run(opened, { x: float32Tensor(input, [1, CHECK_INPUT]) });
    firstMs = performance.now() - firstStart;
    for (let run = 1; run <= runs; run++) {
      await context.checkpoint();
      const start = performance.now();
      outputs = await context.runtime.run(opened, { x: float32Tensor(input, [1, CHECK_INPUT]) });
      times.push(performance.now() - start);
      context.progress(run / runs, 'job.check.running', { run }, { run, runs });
    }
  } finally {
    await opened.session.release();
  }
  const probs = outputs.probs;
  if (!probs) throw new Error('check model returned no "probs" output');
  const output = Float32Array.from(probs.data as Float32Array);
  const maxAbsError = output.reduce((max, v, i) => Math.max(max, Math.abs(v - (expected[i] ?? 0))), 0);
  times.sort((a, b) => a - b);
  const report = context.runtime.report();
  return {
    provider: opened.provider,
    fallback: report.fallback,
    runs,
    medianMs: times[Math.floor(times.length / 2)] ?? firstMs,
    firstMs,
    input,
    output,
    expected,
    maxAbsError,
  };
};
