/**
 * CLIP benchmark: our pipeline (electron/engine/clip) against
 * @huggingface/transformers (transformers.js, the peer) on the same ONNX files
 * in the same run, with the same embeddings asserted before any timing.
 *
 *   npm run bench:clip        (= npm run bench -- clip)
 *
 * Models: the built-in models/builtin/shapes-clip (when it has been trained;
 * otherwise the hand-weighted tiny CLIP of the unit tests, reported as such),
 * plus every CLIP in the Hugging Face ONNX layout found in the user's model
 * folder. For each tower (text, image) and batch (1, 16):
 *   cold — the first call including reading the folder and creating both
 *          towers' sessions (a fresh Runtime + loadClip for us; tokenizer,
 *          processor and both models' from_pretrained for the peer);
 *   warm — medians of alternating runs: ours end to end (encodeTexts with the
 *          text cache emptied before each call / encodeImages), ours split
 *          into preprocessing (tokenise / resize-crop-normalise) and inference
 *          (session.run + L2 normalisation), the bare session.run on prebuilt
 *          tensors, and the peer end to end (tokenizer or processor + model
 *          call + the same normalisation), also split.
 * Inputs are shapes-world scenes (raw 64×64 RGB, no decoding) and captions in
 * English and Chinese. Both sides use onnxruntime-node 1.30.0 (the peer's own
 * dependency resolves to the same package) with its default thread settings.
 * Writes bench/results/clip.json; docs/benchmarks.md records a run by hand.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AutoProcessor,
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  RawImage,
  env as transformersEnv,
} from '@huggingface/transformers';
import { loadClip, type ClipModel } from '../electron/engine/clip/clip-model.js';
import { encodePixelBatch, encodeTokenBatch } from '../electron/engine/clip/encoders.js';
import { sceneImage } from '../electron/engine/clip/image-specs.js';
import { preprocessImage, type PixelValues, type RawRgbImage } from '../electron/engine/clip/preprocess.js';
import { l2NormalizeRows } from '../electron/engine/clip/similarity.js';
import { TextEmbeddingCache } from '../electron/engine/clip/text-cache.js';
import { defaultDataDir, findAppRoot } from '../electron/engine/paths.js';
import { float32Tensor, int64Tensor, ortVersion, Runtime, type SessionFeeds } from '../electron/engine/runtime/ort.js';
import { createRng } from '../electron/engine/random/rng.js';
import { pickCaption } from '../electron/engine/shapes/captions.js';
import { sampleScene } from '../electron/engine/shapes/scene.js';
import { writeTinyClip } from '../tests/unit/engine/clip/tiny-clip.js';
import { announce, benchDate, writeBenchResults } from './record.js';

// The bundle runs from dist/bench; the project root is the folder of our package.json above it.
const root = findAppRoot(dirname(fileURLToPath(import.meta.url)));
const BATCHES = [1, 16];
/** Per warm measurement: at most this many alternating rounds, and stop after this many ms of total time. */
const MAX_ROUNDS = 21;
const ROUND_BUDGET_MS = 6000;
const MIN_COSINE = 0.9999;

type Tower = 'text' | 'image';
type SampleKey = 'ours' | 'oursPre' | 'oursInf' | 'bare' | 'peer' | 'peerPre' | 'peerInf';

interface ModelUnderTest {
  name: string;
  folder: string;
  source: 'builtin' | 'tiny-test-model' | 'user' | 'folder';
  /** The folder the peer reads (a view with the config fields transformers.js insists on, when the original lacks them). */
  peerFolder: string;
  notes: string[];
}

interface Row {
  model: string;
  source: ModelUnderTest['source'];
  tower: Tower;
  batch: number;
  cold_ours_ms: number;
  cold_transformers_js_ms: number;
  warm_ours_ms: number;
  ours_pre_ms: number;
  ours_inference_ms: number;
  bare_session_ms: number;
  warm_transformers_js_ms: number;
  transformers_js_pre_ms: number;
  transformers_js_inference_ms: number;
  ours_per_s: number;
  transformers_js_per_s: number;
  bare_session_per_s: number;
  vs_transformers_js_ratio: number;
  vs_bare_session_ratio: number;
  min_cosine_vs_transformers_js: number;
  rounds: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function time<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await run();
  return { ms: performance.now() - t0, value };
}

