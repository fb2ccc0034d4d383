/**
 * NMS benchmark: our greedy NMS against onnxruntime's own NonMaxSuppression
 * operator on the same input, with the same answer asserted before timing.
 *
 *   npm run bench:nms        (= npm run bench -- nms)
 *
 * Both sides run on one thread (the operator's session has
 * intraOpNumThreads = 1; our code is single-threaded JS). Each run times the
 * whole call: validation, sort and suppression for us; feeding, sort and
 * suppression for the operator (its inputs are built once, outside the timer).
 * Runs alternate between the two so background load hits both alike; we
 * report medians of wall time and of process CPU time, and ratios ours ÷ ort.
 *
 * Scenes (seeded, distinct scores so the operator's unspecified tie order
 * cannot matter):
 *   uniform   — boxes 10–100 px at uniformly random places, on a canvas that
 *               grows with N (1000×1000 at 10k boxes), so the density stays
 *               constant: the sparse scene the growth exponent is measured on;
 *   clustered — N/100 objects, each with 100 jittered candidates (±10% of its
 *               size in position and scale), like a detector's raw output.
 * Writes bench/results/nms.json; docs/benchmarks.md records a run by hand.
 */
import { greedy } from '../electron/engine/nms/greedy.js';
import { fast } from '../electron/engine/nms/fast.js';
import { matrix } from '../electron/engine/nms/matrix.js';
import { onnxNmsFeeds, openOnnxNms, selectedBoxIndices } from '../electron/engine/nms/onnx-nms.js';
import { MAX_GRAPH_CANDIDATES, runOnnxVariant } from '../electron/engine/nms/onnx-variants.js';
import { softGaussian } from '../electron/engine/nms/soft-gaussian.js';
import { timingScene as scene } from '../electron/engine/nms/timing-scenes.js';
import type { NmsInput, NmsResult } from '../electron/engine/nms/types.js';
import { Runtime, ortVersion } from '../electron/engine/runtime/ort.js';
import { announce, benchDate, writeBenchResults } from './record.js';

type Kind = 'uniform' | 'clustered';
const N_t = 0.5;
const SIZES = [1000, 10_000, 100_000];

interface Sample {
  wall: number;
  cpu: number;
}

async function timed(run: () => unknown): Promise<Sample> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function repeatsFor(N: number, kind: Kind): number {
  if (N <= 1000) return 41;
  if (N <= 10_000) return 15;
  return kind === 'uniform' ? 3 : 7;
}

/** Least-squares slope of log t against log N: t ∝ N^slope. */
function growthExponent(points: { N: number; ms: number }[]): number {
  const xs = points.map((p) => Math.log(p.N));
  const ys = points.map((p) => Math.log(p.ms));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, k) => {
    num += (x - mx) * (ys[k]! - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

const round3 = (value: number): number => Number(value.toFixed(3));
const fmt = (ms: number): string => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));

const runtime = new Runtime('cpu');
const opened = await openOnnxNms(runtime, { intraOpNumThreads: 1, interOpNumThreads: 1 });
const machine = announce('nms', ortVersion);
console.log(`greedy NMS (N_t = ${N_t}) vs onnxruntime NonMaxSuppression, 1 thread, medians; ratio = ours ÷ ort (≤ 1: we are faster)\n`);
console.log('| scene | boxes | kept | ours (ms) | ort (ms) | ratio (wall) | ratio (CPU) | IoUs ours | ');
console.log('|---|---|---|---|---|---|---|---|');

interface Row {
  kind: Kind;
  N: number;
  kept: number;
  ours_ms: number;
  ort_ms: number;
  ours_cpu_ms: number;
  ort_cpu_ms: number;
  greedy_vs_ort_ratio: number;
  greedy_vs_ort_cpu_ratio: number;
  ious_ours: number;
}
const rows: Row[] = [];

