/**
 * The GPU path (issue 3, item 5): the batched IoU matrix, Fast NMS and Matrix
 * NMS as ONNX graphs built by the project, run through the engine runtime
 * (CPU here; the graphs use standard operators only, so CUDA/WebGPU run the
 * same bytes), must equal the TypeScript versions: the same kept indices in
 * the same order, scores within 1e-6, IoUs within 1e-6.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { LabError } from '../../../../electron/common/errors.js';
import { fastNmsSpec } from '../../../../electron/engine/nms/fast-graph.js';
import { fast, type FastOptions } from '../../../../electron/engine/nms/fast.js';
import { iouMatrixSpec } from '../../../../electron/engine/nms/iou-graph.js';
import { overlapMatrix } from '../../../../electron/engine/nms/iou.js';
import { matrixNmsSpec } from '../../../../electron/engine/nms/matrix-graph.js';
import { matrix, type MatrixOptions } from '../../../../electron/engine/nms/matrix.js';
import { MAX_GRAPH_CANDIDATES, onnxIouMatrix, runOnnxVariant } from '../../../../electron/engine/nms/onnx-variants.js';
import type { NmsInput, NmsResult } from '../../../../electron/engine/nms/types.js';
import { Runtime } from '../../../../electron/engine/runtime/ort.js';
import { randomScene, seeded } from './random-scenes.js';

const runtime = new Runtime('cpu');
afterAll(() => runtime.releaseAll());

const F = Float32Array;

/**
 * The same boxes in the same order with scores within 1e-6. With `ties`, boxes
 * whose scores lie within 1e-6 of each other may come out in either order:
 * matrix.ts ranks by float64 products, the graph by float32 ones, and a
 * float32 ulp (6e-8 near 0.5) can swap two nearly equal decayed scores
 * (tied input scores make that likely).
 */
function expectSameResult(ours: NmsResult, reference: NmsResult, label: string, ties = false): void {
  expect(ours.keep, `${label}: count`).toHaveLength(reference.keep.length);
  if (!ties) {
    expect(Array.from(ours.keep), `${label}: keep`).toEqual(Array.from(reference.keep));
    expect(ours.boxes, `${label}: boxes`).toEqual(reference.boxes);
  } else {
    // Group the reference into runs of scores within 1e-6 of each other; each run must hold the same indices.
    for (let start = 0; start < reference.keep.length;) {
      let end = start + 1;
      while (end < reference.keep.length && Math.abs(reference.scores[end]! - reference.scores[end - 1]!) <= 1e-6) end++;
      const group = (r: NmsResult): number[] => Array.from(r.keep.subarray(start, end)).sort((a, b) => a - b);
      expect(group(ours), `${label}: keep[${start}..${end})`).toEqual(group(reference));
      start = end;
    }
  }
  for (let k = 0; k < reference.scores.length; k++) {
    expect(Math.abs(ours.scores[k]! - reference.scores[k]!), `${label}: score ${k}`).toBeLessThanOrEqual(1e-6);
  }
}

/** A seeded mix: uniform and clustered, continuous and integer coordinates (exact IoU ties with N_t), distinct and tied scores, 1–3 classes. */
function* scenes(count: number, seed: number): Generator<{ input: Required<NmsInput>; label: string }> {
  const rng = seeded(seed);
  for (let t = 0; t < count; t++) {
    const N = 1 + Math.floor(rng.uniform() * 120);
    const kind = t % 2 ? 'uniform' : 'clustered';
    const integer = t % 3 === 0;
    const scores = t % 5 === 0 ? 'ties' : 'distinct';
    yield {
      input: randomScene(rng, { N, kind, integer, scores, classes: 1 + (t % 3), size: integer ? 40 : 100 }),
      label: `scene ${t} (${kind}, N=${N}, ${integer ? 'integer' : 'float'}, ${scores})`,
    };
  }
}

describe('the graphs are standard ONNX', () => {
  it('use only widely implemented opset-17 operators, no custom domain', () => {
    const allowed = new Set([
      'Split',
      'Transpose',
      'Min',
      'Max',
      'Sub',
      'Add',
      'Relu',
      'Mul',
      'Div',
      'Trilu',
      'ReduceMax',
      'ReduceMin',
      'LessOrEqual',
      'GreaterOrEqual',
      'Less',
      'Equal',
      'Where',
      'Unsqueeze',
      'Neg',
      'Exp',
    ]);
    for (const spec of [iouMatrixSpec(), fastNmsSpec(), matrixNmsSpec('gaussian'), matrixNmsSpec('linear')]) {
      expect(spec.opset).toBe(17);
      for (const node of spec.nodes) expect(allowed.has(node.op), `${spec.name}: ${node.op}`).toBe(true);
      // Dynamic N: no input or output has a fixed box count.
      expect(spec.inputs.find((i) => i.name.startsWith('boxes'))?.shape[0]).toMatch(/^[NM]$/);
    }
  });
});

