/**
 * Greedy NMS with torchvision's semantics (`torchvision.ops.nms`):
 *   1. rank candidates by descending score (ties: lower input index first);
 *   2. take the best remaining box M into the kept set;
 *   3. suppress every remaining b_i with IoU(M, b_i) > N_t — strictly, so a
 *      box at exactly IoU = N_t survives; no +1 in widths (offset 0 default);
 *   4. repeat until no candidates remain.
 * Plus the usual pre-stages: score pre-filter (score > scoreThreshold), top-k,
 * and maxOutput (stop once that many are kept — onnxruntime's
 * max_output_boxes_per_class for one class).
 *
 * Step 3 is equivalent to "a candidate survives iff no box kept before it
 * overlaps it by more than N_t" (onnxruntime's formulation), and that is what
 * the fast path computes: kept boxes go into a uniform grid, and each
 * candidate is compared only with kept boxes sharing a grid cell. A pair with
 * IoU > N_t ≥ 0 has a positive-area intersection, so it always shares a cell;
 * pruning therefore never changes the answer, it only skips pairs whose IoU is 0.
 * With a trace requested the textbook loop runs instead (every round compares
 * M with all remaining candidates), and both loops evaluate the IoU with the
 * same float64 expression, so they agree bit for bit.
 *
 * Floating point: IoU is computed in float64 from the float32 coordinates.
 * onnxruntime and torchvision compute it in float32, so for an IoU within
 * float32 rounding (~1e-7) of N_t the float32 kernels can decide differently.
 */
import { COMMON_DEFAULTS, assemble, checkRange, prepare, resolveOptions, type Deadline } from './stages.js';
import type { NmsCommonOptions, NmsFate, NmsInput, NmsMethodSpec, NmsOverlap, NmsResult, NmsRound, NmsStats } from './types.js';

export interface GreedyOptions extends NmsCommonOptions {
  /** IoU threshold N_t in [0, 1]: suppress when IoU > N_t. */
  N_t: number;
}

export const greedyDefaults: GreedyOptions = { ...COMMON_DEFAULTS, N_t: 0.5 };

export const greedySpec: NmsMethodSpec<GreedyOptions> = { name: 'greedy', defaults: greedyDefaults, requires: [], scoreDomain: 'real' };

/**
 * @example greedy({ boxes: Float32Array.of(0, 0, 10, 10, 1, 0, 11, 10, 20, 20, 30, 30), scores: Float32Array.of(0.9, 0.8, 0.7) }, { N_t: 0.5 })
 * // → { keep: Int32Array [0, 2], scores: Float32Array [0.9, 0.7], boxes: …, stats: … }   (IoU(0, 1) = 90/110 ≈ 0.82 > 0.5)
 */
export function greedy(input: NmsInput, options?: Partial<GreedyOptions>): NmsResult {
  const o = resolveOptions(greedySpec, options);
  checkRange('greedy', 'N_t', o.N_t, 0, 1);
  const { order, deadline, stats } = prepare(greedySpec, input, o);
  const trace: NmsRound[] | undefined = o.trace ? [] : undefined;
  const selected = trace
    ? greedyTextbook(input.boxes, order, o.N_t, o.offset, null, o.maxOutput, deadline, stats, trace, input.scores)
    : greedyGrid(input.boxes, order, o.N_t, o.offset, null, o.maxOutput, deadline, stats);
  const finalScores = new Float64Array(selected.length);
  for (let k = 0; k < selected.length; k++) finalScores[k] = input.scores[selected[k]!]!;
  return assemble(input, selected, finalScores, null, o.maxOutput, stats, trace);
}

/**
 * Coordinates and area of every candidate gathered in rank order, interleaved
 * (x1, y1, x2, y2, area; stride 5): the hot loops then read one place per box.
 */