/** Row-wise cosine between two [n, d] matrices (ours is already normalised; theirs is normalised here). */
function minRowCosine(a: Float32Array, b: Float32Array, dim: number): number {
  let min = Infinity;
  for (let r = 0; r < a.length / dim; r++) {
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let k = 0; k < dim; k++) {
      const x = a[r * dim + k]!;
      const y = b[r * dim + k]!;
      dot += x * y;
      na += x * x;
      nb += y * y;
    }
    min = Math.min(min, dot / Math.sqrt(na * nb));
  }
  return min;
}

async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

/**
 * transformers.js needs `model_type` in config.json, `image_processor_type` in
 * preprocessor_config.json and a tokenizer_config.json; an export without them
 * gets a view folder (the ONNX files and tokenizer.json linked, the configs
 * completed) and a note saying so. The ONNX files are the same either way.
 */
async function peerView(folder: string, scratch: string, notes: string[]): Promise<string> {
  const config = await readJson(join(folder, 'config.json'));
  const pre = await readJson(join(folder, 'preprocessor_config.json'));
  const hasTokConfig = existsSync(join(folder, 'tokenizer_config.json'));
  if (config.model_type && (pre.image_processor_type || pre.feature_extractor_type) && hasTokConfig) return folder;
  const view = join(scratch, basename(folder));
  await mkdir(view, { recursive: true });
  await symlink(join(folder, 'onnx'), join(view, 'onnx'));
  await symlink(join(folder, 'tokenizer.json'), join(view, 'tokenizer.json'));
  if (!config.model_type) notes.push('config.json has no model_type; the peer reads a copy with model_type "clip"');
  await writeFile(join(view, 'config.json'), JSON.stringify({ model_type: 'clip', ...config }));
  if (!(pre.image_processor_type || pre.feature_extractor_type))
    notes.push('preprocessor_config.json has no image_processor_type; the peer reads a copy with "CLIPImageProcessor"');
  await writeFile(join(view, 'preprocessor_config.json'), JSON.stringify({ image_processor_type: 'CLIPImageProcessor', ...pre }));
  if (hasTokConfig) {
    await symlink(join(folder, 'tokenizer_config.json'), join(view, 'tokenizer_config.json'));
  } else {
    notes.push('no tokenizer_config.json; the peer reads one naming CLIPTokenizer with <|endoftext|> as pad');
    const tokenizer = await readJson(join(folder, 'tokenizer.json'));
    const added = (tokenizer.added_tokens as { content: string }[] | undefined) ?? [];
    const has = (t: string): boolean => added.some((a) => a.content === t);
    const maxLength = ((config.text_config as Record<string, unknown> | undefined)?.max_position_embeddings as number | undefined) ?? 77;
    await writeFile(
      join(view, 'tokenizer_config.json'),
      JSON.stringify({
        tokenizer_class: 'CLIPTokenizer',
        model_max_length: maxLength,
        ...(has('<|endoftext|>') ? { pad_token: '<|endoftext|>', eos_token: '<|endoftext|>' } : {}),
        ...(has('<|startoftext|>') ? { bos_token: '<|startoftext|>' } : {}),
      }),
    );
  }
  return view;
}

async function isClipFolder(folder: string): Promise<boolean> {
  return ['onnx/text_model.onnx', 'onnx/vision_model.onnx', 'tokenizer.json', 'preprocessor_config.json', 'config.json'].every((f) =>
    existsSync(join(folder, f)),
  );
}

async function userModelFolders(): Promise<string[]> {
  const dataDir = defaultDataDir();
  const dirs = new Set([join(dataDir, 'models')]);
  try {
    const settings = await readJson(join(dataDir, 'settings.json'));
    if (typeof settings.modelDir === 'string') dirs.add(settings.modelDir);
  } catch {
    // no settings yet: the default folder only
  }
  const found: string[] = [];
  for (const dir of dirs) {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) if (entry.isDirectory() && (await isClipFolder(join(dir, entry.name)))) found.push(join(dir, entry.name));
  }
  return found;
}

/** Captions of seeded shapes scenes, alternating English and Chinese; distinct strings. */
function shapePrompts(count: number): string[] {
  const prompts = new Set<string>();
  for (let seed = 0; prompts.size < count && seed < 100_000; seed++) {
    const scene = sampleScene(createRng(seed), { combos: 'seen' });
    prompts.add(pickCaption(scene, seed % 2 ? 'zh-CN' : 'en', createRng(seed + 1)));
  }
  return [...prompts];
}

/** Word combinations of the tiny model's vocabulary (its tokenizer knows nothing else). */
function tinyPrompts(count: number): string[] {
  const words = ['red', 'green', 'blue'];
  return Array.from({ length: count }, (_, i) => `${words[i % 3]} ${words[Math.floor(i / 3) % 3]}`);
}