describe('the batched IoU matrix graph', () => {
  it('equals iou.ts overlapMatrix within 1e-6 (N×N and N×M, offset 0 and 1)', async () => {
    let cases = 0;
    let maxError = 0;
    for (const { input } of scenes(40, 11)) {
      const offset = cases % 2 === 0 ? 0 : 1;
      const square = (await onnxIouMatrix(runtime, input.boxes, input.boxes, { offset })).iou;
      const reference = overlapMatrix('iou', input.boxes, { offset });
      const half = input.boxes.subarray(0, 4 * Math.ceil(input.scores.length / 2));
      const rect = (await onnxIouMatrix(runtime, input.boxes, half, { offset })).iou;
      const rectReference = overlapMatrix('iou', input.boxes, { offset }, half);
      for (const [ours, theirs] of [
        [square, reference],
        [rect, rectReference],
      ] as const) {
        expect(ours).toHaveLength(theirs.length);
        for (let k = 0; k < theirs.length; k++) maxError = Math.max(maxError, Math.abs(ours[k]! - theirs[k]!));
      }
      cases++;
    }
    expect(maxError).toBeLessThanOrEqual(1e-6);
  });

  it('gives 0 for zero-area boxes and disjoint boxes, 1 for a box with itself', async () => {
    const boxes = F.of(0, 0, 2, 2, 1, 0, 3, 2, 5, 5, 5, 9, 10, 10, 11, 11);
    const { iou, provider } = await onnxIouMatrix(runtime, boxes);
    expect(provider).toBe('cpu');
    expect(Array.from(iou.subarray(0, 4))).toEqual([1, F.of(1 / 3)[0], 0, 0]);
    expect(iou[2 * 4 + 2]).toBe(0); // a zero-width box with itself: 0/0 defined as 0
    expect(iou[3 * 4 + 3]).toBe(1);
  });
});

describe('Fast NMS as an ONNX graph', () => {
  it('keeps exactly what fast.ts keeps on 300 random scenes (N_t 0.3–0.7, with pre-filter, top-k and max-output)', async () => {
    const settings: Partial<FastOptions>[] = [
      { N_t: 0.5 },
      { N_t: 0.3 },
      { N_t: 0.7, scoreThreshold: 0.2 },
      { N_t: 0.45, topK: 30, maxOutput: 10 },
      { N_t: 0.5, offset: 1 },
    ];
    let cases = 0;
    for (const { input, label } of scenes(300, 21)) {
      const options = settings[cases % settings.length]!;
      const plain = { boxes: input.boxes, scores: input.scores };
      const { result, provider } = await runOnnxVariant(runtime, 'fast', plain, options as Record<string, number>);
      expect(provider).toBe('cpu');
      expectSameResult(result, fast(plain, options), `${label} ${JSON.stringify(options)}`);
      cases++;
    }
    expect(cases).toBe(300);
  });

  it('reproduces the YOLACT chain: a suppressed box still suppresses', async () => {
    const chain = { boxes: F.of(0, 0, 10, 10, 6, 0, 16, 10, 12, 0, 22, 10), scores: F.of(0.9, 0.8, 0.7) };
    expect(Array.from((await runOnnxVariant(runtime, 'fast', chain, { N_t: 0.2 })).result.keep)).toEqual([0]);
    // K_j = N_t exactly (¼) survives: keep-at-threshold.
    expect(Array.from((await runOnnxVariant(runtime, 'fast', chain, { N_t: 0.25 })).result.keep)).toEqual([0, 1, 2]);
  });
});

