import { createRng } from '../../random/rng.js';
import type { JobFunction } from '../context.js';

/**
 * Estimates π by throwing random points into the unit square and counting the
 * ones inside the quarter circle: π ≈ 4 · inside / total. It exists to show a
 * job's progress bar, intermediate results and cancel button at work.
 *
 * @example demoMonteCarlo({ samples: 1e6, chunks: 10, seed: 1 }, ctx) // → { estimate: ≈3.14, samples: 1000000, error: ≈0.001 }
 */
export const demoMonteCarlo: JobFunction<'demo.montecarlo'> = async ({ samples, chunks, seed }, context) => {
  const rng = createRng(seed);
  const perChunk = Math.ceil(samples / chunks);
  let inside = 0;
  let done = 0;
  while (done < samples) {
    await context.checkpoint();
    const count = Math.min(perChunk, samples - done);
    for (let i = 0; i < count; i++) {
      const x = rng.uniform();
      const y = rng.uniform();
      if (x * x + y * y < 1) inside++;
    }
    done += count;
    const estimate = (4 * inside) / done;
    context.progress(done / samples, 'job.demo.progress', { estimate, samplesDone: done }, { done, total: samples });
  }
  const estimate = (4 * inside) / samples;
  return { estimate, samples, error: Math.abs(estimate - Math.PI) };
};
