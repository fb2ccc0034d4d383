import type { JobFunction } from '../context.js';
import { runClipJob } from './clip-similarity.js';

/**
 * Zero-shot classification (Radford et al. 2021, §3.1): each label through
 * the templates, ensembled, p(label | image) = softmax over labels, and the
 * best label per image.
 *
 * @example jobs.start { kind: 'clip.zeroShot', args: { images: [{ kind: 'scene', seed: 7 }], labels: ['red circle', 'blue square'], templates: ['a {}', 'a picture of a {}'] } }
 * // → { labels: ['red circle', 'blue square'], best: [{ index: 0, label: 'red circle', prob: 0.97 }], probs, similarity, … }
 */
export const clipZeroShot: JobFunction<'clip.zeroShot'> = async ({ labels, ...rest }, context) => runClipJob({ ...rest, texts: labels }, context);