for (const kind of ['uniform', 'clustered'] as const) {
  for (const N of SIZES) {
    const { boxes, scores } = scene(kind, N, 1000 + N);
    const input: NmsInput = { boxes, scores };
    const feeds = onnxNmsFeeds(input.boxes, input.scores, { N_t });
    // Same answer first: the operator's selection (one class, selection order) must equal our keep.
    const ours = greedy(input, { N_t });
    const theirs = selectedBoxIndices((await runtime.run(opened, feeds)).selected_indices?.data);
    if (ours.keep.length !== theirs.length || ours.keep.some((v, k) => v !== theirs[k])) {
      throw new Error(`${kind} ${N}: greedy NMS and onnxruntime disagree (${ours.keep.length} vs ${theirs.length} kept)`);
    }
    const oursSamples: Sample[] = [];
    const ortSamples: Sample[] = [];
    const repeats = repeatsFor(N, kind);
    for (let r = 0; r < repeats + 1; r++) {
      const a = await timed(() => greedy(input, { N_t }));
      const b = await timed(() => runtime.run(opened, feeds));
      if (r === 0) continue; // warm-up
      oursSamples.push(a);
      ortSamples.push(b);
    }
    const row: Row = {
      kind,
      N,
      kept: ours.keep.length,
      ours_ms: median(oursSamples.map((s) => s.wall)),
      ort_ms: median(ortSamples.map((s) => s.wall)),
      ours_cpu_ms: median(oursSamples.map((s) => s.cpu)),
      ort_cpu_ms: median(ortSamples.map((s) => s.cpu)),
      greedy_vs_ort_ratio: 0,
      greedy_vs_ort_cpu_ratio: 0,
      ious_ours: ours.stats.overlaps,
    };
    row.greedy_vs_ort_ratio = row.ours_ms / row.ort_ms;
    row.greedy_vs_ort_cpu_ratio = row.ours_cpu_ms / row.ort_cpu_ms;
    rows.push(row);
    console.log(
      `| ${kind} | ${N.toLocaleString('en')} | ${row.kept.toLocaleString('en')} | ${fmt(row.ours_ms)} | ${fmt(row.ort_ms)} | ${row.greedy_vs_ort_ratio.toFixed(3)} | ${row.greedy_vs_ort_cpu_ratio.toFixed(3)} | ${row.ious_ours.toLocaleString('en')} |`,
    );
  }
}

const uniformRows = rows.filter((r) => r.kind === 'uniform');
const exponentOurs = growthExponent(uniformRows.map((r) => ({ N: r.N, ms: r.ours_cpu_ms })));
const exponentOrt = growthExponent(uniformRows.map((r) => ({ N: r.N, ms: r.ort_cpu_ms })));
console.log(
  `\ngrowth on the sparse (uniform, constant-density) scene, t ∝ N^k fitted over 1k–100k (CPU time): ours k = ${exponentOurs.toFixed(2)}, onnxruntime k = ${exponentOrt.toFixed(2)}`,
);

// The other variants timed on CPU for orientation (no peer in onnxruntime).
console.log('\n| variant | scene | boxes | kept | median (ms) |');
console.log('|---|---|---|---|---|');
const others: { variant: string; kind: Kind; N: number; kept: number; ms: number }[] = [];
for (const [variant, kind, N, repeats, run] of [
  ['soft-gaussian', 'uniform', 10_000, 3, (input: NmsInput) => softGaussian(input)],
  ['soft-gaussian', 'clustered', 10_000, 3, (input: NmsInput) => softGaussian(input)],
  ['matrix (CPU)', 'clustered', 1000, 9, (input: NmsInput) => matrix(input)],
  ['matrix (CPU)', 'clustered', 10_000, 3, (input: NmsInput) => matrix(input)],
] as const) {
  const { boxes, scores } = scene(kind, N, 1000 + N);
  const input: NmsInput = { boxes, scores };
  let kept = 0;
  const samples: number[] = [];
  for (let r = 0; r < repeats + 1; r++) {
    const s = await timed(() => {
      kept = run(input).keep.length;
    });
    if (r > 0) samples.push(s.wall);
  }
  others.push({ variant, kind, N, kept, ms: median(samples) });
  console.log(`| ${variant} | ${kind} | ${N.toLocaleString('en')} | ${kept.toLocaleString('en')} | ${fmt(median(samples))} |`);
}

// The GPU path: Fast and Matrix NMS as ONNX graphs on the runtime's provider ('auto': CUDA, DirectML,
// CoreML or WebGPU where usable, else the CPU with onnxruntime's default threads), against the same
// variants in TypeScript (one thread), same input, same kept boxes asserted first.
const deviceRuntime = new Runtime('auto');

/**
 * Same kept boxes in the same order, except that boxes whose final scores lie
 * within 1e-6 of each other may come in either order: with thousands of
 * decayed Matrix NMS scores, some are a float32 ulp apart, and the graph's
 * float32 products can order such a pair differently from matrix.ts's
 * float64 ones (see onnx-variants.ts).
 */
