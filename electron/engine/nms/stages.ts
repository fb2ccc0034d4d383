/**
 * The stages every NMS variant runs around its own loop, as plain functions
 * (no base class): option checks, validation, score pre-filter, top-k and
 * ranking before; a time budget during; output assembly after.
 *
 * Ranking is "descending score, ties by ascending input index" everywhere, so
 * every variant is deterministic and permutation-equivariant; it is one O(N)
 * radix sort (rankDescending).
 */
import { LabError } from '../../common/errors.js';
import { validateBoxes, validateExtras } from './boxes.js';
import type { NmsCommonOptions, NmsInput, NmsMethodName, NmsMethodSpec, NmsResult, NmsRound, NmsStats } from './types.js';

/** Traces keep every non-zero overlap of every round; above this many candidates they are refused. */
export const TRACE_MAX_CANDIDATES = 2000;

/** Default wall-clock budget: long enough for 1M boxes through greedy NMS, short enough that nothing looks hung. */
export const DEFAULT_BUDGET_MS = 60_000;

export const COMMON_DEFAULTS: NmsCommonOptions = {
  offset: 0,
  scoreThreshold: -Infinity,
  topK: Infinity,
  maxOutput: Infinity,
  trace: false,
  budgetMs: DEFAULT_BUDGET_MS,
};

/** 11-bit digits: three passes cover 32 bits (measured faster than four 8-bit passes from 1k keys up). */
const RADIX_BITS = 11;

/**
 * Indices of `candidates` (or of all of `keys`) sorted by descending key, ties
 * by ascending index. Keys are float32 (the scores' storage type), compared
 * as floats with −0 = +0.
 *
 * A stable LSD radix sort on a uint32 image of each float: for a
 * non-negative float, flipping all bits of its IEEE pattern reverses its
 * order; a negative float's pattern already sorts descending as an unsigned
 * integer and lies above every non-negative one after the flip. Three 11-bit
 * passes, O(n), and stability turns "candidates in ascending index" into the
 * tie rule for free.
 *
 * @example rankDescending(Float32Array.of(0.5, 0.9, 0.5)) // → Int32Array [1, 0, 2]
 */