const machine = announce('clip', ortVersion, ['@huggingface/transformers 4.3.1']);

const scratch = await mkdtemp(join(os.tmpdir(), 'aigc-clip-bench-'));
const models: ModelUnderTest[] = [];
// `npm run bench:clip -- --folder PATH …`: benchmark these CLIP folders too (e.g. a model not yet installed).
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] !== '--folder' || !process.argv[i + 1]) continue;
  const folder = process.argv[++i]!;
  const notes = ['given with --folder'];
  models.push({ name: basename(folder), folder, source: 'folder', peerFolder: await peerView(folder, scratch, notes), notes });
}
const builtin = join(root, 'models', 'builtin', 'shapes-clip');
if (await isClipFolder(builtin)) {
  const notes: string[] = [];
  models.push({ name: 'shapes-clip', folder: builtin, source: 'builtin', peerFolder: await peerView(builtin, scratch, notes), notes });
} else if (models.length === 0) {
  const tiny = await writeTinyClip('tiny-clip');
  const notes = ['models/builtin/shapes-clip is not there yet: this is the hand-weighted tiny CLIP of the unit tests (3-d embeddings, 2×2 pixels)'];
  models.push({ name: 'tiny-clip', folder: tiny.folder, source: 'tiny-test-model', peerFolder: await peerView(tiny.folder, scratch, notes), notes });
}
for (const folder of await userModelFolders()) {
  const notes: string[] = [];
  models.push({ name: basename(folder), folder, source: 'user', peerFolder: await peerView(folder, scratch, notes), notes });
}

transformersEnv.allowRemoteModels = false;
transformersEnv.allowLocalModels = true;

const rows: Row[] = [];
const identity: { model: string; tower: Tower; min_cosine: number; ok: boolean }[] = [];