function sameKept(a: NmsResult, b: NmsResult): boolean {
  if (a.keep.length !== b.keep.length) return false;
  for (let start = 0; start < a.keep.length;) {
    let end = start + 1;
    while (end < a.keep.length && Math.abs(a.scores[end]! - a.scores[end - 1]!) <= 1e-6) end++;
    const group = (r: NmsResult): string =>
      Array.from(r.keep.subarray(start, end))
        .sort((x, y) => x - y)
        .join();
    if (group(a) !== group(b)) return false;
    start = end;
  }
  return true;
}
console.log('\n| variant | scene | boxes | kept | TypeScript (ms) | ONNX graph (ms) | provider | graph ÷ TypeScript |');
console.log('|---|---|---|---|---|---|---|---|');
interface ParallelRow {
  method: 'fast' | 'matrix';
  kind: Kind;
  N: number;
  kept: number;
  typescript_ms: number;
  onnx_ms: number;
  provider: string;
  onnx_vs_typescript_ratio: number;
}
const parallel: ParallelRow[] = [];
for (const method of ['fast', 'matrix'] as const) {
  for (const kind of ['uniform', 'clustered'] as const) {
    for (const N of [1000, 4096, MAX_GRAPH_CANDIDATES]) {
      const { boxes, scores } = scene(kind, N, 1000 + N);
      const input: NmsInput = { boxes, scores };
      const typescript = (): NmsResult => (method === 'fast' ? fast(input) : matrix(input));
      const graph = async (): Promise<{ result: NmsResult; provider: string }> => runOnnxVariant(deviceRuntime, method, input);
      const ours = typescript();
      const { result, provider } = await graph(); // also creates the session, outside the timings
      if (!sameKept(ours, result)) {
        throw new Error(`${method} ${kind} ${N}: the ONNX graph and TypeScript disagree (${result.keep.length} vs ${ours.keep.length} kept)`);
      }
      const tsSamples: number[] = [];
      const graphSamples: number[] = [];
      const repeats = N <= 1000 ? 9 : 3;
      for (let r = 0; r < repeats; r++) {
        tsSamples.push((await timed(typescript)).wall);
        graphSamples.push((await timed(graph)).wall);
      }
      const row: ParallelRow = {
        method,
        kind,
        N,
        kept: ours.keep.length,
        typescript_ms: median(tsSamples),
        onnx_ms: median(graphSamples),
        provider,
        onnx_vs_typescript_ratio: 0,
      };
      row.onnx_vs_typescript_ratio = row.onnx_ms / row.typescript_ms;
      parallel.push(row);
      console.log(
        `| ${method} | ${kind} | ${N.toLocaleString('en')} | ${row.kept.toLocaleString('en')} | ${fmt(row.typescript_ms)} | ${fmt(row.onnx_ms)} | ${provider} | ${row.onnx_vs_typescript_ratio.toFixed(3)} |`,
      );
    }
  }
}
await deviceRuntime.releaseAll();

const ratioTable: Record<Kind, Record<string, number>> = { uniform: {}, clustered: {} };
for (const row of rows) ratioTable[row.kind][String(row.N)] = Number(row.greedy_vs_ort_ratio.toFixed(4));
const out = writeBenchResults('nms', {
  date: benchDate,
  machine,
  threads: 1,
  N_t,
  greedy_vs_ort_ratio: ratioTable,
  greedy: rows.map((row) => ({
    ...row,
    ours_ms: round3(row.ours_ms),
    ort_ms: round3(row.ort_ms),
    ours_cpu_ms: round3(row.ours_cpu_ms),
    ort_cpu_ms: round3(row.ort_cpu_ms),
    greedy_vs_ort_ratio: round3(row.greedy_vs_ort_ratio),
    greedy_vs_ort_cpu_ratio: round3(row.greedy_vs_ort_cpu_ratio),
  })),
  growth_exponent_uniform: { ours: Number(exponentOurs.toFixed(3)), onnxruntime: Number(exponentOrt.toFixed(3)) },
  others: others.map((o) => ({ ...o, ms: round3(o.ms) })),
  parallel_onnx: parallel.map((row) => ({
    ...row,
    typescript_ms: round3(row.typescript_ms),
    onnx_ms: round3(row.onnx_ms),
    onnx_vs_typescript_ratio: round3(row.onnx_vs_typescript_ratio),
  })),
});
console.log(`\nwrote ${out}`);
await runtime.releaseAll();