describe('Matrix NMS as an ONNX graph', () => {
  it('keeps what matrix.ts keeps, scores within 1e-6, on 300 random scenes (both kernels, with and without classes)', async () => {
    const settings: Partial<MatrixOptions>[] = [
      {},
      { kernel: 'linear' },
      { kernel: 'gaussian', sigma: 0.5, updateThreshold: 0.1 },
      { kernel: 'linear', updateThreshold: 0 },
      { sigma: 4, topK: 50, maxOutput: 20 },
    ];
    let cases = 0;
    let reordered = 0;
    for (const { input, label } of scenes(300, 31)) {
      const options = settings[cases % settings.length]!;
      const given = cases % 2 === 0 ? input : { boxes: input.boxes, scores: input.scores };
      const { result } = await runOnnxVariant(runtime, 'matrix', given, options as Record<string, number | string>);
      const reference = matrix(given, options);
      const tied = reference.scores.some((s, k) => k > 0 && Math.abs(s - reference.scores[k - 1]!) <= 1e-6);
      if (result.keep.some((k, i) => k !== reference.keep[i])) reordered++;
      expectSameResult(result, reference, `${label} ${JSON.stringify(options)} ${given === input ? 'with classes' : 'one class'}`, tied);
      cases++;
    }
    expect(cases).toBe(300);
    // A different order among nearly equal scores is rare: it needs two decayed scores within a float32 ulp.
    expect(reordered).toBeLessThanOrEqual(10);
  });

  it('handles duplicates (comp_i = 1) under the linear kernel like matrix.ts: no division by zero', async () => {
    const input = { boxes: F.of(0, 0, 10, 10, 0, 0, 10, 10, 4, 0, 14, 10), scores: F.of(0.9, 0.8, 0.7) };
    const { result } = await runOnnxVariant(runtime, 'matrix', input, { kernel: 'linear', updateThreshold: 0 });
    expect(result.scores.every(Number.isFinite)).toBe(true);
    expectSameResult(result, matrix(input, { kernel: 'linear', updateThreshold: 0 }), 'duplicates');
  });

  it('uses the label matrix with arbitrary class ids (compacted to dense labels)', async () => {
    const input = {
      boxes: F.of(0, 0, 10, 10, 2, 0, 12, 10, 4, 0, 14, 10),
      scores: F.of(0.9, 0.8, 0.7),
      classes: Int32Array.of(2_000_000_000, 7, 2_000_000_000),
    };
    const { result } = await runOnnxVariant(runtime, 'matrix', input, { kernel: 'linear', updateThreshold: 0 });
    expectSameResult(result, matrix(input, { kernel: 'linear', updateThreshold: 0 }), 'classes');
    expect(result.scores[1]).toBe(F.of(0.8)[0]); // alone in its class: no decay
  });
});

describe('runOnnxVariant: edges and bad input', () => {
  it('returns an empty result for 0 boxes and the box itself for 1', async () => {
    const none = await runOnnxVariant(runtime, 'fast', { boxes: new F(0), scores: new F(0) });
    expect(none.result.keep).toHaveLength(0);
    expect(none.provider).toBe('cpu');
    const one = await runOnnxVariant(runtime, 'matrix', { boxes: F.of(1, 2, 3, 4), scores: F.of(0.5) });
    expect(Array.from(one.result.keep)).toEqual([0]);
    expect(one.result.scores[0]).toBe(0.5);
  });

  it('refuses the sequential variants with error.nms.noGraph', async () => {
    for (const method of ['greedy', 'soft-gaussian', 'batched'] as const) {
      const error = await runOnnxVariant(runtime, method, { boxes: F.of(0, 0, 1, 1), scores: F.of(1) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LabError);
      expect(error).toMatchObject({ code: 'unsupported', messageKey: 'error.nms.noGraph', params: { method, methods: 'fast, matrix' } });
    }
  });

  it('validates like the TypeScript variants (typed errors, same keys)', async () => {
    const bad = (input: NmsInput, options: Record<string, number | string> = {}, method: 'fast' | 'matrix' = 'fast'): Promise<unknown> =>
      runOnnxVariant(runtime, method, input, options).catch((e: unknown) => e);
    expect(await bad({ boxes: F.of(0, 0, NaN, 1), scores: F.of(1) })).toMatchObject({ messageKey: 'error.nms.nonFiniteBox' });
    expect(await bad({ boxes: F.of(0, 0, 1, 1), scores: F.of(1) }, { N_t: 2 })).toMatchObject({
      messageKey: 'error.nms.badOption',
      params: { option: 'N_t' },
    });
    expect(await bad({ boxes: F.of(0, 0, 1, 1), scores: F.of(1.5) }, {}, 'matrix')).toMatchObject({ messageKey: 'error.nms.scoreOutOfRange' });
    expect(await bad({ boxes: F.of(0, 0, 1, 1), scores: F.of(0.5) }, { kernel: 'box' }, 'matrix')).toMatchObject({
      messageKey: 'error.nms.badOption',
      params: { option: 'kernel' },
    });
    expect(await bad({ boxes: F.of(0, 0, 1, 1), scores: F.of(0.5) }, { sigma: Infinity }, 'matrix')).toMatchObject({
      messageKey: 'error.nms.badOption',
      params: { option: 'sigma' },
    });
  });

  it('refuses more than MAX_GRAPH_CANDIDATES candidates at once, and accepts them after top-k', async () => {
    const N = MAX_GRAPH_CANDIDATES + 1;
    const input = { boxes: new F(4 * N), scores: F.from({ length: N }, (_, i) => i / N) };
    const error = await runOnnxVariant(runtime, 'fast', input).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'validation',
      messageKey: 'error.nms.graphTooLarge',
      params: { method: 'fast', count: N, max: MAX_GRAPH_CANDIDATES },
    });
    const { result } = await runOnnxVariant(runtime, 'fast', input, { topK: 100 });
    expect(result.stats.candidates).toBe(100);
  });
});