for (const model of models) {
  console.log(`\n${model.name} (${model.source}) — ${model.folder}`);
  for (const note of model.notes) console.log(`  note: ${note}`);
  transformersEnv.localModelPath = `${dirname(model.peerFolder)}/`;
  const peerName = basename(model.peerFolder);
  const maxBatch = Math.max(...BATCHES);
  const prompts = model.source === 'tiny-test-model' ? tinyPrompts(maxBatch) : shapePrompts(maxBatch);
  // A folder whose name is taken by another entry would collide in the peer's model id; the view folders are unique per model.
  const scenes: RawRgbImage[] = Array.from({ length: maxBatch }, (_, i) => sceneImage(1000 + i, 64));

  // --- ours, warm instances -------------------------------------------------
  const runtime = new Runtime('cpu');
  const cache = new TextEmbeddingCache();
  const clip: ClipModel = await loadClip(model.folder, runtime, { cache, id: model.name, textBatchSize: maxBatch, imageBatchSize: maxBatch });
  const text = await runtime.open({ key: clip.files.textModelPath, model: clip.files.textModelPath });
  const vision = await runtime.open({ key: clip.files.visionModelPath, model: clip.files.visionModelPath });

  // --- the peer, warm instances ---------------------------------------------
  const tokenizer = await AutoTokenizer.from_pretrained(peerName);
  const processor = await AutoProcessor.from_pretrained(peerName);
  const peerText = await CLIPTextModelWithProjection.from_pretrained(peerName, { dtype: 'fp32', device: 'cpu' });
  const peerVision = await CLIPVisionModelWithProjection.from_pretrained(peerName, { dtype: 'fp32', device: 'cpu' });
  const rawImages = (batch: RawRgbImage[]): RawImage[] => batch.map((s) => new RawImage(new Uint8ClampedArray(s.data), s.width, s.height, 3));

  const peerTexts = async (texts: string[]): Promise<Float32Array> => {
    const inputs = tokenizer(texts, { padding: true, truncation: true });
    const { text_embeds } = (await peerText(inputs)) as { text_embeds: { data: Float32Array; dims: number[] } };
    return l2NormalizeRows(Float32Array.from(text_embeds.data), text_embeds.dims[1]!);
  };
  const peerImages = async (batch: RawRgbImage[]): Promise<Float32Array> => {
    const inputs = await processor(rawImages(batch));
    const { image_embeds } = (await peerVision(inputs)) as { image_embeds: { data: Float32Array; dims: number[] } };
    return l2NormalizeRows(Float32Array.from(image_embeds.data), image_embeds.dims[1]!);
  };

  // --- same embeddings first ------------------------------------------------
  cache.clear();
  const oursT = await clip.encodeTexts(prompts);
  const theirsT = await peerTexts(prompts);
  const oursI = await clip.encodeImages(scenes);
  const theirsI = await peerImages(scenes);
  for (const [tower, ours, theirs, dim] of [
    ['text', oursT.data, theirsT, oursT.dim],
    ['image', oursI.data, theirsI, oursI.dim],
  ] as const) {
    const min = minRowCosine(ours, theirs, dim);
    identity.push({ model: model.name, tower, min_cosine: min, ok: min >= MIN_COSINE });
    console.log(
      `  ${tower} embeddings, ours vs transformers.js on ${maxBatch} inputs: min cosine ${min.toFixed(6)} ${min >= MIN_COSINE ? '(same)' : '(DIFFERENT)'}`,
    );
  }
  if (identity.some((i) => i.model === model.name && !i.ok)) {
    console.log('  the embeddings differ beyond the tolerance: timings below compare different computations');
  }

  for (const tower of ['text', 'image'] as const) {
    for (const B of BATCHES) {
      const texts = prompts.slice(0, B);
      const images = scenes.slice(0, B);

      // Cold: reading the folder + session creation + the first call.
      const coldRuntime = new Runtime('cpu');
      const coldOurs = await time(async () => {
        const fresh = await loadClip(model.folder, coldRuntime, { id: `${model.name}-cold`, textBatchSize: maxBatch, imageBatchSize: maxBatch });
        return tower === 'text' ? fresh.encodeTexts(texts) : fresh.encodeImages(images);
      });
      await coldRuntime.releaseAll();
      // Like loadClip, the peer's cold start opens both towers (a similarity call needs both), then runs the one measured.
      const coldPeer = await time(async () => {
        const [tok, proc, textModel, visionModel] = await Promise.all([
          AutoTokenizer.from_pretrained(peerName),
          AutoProcessor.from_pretrained(peerName),
          CLIPTextModelWithProjection.from_pretrained(peerName, { dtype: 'fp32', device: 'cpu' }),
          CLIPVisionModelWithProjection.from_pretrained(peerName, { dtype: 'fp32', device: 'cpu' }),
        ]);
        if (tower === 'text') await textModel(tok(texts, { padding: true, truncation: true }));
        else await visionModel(await proc(rawImages(images)));
        return [textModel, visionModel] as const;
      });
      await Promise.all(coldPeer.value.map((m) => m.dispose()));

      // Prebuilt inputs for the split and the bare session.
      const tokens = clip.tokenizer.encode(texts);
      const pixels: PixelValues[] = [];
      for (const image of images) pixels.push(await preprocessImage(image, clip.files.preprocessor));
      const bareFeeds = (): SessionFeeds => {
        if (tower === 'text') {
          const feeds: SessionFeeds = { input_ids: int64Tensor(tokens.inputIds, [tokens.batch, tokens.seq]) };
          if (text.session.inputNames.includes('attention_mask'))
            feeds.attention_mask = int64Tensor(tokens.attentionMask, [tokens.batch, tokens.seq]);
          return feeds;
        }
        const { height, width } = pixels[0]!;
        const data = new Float32Array(B * 3 * height * width);
        pixels.forEach((p, i) => data.set(p.data, i * p.data.length));
        return { pixel_values: float32Tensor(data, [B, 3, height, width]) };
      };
      const feeds = bareFeeds();
      const peerInputs = tower === 'text' ? tokenizer(texts, { padding: true, truncation: true }) : await processor(rawImages(images));

      const samples: Record<SampleKey, number[]> = { ours: [], oursPre: [], oursInf: [], bare: [], peer: [], peerPre: [], peerInf: [] };
      const started = performance.now();
      let rounds = 0;
      // One warm-up round, untimed, then alternate.
      for (let round = -1; round < MAX_ROUNDS; round++) {
        const record = (key: SampleKey, ms: number): void => {
          if (round >= 0) samples[key].push(ms);
        };
        if (tower === 'text') {
          cache.clear();
          record('ours', (await time(() => clip.encodeTexts(texts))).ms);
          record('oursPre', (await time(async () => clip.tokenizer.encode(texts))).ms);
          record('oursInf', (await time(() => encodeTokenBatch(runtime, text, tokens))).ms);
          record('bare', (await time(() => runtime.run(text, feeds))).ms);
          record('peer', (await time(() => peerTexts(texts))).ms);
          record('peerPre', (await time(async () => tokenizer(texts, { padding: true, truncation: true }))).ms);
          record('peerInf', (await time(() => peerText(peerInputs))).ms);
        } else {
          record('ours', (await time(() => clip.encodeImages(images))).ms);
          record(
            'oursPre',
            (
              await time(async () => {
                for (const image of images) await preprocessImage(image, clip.files.preprocessor);
              })
            ).ms,
          );
          record('oursInf', (await time(() => encodePixelBatch(runtime, vision, pixels))).ms);
          record('bare', (await time(() => runtime.run(vision, feeds))).ms);
          record('peer', (await time(() => peerImages(images))).ms);
          record('peerPre', (await time(() => processor(rawImages(images)))).ms);
          record('peerInf', (await time(() => peerVision(peerInputs))).ms);
        }
        if (round >= 0) rounds++;
        if (round >= 4 && performance.now() - started > ROUND_BUDGET_MS) break;
      }
      const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) as Record<SampleKey, number>;
      const perS = (ms: number): number => (B * 1000) / ms;
      const row: Row = {
        model: model.name,
        source: model.source,
        tower,
        batch: B,
        cold_ours_ms: coldOurs.ms,
        cold_transformers_js_ms: coldPeer.ms,
        warm_ours_ms: m.ours,
        ours_pre_ms: m.oursPre,
        ours_inference_ms: m.oursInf,
        bare_session_ms: m.bare,
        warm_transformers_js_ms: m.peer,
        transformers_js_pre_ms: m.peerPre,
        transformers_js_inference_ms: m.peerInf,
        ours_per_s: perS(m.ours),
        transformers_js_per_s: perS(m.peer),
        bare_session_per_s: perS(m.bare),
        vs_transformers_js_ratio: perS(m.ours) / perS(m.peer),
        vs_bare_session_ratio: perS(m.ours) / perS(m.bare),
        min_cosine_vs_transformers_js: identity.find((i) => i.model === model.name && i.tower === tower)!.min_cosine,
        rounds,
      };
      rows.push(row);
      console.log(
        `  ${tower.padEnd(5)} B=${String(B).padStart(2)}: ours ${row.ours_per_s.toFixed(0)}/s (pre ${m.oursPre.toFixed(2)} + inf ${m.oursInf.toFixed(2)} of ${m.ours.toFixed(2)} ms), ` +
          `transformers.js ${row.transformers_js_per_s.toFixed(0)}/s (pre ${m.peerPre.toFixed(2)} + inf ${m.peerInf.toFixed(2)} of ${m.peer.toFixed(2)} ms), bare ${row.bare_session_per_s.toFixed(0)}/s; ` +
          `vs_transformers_js_ratio ${row.vs_transformers_js_ratio.toFixed(2)}, vs_bare_session_ratio ${row.vs_bare_session_ratio.toFixed(2)}; ` +
          `cold ours ${coldOurs.ms.toFixed(0)} ms, transformers.js ${coldPeer.ms.toFixed(0)} ms (${rounds} rounds)`,
      );
    }
  }
  await peerText.dispose();
  await peerVision.dispose();
  await runtime.releaseAll();
  if (model.source === 'tiny-test-model') await rm(dirname(model.folder), { recursive: true, force: true });
}
await rm(scratch, { recursive: true, force: true });