export function rankDescending(keys: Float32Array, candidates?: Int32Array): Int32Array {
  // The tie rule needs the payload in ascending index before the stable
  // passes; a re-rank of an arbitrary order (IoU-guided) sorts it first.
  if (candidates && !isAscending(candidates)) return rankDescending(keys, Int32Array.from(candidates).sort());
  const n = candidates ? candidates.length : keys.length;
  const bits = new Uint32Array(keys.buffer, keys.byteOffset, keys.length);
  const RADIX = 1 << RADIX_BITS;
  const mask = RADIX - 1;
  // The three digit histograms are counted in the same pass that builds the keys.
  const count = new Int32Array(3 * RADIX);
  let key = new Uint32Array(n);
  let index = new Int32Array(n);
  for (let c = 0; c < n; c++) {
    const i = candidates ? candidates[c]! : c;
    let b = bits[i]!;
    if (b === 0x80000000) b = 0; // −0 ties with +0
    const k = b >= 0x80000000 ? b : ~b & 0x7fffffff;
    key[c] = k;
    index[c] = i;
    count[k & mask]!++;
    count[RADIX + ((k >>> RADIX_BITS) & mask)]!++;
    count[2 * RADIX + (k >>> (2 * RADIX_BITS))]!++;
  }
  let keyOut = new Uint32Array(n);
  let indexOut = new Int32Array(n);
  for (let pass = 0; pass < 3; pass++) {
    const shift = pass * RADIX_BITS;
    const base = pass * RADIX;
    // One full bucket means this digit is the same everywhere: skip the pass.
    if (n === 0 || count[base + ((key[0]! >>> shift) & mask)] === n) continue;
    let sum = 0;
    for (let d = base; d < base + RADIX; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    for (let c = 0; c < n; c++) {
      const k = key[c]!;
      const slot = count[base + ((k >>> shift) & mask)]!++;
      keyOut[slot] = k;
      indexOut[slot] = index[c]!;
    }
    [key, keyOut] = [keyOut, key];
    [index, indexOut] = [indexOut, index];
  }
  return index;
}

function isAscending(values: Int32Array): boolean {
  for (let k = 1; k < values.length; k++) if (values[k]! < values[k - 1]!) return false;
  return true;
}

/** Throws a typed error once the budget is spent; variants call it every few hundred iterations. */
export interface Deadline {
  check(done: number, total: number): void;
}

export function createDeadline(method: NmsMethodName, budgetMs: number): Deadline {
  const start = performance.now();
  const end = start + budgetMs;
  return {
    check(done: number, total: number): void {
      if (performance.now() <= end) return;
      throw new LabError('validation', {
        messageKey: 'error.nms.timeBudgetExceeded',
        params: { method, budgetMs, done, total },
        detail: `${method} stopped after ${budgetMs} ms with ${done} of ${total} candidates processed; pre-filter by score, lower topK, or choose a faster variant`,
      });
    },
  };
}

function badOption(method: NmsMethodName, option: string, value: unknown, expected: string): LabError {
  return new LabError('validation', {
    messageKey: 'error.nms.badOption',
    params: { method, option, value: String(value), expected },
    detail: `${method}: option ${option} = ${String(value)}; expected ${expected}`,
  });
}

/** Checks a numeric option lies in [lo, hi] (bounds inclusive unless marked open). */
export function checkRange(
  method: NmsMethodName,
  option: string,
  value: number,
  lo: number,
  hi: number,
  open: { lo?: boolean; hi?: boolean } = {},
): void {
  const ok = typeof value === 'number' && !Number.isNaN(value) && (open.lo ? value > lo : value >= lo) && (open.hi ? value < hi : value <= hi);
  if (!ok) throw badOption(method, option, value, `${open.lo ? '(' : '['}${lo}, ${hi}${open.hi ? ')' : ']'}`);
}

export function checkChoice<T extends string>(method: NmsMethodName, option: string, value: T, choices: readonly T[]): void {
  if (!choices.includes(value)) throw badOption(method, option, value, choices.join(' | '));
}

function checkCount(method: NmsMethodName, option: string, value: number): void {
  if (!(value === Infinity || (Number.isInteger(value) && value >= 0))) throw badOption(method, option, value, 'an integer ≥ 0 or Infinity');
}

/** Merges defaults and checks the common options. */
export function resolveOptions<O extends NmsCommonOptions>(spec: NmsMethodSpec<O>, options: Partial<O> | undefined): O {
  const o: O = { ...spec.defaults, ...(options ?? {}) };
  const method = spec.name;
  if (o.offset !== 0 && o.offset !== 1) throw badOption(method, 'offset', o.offset, '0 or 1');
  if (typeof o.scoreThreshold !== 'number' || Number.isNaN(o.scoreThreshold)) throw badOption(method, 'scoreThreshold', o.scoreThreshold, 'a number');
  checkCount(method, 'topK', o.topK);
  checkCount(method, 'maxOutput', o.maxOutput);
  checkRange(method, 'budgetMs', o.budgetMs, 0, Infinity, { lo: true });
  return o;
}

export interface Prepared {
  N: number;
  /** Candidate input indices after the pre-filter and top-k, by descending score (ties: ascending index). */
  order: Int32Array;
  deadline: Deadline;
  stats: NmsStats;
}

/**
 * Validation → score pre-filter (score > scoreThreshold) → ranking → top-k.
 *
 * @example prepare(greedySpec, { boxes, scores: Float32Array.of(0.2, 0.9, 0.5) }, { ...greedyDefaults, scoreThreshold: 0.3 }).order
 * // → Int32Array [1, 2]
 */
export function prepare<O extends NmsCommonOptions>(spec: NmsMethodSpec<O>, input: NmsInput, options: O, rankBy?: 'predictedIous'): Prepared {
  if (typeof input !== 'object' || input === null) {
    throw new LabError('validation', { messageKey: 'error.nms.arrayType', detail: 'input must be { boxes, scores, … }' });
  }
  const N = validateBoxes(input.boxes, input.scores, spec.scoreDomain, spec.name);
  validateExtras(input, N, spec.requires, spec.name);
  const scores = input.scores;
  let candidates: Int32Array | undefined;
  if (options.scoreThreshold > -Infinity) {
    // Scores are float32, so the threshold is read as float32 too (as the
    // operator's score_threshold tensor): a score stored from "0.2" equals a
    // threshold of 0.2 and is dropped.
    const t = Math.fround(options.scoreThreshold);
    let count = 0;
    for (let i = 0; i < N; i++) if (scores[i]! > t) count++;
    candidates = new Int32Array(count);
    for (let i = 0, c = 0; i < N; i++) if (scores[i]! > t) candidates[c++] = i;
  }
  let order = rankDescending(scores, candidates);
  if (order.length > options.topK) order = order.slice(0, options.topK);
  // Variants that rank by something else (IoU-guided) re-rank the surviving candidates.
  if (rankBy) order = rankDescending(input[rankBy]!, order);
  if (options.trace && order.length > TRACE_MAX_CANDIDATES) {
    throw new LabError('validation', {
      messageKey: 'error.nms.traceTooLarge',
      params: { method: spec.name, count: order.length, max: TRACE_MAX_CANDIDATES },
      detail: `a trace of ${order.length} candidates would hold up to ${order.length}² overlaps; trace at most ${TRACE_MAX_CANDIDATES} (pre-filter or topK)`,
    });
  }
  return { N, order, deadline: createDeadline(spec.name, options.budgetMs), stats: { candidates: order.length, overlaps: 0 } };
}

/**
 * Builds the result from kept boxes in selection order: stable-sorts by
 * descending final score (selection order breaks ties), applies maxOutput.
 *
 * @example assemble(input, Int32Array.of(2, 0), Float64Array.of(0.4, 0.9), null, Infinity, stats).keep // → Int32Array [0, 2]
 */
export function assemble(
  input: NmsInput,
  selected: Int32Array,
  finalScores: Float64Array,
  refinedBoxes: Float64Array | null,
  maxOutput: number,
  stats: NmsStats,
  trace?: NmsRound[],
): NmsResult {
  const count = selected.length;
  let sorted = true;
  for (let k = 1; k < count && sorted; k++) if (finalScores[k]! > finalScores[k - 1]!) sorted = false;
  let positions: number[] | null = null;
  if (!sorted) {
    positions = Array.from({ length: count }, (_, k) => k);
    // Array.prototype.sort is stable, so equal scores keep selection order.
    positions.sort((p, q) => finalScores[q]! - finalScores[p]!);
  }
  const K = Math.min(count, maxOutput);
  const keep = new Int32Array(K);
  const scores = new Float32Array(K);
  const boxes = new Float32Array(4 * K);
  for (let k = 0; k < K; k++) {
    const p = positions ? positions[k]! : k;
    const index = selected[p]!;
    keep[k] = index;
    scores[k] = finalScores[p]!;
    for (let c = 0; c < 4; c++) boxes[4 * k + c] = refinedBoxes ? refinedBoxes[4 * p + c]! : input.boxes[4 * index + c]!;
  }
  const result: NmsResult = { keep, scores, boxes, stats };
  if (trace) result.trace = trace;
  return result;
}