function gather(boxes: Float32Array, order: Int32Array, offset: number): Float64Array {
  const M = order.length;
  const g = new Float64Array(5 * M);
  for (let k = 0; k < M; k++) {
    const i = 4 * order[k]!;
    const x1 = boxes[i]!,
      y1 = boxes[i + 1]!,
      x2 = boxes[i + 2]!,
      y2 = boxes[i + 3]!;
    g[5 * k] = x1;
    g[5 * k + 1] = y1;
    g[5 * k + 2] = x2;
    g[5 * k + 3] = y2;
    g[5 * k + 4] = (x2 - x1 + offset) * (y2 - y1 + offset);
  }
  return g;
}

/** IoU of ranked boxes p and q: the one expression both loops use (scanCell inlines it). */
function rankedIou(g: Float64Array, p: number, q: number, offset: number): number {
  const a = 5 * p,
    b = 5 * q;
  const w = Math.min(g[a + 2]!, g[b + 2]!) - Math.max(g[a]!, g[b]!) + offset;
  if (w <= 0) return 0;
  const h = Math.min(g[a + 3]!, g[b + 3]!) - Math.max(g[a + 1]!, g[b + 1]!) + offset;
  if (h <= 0) return 0;
  const inter = w * h;
  return inter / (g[a + 4]! + g[b + 4]! - inter);
}

/**
 * The textbook loop, recording a trace: each round keeps the best remaining
 * box and compares it with every remaining candidate. O(M·K) IoUs.
 * `classes` (batched NMS) restricts suppression to the same class.
 */
export function greedyTextbook(
  boxes: Float32Array,
  order: Int32Array,
  N_t: number,
  offset: number,
  classes: Int32Array | null,
  maxOutput: number,
  deadline: Deadline,
  stats: NmsStats,
  trace: NmsRound[] | undefined,
  scores?: Float32Array,
): Int32Array {
  const M = order.length;
  const g = gather(boxes, order, offset);
  const suppressed = new Uint8Array(M);
  const kept: number[] = [];
  for (let p = 0; p < M && kept.length < maxOutput; p++) {
    if (suppressed[p]) continue;
    if ((kept.length & 255) === 0) deadline.check(p, M);
    const chosen = order[p]!;
    kept.push(chosen);
    const ious: NmsOverlap[] = [];
    const fates: NmsFate[] = [];
    const cls = classes ? classes[chosen]! : 0;
    for (let q = p + 1; q < M; q++) {
      if (suppressed[q]) continue;
      if (classes && classes[order[q]!] !== cls) continue;
      stats.overlaps++;
      const IoU = rankedIou(g, p, q, offset);
      if (IoU > N_t) suppressed[q] = 1;
      if (trace && IoU > 0) {
        ious.push({ index: order[q]!, iou: IoU });
        fates.push({ index: order[q]!, fate: IoU > N_t ? 'suppressed' : 'untouched' });
      }
    }
    trace?.push({ chosen, score: scores ? scores[chosen]! : 0, ious, fates });
  }
  return Int32Array.from(kept);
}

/** Cells per axis at most, and cells in all at most ~4 per candidate, so the grid stays O(M) memory. */
const GRID_MAX_SIDE = 2048;

/**
 * How far apart (in units of the candidate's width) two box centres can be
 * when IoU > t. For intervals with overlap w_I, |Δc| ≤ (w_p + w_k)/2 − w_I;
 * IoU > t gives w_I > t·max(w_p, w_k) (as inter > t·area of either box and
 * the other side of the intersection is at most that box's side), hence
 *   |Δc| < (1 − t)·w_p               for t ≥ ½,
 *   |Δc| < (1/(2t) − ½)·w_p          for 0 < t < ½ (using w_k < w_p / t).
 * Heights likewise. At t = 0 only "they intersect" is left, |Δc| < (w_p + w_k)/2.
 */
function centreReach(t: number): number {
  if (t <= 0) return Infinity;
  return t >= 0.5 ? 1 - t : 1 / (2 * t) - 0.5;
}

