/**
 * Writes a built-in model's `card.md` from what its training and evaluation recorded
 * (`training.json`, `metrics.json`) and the files on disk, so the card can never disagree with
 * the model it describes. Run after `evaluate-clip.ts` / `evaluate-diffusion.ts`.
 *
 * Usage: node scripts/run-ts.mjs models/training/write-card.ts shapes-clip|shapes-diffusion
 */
import { readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { SPLITS } from './make-dataset.js';
import { WORLD } from '../../electron/engine/shapes/world.js';

type Locale = 'en' | 'zh-CN';
type Accuracy = Record<'shape' | 'colour', Record<Locale, number>>;

interface Training {
  command: string;
  seed: number;
  steps: number;
  batch: number;
  lr: number;
  parameters: number;
  architecture: Record<string, unknown>;
  wall_seconds: number;
  threads: number;
  device: string;
  torch: string;
  [key: string]: unknown;
}

const name = process.argv[2];
if (name !== 'shapes-clip' && name !== 'shapes-diffusion') {
  console.error('usage: write-card.ts shapes-clip|shapes-diffusion');
  process.exit(2);
}
const folder = join('models', 'builtin', name);
const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(folder, file), 'utf8')) as T;
const training = readJson<Training>('training.json');

const percent = (x: number): string => `${(x * 100).toFixed(1)} %`;
const minutes = (seconds: number): string => `${(seconds / 60).toFixed(1)} min`;

function files(): string {
  const rows: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry !== 'card.md') rows.push(`| \`${relative(folder, path)}\` | ${(statSync(path).size / 1024).toFixed(1)} KiB |`);
    }
  };
  walk(folder);
  const total = rows.length === 0 ? 0 : sumBytes(folder);
  return ['| file | size |', '| --- | --- |', ...rows, `| **total** | **${(total / 1024 / 1024).toFixed(2)} MiB** |`].join('\n');
}

function sumBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, entry) => {
    const path = join(dir, entry);
    return sum + (statSync(path).isDirectory() ? sumBytes(path) : statSync(path).size);
  }, 0);
}

function accuracyRow(label: string, count: number, a: Accuracy): string {
  return `| ${label} | ${count} | ${percent(a.shape.en)} | ${percent(a.shape['zh-CN'])} | ${percent(a.colour.en)} | ${percent(a.colour['zh-CN'])} |`;
}

const ACCURACY_HEADER = [
  '| images | n | shape (English prompts) | shape (Chinese prompts) | colour (English prompts) | colour (Chinese prompts) |',
  '| --- | --- | --- | --- | --- | --- |',
];

const heldout = WORLD.heldout.map(([shape, colour]) => `${colour} ${shape}`).join(', ');
const splits = SPLITS.map((s) => `${s.name} ${s.count.toLocaleString('en')}`).join(', ');
const trainingTable = [
  '| | |',
  '| --- | --- |',
  `| one command for all of it | \`npm run train:${name === 'shapes-clip' ? 'clip' : 'diffusion'}\` |`,
  `| training step alone | \`${training.command}\` |`,
  `| seed | ${training.seed} |`,
  `| optimiser steps × batch | ${training.steps} × ${training.batch} (peak learning rate ${training.lr}, cosine decay) |`,
  `| parameters | ${training.parameters.toLocaleString('en')} |`,
  `| training wall time | ${minutes(training.wall_seconds)} on ${training.threads} CPU threads (${training.device}, PyTorch ${training.torch}) |`,
].join('\n');

const world = [
  `Data: the shapes world (\`electron/engine/shapes/\`, the generator the lessons use): ${WORLD.shapes.length} shapes`,
  `(${WORLD.shapes.map((s) => s.id).join(', ')}) × ${WORLD.colours.length} colours (${WORLD.colours.map((c) => c.id).join(', ')}),`,
  `two sizes, five positions, one to three copies, five backgrounds; captions from a grammar in English and`,
  `Simplified Chinese. Splits by seed: ${splits} scenes. The held-out split contains only the combinations`,
  `${heldout}, which no other split contains: it measures whether the model composes a shape and a colour it`,
  `has only seen apart.`,
].join('\n');

