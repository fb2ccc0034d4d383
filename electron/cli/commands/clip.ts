import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BUILTIN_CLIP_ID, CLIP_MODEL_VARIANTS, type ClipImageSpec, type ClipModelVariant } from '../../common/clip.js';
import { LabError } from '../../common/errors.js';
import { CliCallError, runJob, toJson, type CliCommand } from '../command.js';

function usageError(detail: string): CliCallError {
  return new CliCallError(new LabError('validation', { messageKey: 'error.clip.cliUsage', detail }).toData());
}

/** Row-major [rows · cols] → rows × cols nested arrays. */
function matrix(data: Float32Array, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from(data.subarray(i * cols, (i + 1) * cols)));
}

/**
 * `lab clip --model ID --image A.jpg [--image B.jpg …] [--scene SEED …] --text "a photo of a cat" [--text …] [--template "a photo of a {}." …] [--json]`:
 * images × texts on a CLIP model, through the same `clip.similarity` job the lessons use.
 *
 * @example lab clip --scene 7 --text "a red circle" --text "a blue square" --json
 * // → { "model": "shapes-clip", "similarity": [[0.31, 0.02]], "probs": [[0.9998, 0.0002]], "logitScale": 30, … }
 */
export const clipCommand: CliCommand = {
  name: 'clip',
  summary: `Scores images against texts with CLIP: cosine similarity and the softmax over the texts per image. --model is a model id (default ${BUILTIN_CLIP_ID}, the built-in model; others from the model folder); --scene SEED adds a generated shapes scene (64×64); --template "a photo of a {}." averages each text over templates; --variant fp32|quantized.`,
  usage: 'clip [--model ID] (--image FILE | --scene SEED)… --text TEXT… [--template T…] [--variant fp32|quantized] [--json]',
  async run({ engine, argv, json, print }) {
    const { values, tokens } = parseArgs({
      args: argv,
      strict: true,
      tokens: true,
      options: {
        model: { type: 'string', default: BUILTIN_CLIP_ID },
        image: { type: 'string', multiple: true },
        scene: { type: 'string', multiple: true },
        text: { type: 'string', multiple: true },
        template: { type: 'string', multiple: true },
        variant: { type: 'string', default: 'fp32' },
      },
    });
    // Images in command-line order, --image and --scene mixed.
    const images: ClipImageSpec[] = [];
    const names: string[] = [];
    for (const token of tokens) {
      if (token.kind !== 'option' || typeof token.value !== 'string') continue;
      if (token.name === 'image') {
        images.push({ kind: 'file', path: resolve(token.value) });
        names.push(token.value);
      } else if (token.name === 'scene') {
        const seed = Number(token.value);
        if (token.value.trim() === '' || !Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) {
          throw usageError(`--scene needs an integer seed from 0 to 2147483647, got "${token.value}"`);
        }
        images.push({ kind: 'scene', seed });
        names.push(`scene ${seed}`);
      }
    }
    if (images.length === 0) throw usageError('give at least one --image FILE or --scene SEED');
    const texts = values.text ?? [];
    if (texts.length === 0) throw usageError('give at least one --text');
    const variant = values.variant as string;
    if (!(CLIP_MODEL_VARIANTS as readonly string[]).includes(variant)) throw usageError(`--variant must be fp32 or quantized; got ${variant}`);

    const end = await runJob(engine, 'clip.similarity', {
      model: values.model as string,
      variant: variant as ClipModelVariant,
      images,
      prompts: texts,
      ...(values.template ? { templates: values.template } : {}),
    });
    const result = end.result;
    if (!result) return 1;
    const similarity = matrix(result.similarity, result.images, result.texts);
    const probs = matrix(result.probs, result.images, result.texts);
    if (json) {
      print(
        toJson({
          model: result.model,
          similarity,
          probs,
          logitScale: result.logitScale,
          images: names,
          texts,
          provider: result.provider,
          timing: result.timing,
        }),
      );
      return 0;
    }
    const lines = [
      `${result.model} on ${result.provider}: ${result.images} image(s) × ${result.texts} text(s) in ${result.timing.totalMs.toFixed(1)} ms (logit scale ${result.logitScale.toFixed(2)})`,
    ];
    for (const [i, name] of names.entries()) {
      lines.push('', `${name}:`);
      const order = texts.map((_, j) => j).sort((a, b) => probs[i]![b]! - probs[i]![a]!);
      for (const j of order) lines.push(`  ${(100 * probs[i]![j]!).toFixed(1).padStart(5)}%  cos ${similarity[i]![j]!.toFixed(4)}  ${texts[j]}`);
    }
    if (result.truncated.length > 0)
      lines.push('', `Shortened to the model's context length: ${result.truncated.map((k) => result.prompts[k]).join('; ')}`);
    print(lines.join('\n'));
    return 0;
  },
};