/**
 * The fast loop. Kept boxes go into a uniform grid by their centre (one cell
 * each); a candidate looks only at cells within the centre distance that
 * IoU > N_t allows (centreReach), its own centre's cell first (where its
 * suppressor usually is), and stops at the first IoU > N_t. The reach is
 * evaluated at a slightly smaller threshold and padded, so float rounding can
 * only widen the search: pruning never changes the answer, it skips pairs
 * that cannot exceed N_t. Cost: one O(M) radix sort, plus for each candidate
 * the kept boxes whose centres fall within its reach — O(M · neighbours)
 * instead of the O(M·K) of the textbook loop.
 */
export function greedyGrid(
  boxes: Float32Array,
  order: Int32Array,
  N_t: number,
  offset: number,
  classes: Int32Array | null,
  maxOutput: number,
  deadline: Deadline,
  stats: NmsStats,
): Int32Array {
  const M = order.length;
  if (M === 0 || maxOutput === 0) return new Int32Array(0);
  const ranked = gather(boxes, order, offset);

  // Extent of the centres (of the offset-extended boxes) and the size statistics the grid needs.
  const reach = centreReach(N_t * (1 - 1e-9));
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  let maxW = 0,
    maxH = 0,
    sumW = 0,
    sumH = 0;
  for (let k = 0; k < M; k++) {
    const x1 = ranked[5 * k]!,
      y1 = ranked[5 * k + 1]!,
      x2 = ranked[5 * k + 2]!,
      y2 = ranked[5 * k + 3]!;
    const w = x2 - x1 + offset;
    const h = y2 - y1 + offset;
    const cx = (x1 + x2 + offset) / 2;
    const cy = (y1 + y2 + offset) / 2;
    if (cx < minX) minX = cx;
    if (cx > maxX) maxX = cx;
    if (cy < minY) minY = cy;
    if (cy > maxY) maxY = cy;
    if (w > maxW) maxW = w;
    if (h > maxH) maxH = h;
    sumW += w;
    sumH += h;
  }
  // Cells about one mean reach wide: a query then spans ~3×3 cells.
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  const cellW = Math.min(reach * sumW, (sumW + M * maxW) / 2) / M;
  const cellH = Math.min(reach * sumH, (sumH + M * maxH) / 2) / M;
  let cols = spanX > 0 && cellW > 0 ? Math.min(GRID_MAX_SIDE, Math.max(1, Math.floor(spanX / cellW))) : 1;
  let rows = spanY > 0 && cellH > 0 ? Math.min(GRID_MAX_SIDE, Math.max(1, Math.floor(spanY / cellH))) : 1;
  const maxCells = 4 * M + 64;
  while (cols * rows > maxCells) {
    if (cols >= rows) cols = Math.ceil(cols / 2);
    else rows = Math.ceil(rows / 2);
  }
  // x → column by floor((x − minX)·cols/spanX), clamped: monotone in x, so a
  // centre inside [cx − R, cx + R] lands in a column of the query's range.
  const scaleX = spanX > 0 ? cols / spanX : 0;
  const scaleY = spanY > 0 ? rows / spanY : 0;
  const lastCol = cols - 1;
  const lastRow = rows - 1;

  // Cell lists as linked lists in typed arrays; each entry carries its kept
  // box's coordinates and area (stride 5) so walking a cell reads one place.
  const head = new Int32Array(cols * rows).fill(-1);
  const capacity = Math.min(M, maxOutput);
  const next = new Int32Array(capacity);
  const geometry = new Float64Array(5 * capacity);
  const entryCls = classes ? new Int32Array(capacity) : null;
  const keptRanks = new Int32Array(capacity);
  let keptCount = 0;
  let overlaps = 0;

  for (let p = 0; p < M; p++) {
    if ((p & 1023) === 0) deadline.check(p, M);
    const px1 = ranked[5 * p]!,
      py1 = ranked[5 * p + 1]!,
      px2 = ranked[5 * p + 2]!,
      py2 = ranked[5 * p + 3]!,
      pArea = ranked[5 * p + 4]!;
    const pcx = (px1 + px2 + offset) / 2;
    const pcy = (py1 + py2 + offset) / 2;
    const home =
      Math.max(0, Math.min(lastRow, Math.floor((pcy - minY) * scaleY))) * cols + Math.max(0, Math.min(lastCol, Math.floor((pcx - minX) * scaleX)));
    const pCls = classes ? classes[order[p]!]! : 0;
    // The home cell first: a suppressor's centre is usually near, and most
    // candidates in a crowded scene end here. scanCell returns n ≥ 0 entries
    // compared, or −n − 1 when the n-th comparison suppressed the candidate.
    let found = scanCell(home, head, next, geometry, entryCls, pCls, px1, py1, px2, py2, pArea, offset, N_t);
    if (found < 0) {
      overlaps += -found - 1;
      continue;
    }
    // Then the rest of the cells within reach, capped by "must intersect" and
    // padded for rounding in cx ± R.
    const w = px2 - px1 + offset;
    const h = py2 - py1 + offset;
    const Rx = Math.min(reach * w, (w + maxW) / 2) * (1 + 1e-9) + 1e-12 * Math.abs(pcx) + 1e-300;
    const Ry = Math.min(reach * h, (h + maxH) / 2) * (1 + 1e-9) + 1e-12 * Math.abs(pcy) + 1e-300;
    const c0 = Math.max(0, Math.min(lastCol, Math.floor((pcx - Rx - minX) * scaleX)));
    const c1 = Math.max(0, Math.min(lastCol, Math.floor((pcx + Rx - minX) * scaleX)));
    const r0 = Math.max(0, Math.min(lastRow, Math.floor((pcy - Ry - minY) * scaleY)));
    const r1 = Math.max(0, Math.min(lastRow, Math.floor((pcy + Ry - minY) * scaleY)));
    scan: for (let row = r0; row <= r1; row++) {
      for (let col = c0; col <= c1; col++) {
        const cell = row * cols + col;
        if (cell === home) continue;
        overlaps += found;
        found = scanCell(cell, head, next, geometry, entryCls, pCls, px1, py1, px2, py2, pArea, offset, N_t);
        if (found < 0) break scan;
      }
    }
    if (found < 0) {
      overlaps += -found - 1;
      continue;
    }
    overlaps += found;
    const e = keptCount;
    keptRanks[keptCount++] = p;
    const g = 5 * e;
    geometry[g] = px1;
    geometry[g + 1] = py1;
    geometry[g + 2] = px2;
    geometry[g + 3] = py2;
    geometry[g + 4] = pArea;
    if (entryCls) entryCls[e] = pCls;
    next[e] = head[home]!;
    head[home] = e;
    if (keptCount === maxOutput) break;
  }
  stats.overlaps += overlaps;
  const selected = new Int32Array(keptCount);
  for (let k = 0; k < keptCount; k++) selected[k] = order[keptRanks[k]!]!;
  return selected;
}

/** Compares a candidate with the kept boxes of one cell; see greedyGrid for the return convention. */
function scanCell(
  cell: number,
  head: Int32Array,
  next: Int32Array,
  geometry: Float64Array,
  entryCls: Int32Array | null,
  pCls: number,
  px1: number,
  py1: number,
  px2: number,
  py2: number,
  pArea: number,
  offset: number,
  N_t: number,
): number {
  let compared = 0;
  for (let e = head[cell]!; e >= 0; e = next[e]!) {
    if (entryCls && entryCls[e] !== pCls) continue;
    compared++;
    // rankedIou, inlined: this is the hot loop.
    const g = 5 * e;
    const iw = Math.min(px2, geometry[g + 2]!) - Math.max(px1, geometry[g]!) + offset;
    if (iw <= 0) continue;
    const ih = Math.min(py2, geometry[g + 3]!) - Math.max(py1, geometry[g + 1]!) + offset;
    if (ih <= 0) continue;
    const inter = iw * ih;
    if (inter / (pArea + geometry[g + 4]! - inter) > N_t) return -compared - 1;
  }
  return compared;
}
