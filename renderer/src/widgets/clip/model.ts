/**
 * The model a CLIP widget runs. Every widget takes a `model` attribute: empty
 * (the default) means the learner's choice in the shared ModelPicker
 * (state/clip-model.svelte.ts, the built-in shapes-clip until they pick
 * another); an id pins the widget to that model.
 */
import type { ClipSimilarityResult } from '../../../../electron/common/clip';
import { parseAttributes, type AttributeSpec, type AttributeSpecs, type ParsedAttributes, type WidgetAttributes } from '../attributes';

/** Same literal as BUILTIN_CLIP_ID in electron/common/clip.ts (the renderer imports only types from there). */
export const BUILTIN_CLIP_ID = 'shapes-clip';

/** The `model` attribute every CLIP widget accepts (ids as the model store writes them). */
export const MODEL_ATTRIBUTE = { type: 'string', maxLength: 100, default: '' } as const satisfies AttributeSpec;

const MODEL_ID = /^[a-z0-9][a-z0-9._-]*$/;

/** A problem for parseAttributes-style boxes when the id cannot name a model folder. */
export function modelProblem(model: string): { messageKey: string; params: Record<string, string> } | null {
  return model === '' || MODEL_ID.test(model) ? null : { messageKey: 'clipLessons.attr.model', params: { value: model } };
}

/** parseAttributes, plus the check that a pinned `model` id can name a model folder. */
export function parseClipAttributes<T extends AttributeSpecs & { model: typeof MODEL_ATTRIBUTE }>(
  attrs: WidgetAttributes,
  specs: T,
): ParsedAttributes<T> {
  const result = parseAttributes(attrs, specs);
  if (!result.ok) return result;
  const problem = modelProblem(result.values.model);
  return problem ? { ok: false, problems: [problem] } : result;
}

/** The model to run: the lesson's pinned one, else the learner's pick. @example activeModel('', 'shapes-clip') // → 'shapes-clip' */
export function activeModel(pinned: string, picked: string): string {
  return pinned !== '' ? pinned : picked;
}

/** Row i of a row-major matrix with `cols` columns. */
export function rowOf(matrix: ArrayLike<number>, i: number, cols: number): number[] {
  return Array.from({ length: cols }, (_, j) => matrix[i * cols + j]!);
}

/** Index of the largest value of row i. */
export function argmaxRow(matrix: ArrayLike<number>, i: number, cols: number): number {
  let best = 0;
  for (let j = 1; j < cols; j++) if (matrix[i * cols + j]! > matrix[i * cols + best]!) best = j;
  return best;
}

/** "computed 3, reused 2" numbers for the status line: a text-cache hit is a prompt encoded once and reused. */
export function cacheCounts(result: Pick<ClipSimilarityResult, 'cache'>): { computed: number; reused: number } {
  return { computed: result.cache.misses, reused: result.cache.hits };
}