const out = writeBenchResults('clip', {
  date: benchDate,
  machine,
  peer: '@huggingface/transformers 4.3.1 (CLIPTextModelWithProjection / CLIPVisionModelWithProjection, AutoTokenizer / AutoProcessor, dtype fp32, device cpu)',
  models: models.map(({ name, source, notes }) => ({ name, source, notes })),
  identity,
  rows,
});
console.log(`\nwrote ${out}\n`);

// The table docs/benchmarks.md records (medians; ms per call; throughput in embeddings/s).
const f = (v: number, digits = 2): string => (v >= 100 ? v.toFixed(0) : v.toFixed(digits));
console.log(
  '| model | tower | batch | ours /s | transformers.js /s | bare session.run /s | vs_transformers_js_ratio | vs_bare_session_ratio | ours pre + inference (ms) | transformers.js pre + inference (ms) | cold ours / transformers.js (ms) |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  console.log(
    `| ${r.model} | ${r.tower} | ${r.batch} | ${f(r.ours_per_s)} | ${f(r.transformers_js_per_s)} | ${f(r.bare_session_per_s)} | ${r.vs_transformers_js_ratio.toFixed(2)} | ${r.vs_bare_session_ratio.toFixed(2)} | ` +
      `${f(r.ours_pre_ms)} + ${f(r.ours_inference_ms)} | ${f(r.transformers_js_pre_ms)} + ${f(r.transformers_js_inference_ms)} | ${f(r.cold_ours_ms, 0)} / ${f(r.cold_transformers_js_ms, 0)} |`,
  );
}