let body: string;
if (name === 'shapes-clip') {
  const metrics = readJson<{ measured: string; engine: string; tables: { split: string; images: number; resolution: number; accuracy: Accuracy }[] }>(
    'metrics.json',
  );
  const rows = metrics.tables.map((t) =>
    accuracyRow(`${t.split === 'test' ? 'test (seen combinations)' : 'held-out combinations'}, ${t.resolution} px`, t.images, t.accuracy),
  );
  const a = training.architecture;
  body = `# shapes-clip — the lab's own small CLIP

A CLIP trained by this project, from data it generates, so every CLIP lesson works offline on first
launch. It knows coloured shapes and nothing else: ask it about a cat and it will still answer with
the closest shape. English and Chinese prompts both work. Licence: MIT, like the project.

## Architecture

Hugging Face CLIP layout and tensor names (\`onnx/vision_model.onnx\`: \`pixel_values\` → \`image_embeds\`,
\`attentions\`; \`onnx/text_model.onnx\`: \`input_ids\` → \`text_embeds\`), so the app's CLIP pipeline and
\`@huggingface/transformers\` run it like a real CLIP.

- Vision: a ${a.vision_layers}-block ViT, width ${a.vision_width}, ${a.vision_heads} heads, ${a.image_size}×${a.image_size} input cut into
  ${a.patch_size}×${a.patch_size} patches by a small convolutional stem, a [CLS] token and learned positions. The
  \`attentions\` output holds every block's attention weights ([batch, blocks, heads, tokens, tokens]) for
  the attention lessons.
- Text: a ${a.text_layers}-block causal Transformer, width ${a.text_width}, context ${a.context_length} tokens, over a
  WordPiece \`tokenizer.json\` (every word and Chinese character the caption grammar uses).
- Both project to ${a.embed_dim} dimensions and are L2-normalised; \`config.json\` carries the learned
  \`logit_scale\` (${Number(training.logit_scale).toFixed(2)}).
- Training: symmetric cross-entropy over the batch similarity matrix (identical captions count as
  positives), AdamW.

${world}

## Training

${trainingTable}

## Zero-shot accuracy, measured through the app's engine

Measured ${metrics.measured} with ${metrics.engine} by \`models/training/evaluate-clip.ts\`: the prompts are
"a photo of a circle" / "一个圆形" over the ${WORLD.shapes.length} shapes, and "a red shape" /
"一个红色的形状" over the ${WORLD.colours.length} colours (\`zeroShotPrompts\` in \`electron/engine/shapes/captions.ts\`); every image of
the split. 32 px rows are the same scenes rendered at 32 px and upscaled by the preprocessing, which is
how the diffusion model's samples are judged.

${[...ACCURACY_HEADER, ...rows].join('\n')}

\`tests/unit/models/shapes-clip.test.ts\` re-measures a fixed sample of these on every test run.

## Files

${files()}
`;
} else {
  interface DiffusionMetrics {
    measured: string;
    sampler: string;
    judge: string;
    sampling_seconds: number;
    tables: Record<string, Accuracy & { samples: number }>;
  }
  const metrics = readJson<DiffusionMetrics>('metrics.json');
  const config = readJson<Record<string, unknown>>('config.json');
  const a = training.architecture as { channels: number[]; embed_dim: number; image_size: number; text_dim: number };
  const rows = Object.entries(metrics.tables).map(([split, t]) =>
    accuracyRow(split === 'seen' ? 'seen combinations' : 'held-out combinations', t.samples, t),
  );
  body = `# shapes-diffusion — the lab's own text-to-image diffusion model

A small conditional diffusion model trained by this project on the shapes world, so the diffusion
lessons draw "a red circle" / "一个红色的圆形" offline. It is conditioned on the text embedding of
the built-in CLIP (\`shapes-clip\`), exactly the way Stable Diffusion is conditioned on CLIP's text
encoder, and trained with condition dropout so classifier-free guidance works. Licence: MIT.

## Architecture

- A UNet on ${a.image_size}×${a.image_size}×3 images in [−1, 1]: channels ${a.channels.join(' → ')} at 32, 16 and 8 px, one
  residual block per level on the way down and up and two at 8×8 around a self-attention layer, GroupNorm
  and SiLU, skip connections. A sinusoidal timestep embedding and the ${a.text_dim}-dimensional text
  embedding each pass through a small MLP to ${a.embed_dim} dimensions; their sum modulates every residual
  block by FiLM (a learned scale and shift after its second normalisation).
- ε-prediction, T = ${String(config.num_train_timesteps)}, cosine schedule (\`${String(config.beta_schedule)}\`). An all-zeros text embedding
  means "no caption" (the unconditional branch of guidance).
- \`onnx/model.onnx\`: \`sample\` [B, 3, ${a.image_size}, ${a.image_size}], \`timestep\` int64 [B], \`text_embeds\` [B, ${a.text_dim}] →
  \`noise_pred\`; \`config.json\` says so for the engine and for the import dialog.

${world}

The diffusion model trains on the single-object scenes only, with those of their eight captions
(four English, four Chinese) that name both the shape and the colour: ${String(training.training_pairs)} (scene, caption)
pairs. Thirty CPU minutes buy a few thousand steps; spent on "a small red star" rather than on
"something red" or three small objects, they teach the model to draw what it is asked for (so a
prompt for two or three objects is outside what it learned). Each step picks random pairs, the
caption embedded by \`shapes-clip\` (\`models/training/embed-captions.ts\`, through the engine), drops
the caption with probability ${String(training.uncond_probability)}, and regresses the noise with min-SNR loss weighting
(γ = ${String(training.min_snr_gamma)}, Hang et al. 2023: the many nearly noise-free timesteps weigh less, the ones where
the shape is decided more); the exported weights are an exponential moving average (decay ${String(training.ema)}).

## Training

${trainingTable}

## Quality, measured through the app's engine

Measured ${metrics.measured} by \`models/training/evaluate-diffusion.ts\`: ${metrics.sampler}; each sample
judged by ${metrics.judge} (${metrics.sampling_seconds} s of sampling). Prompts alternate English and Chinese
captions, one per sample, for every shape–colour combination.

${[...ACCURACY_HEADER, ...rows].join('\n')}

The grid below is the first sample for each combination (rows: ${WORLD.colours.map((c) => c.id).join(', ')};
columns: ${WORLD.shapes.map((s) => s.id).join(', ')}), upscaled 4×. Held-out combinations are the
cells ${heldout}.

![samples](samples.png)

\`tests/unit/models/shapes-diffusion.test.ts\` re-measures a fixed sample of these on every test run.

## Files

${files()}
`;
}

const path = join(folder, 'card.md');
writeFileSync(`${path}.tmp`, body);
renameSync(`${path}.tmp`, path);
console.log(`wrote ${path}`);
