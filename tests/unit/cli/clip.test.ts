/**
 * `lab clip` end to end: the built CLI as a child process, through the same
 * clip.similarity job and handler table as the windows. The hand-weighted tiny
 * CLIP sits in the CLI's user model folder; the built-in shapes-clip is used
 * when it has been trained and exported.
 */
import { existsSync } from 'node:fs';
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../support/paths.js';
import { TINY_LOGIT_SCALE, writeTinyClip, type TinyClipFolder } from '../engine/clip/tiny-clip.js';
import { CLI_DATA_DIR, runCli } from './run-cli.js';

interface ClipJson {
  model: string;
  similarity: number[][];
  probs: number[][];
  logitScale: number;
  images: string[];
  texts: string[];
}

const SHAPES_CLIP = join(ROOT, 'models', 'builtin', 'shapes-clip');
const HAS_SHAPES_CLIP = ['config.json', 'preprocessor_config.json', 'tokenizer.json', 'onnx/text_model.onnx', 'onnx/vision_model.onnx'].every((f) =>
  existsSync(join(SHAPES_CLIP, f)),
);
let tiny: TinyClipFolder;
let redPng = '';
let bluePng = '';

/** A 4×2 PNG whose centre crop's top-right pixel is `rgb` (what the tiny CLIP's vision tower reads). */
async function writePng(name: string, rgb: [number, number, number]): Promise<string> {
  const data = Buffer.alloc(4 * 2 * 3, 7);
  data.set(rgb, 2 * 3);
  const path = join(CLI_DATA_DIR, name);
  await writeFile(
    path,
    await sharp(data, { raw: { width: 4, height: 2, channels: 3 } })
      .png()
      .toBuffer(),
  );
  return path;
}

beforeAll(async () => {
  tiny = await writeTinyClip('tiny-clip');
  await cp(tiny.folder, join(CLI_DATA_DIR, 'models', 'tiny-clip'), { recursive: true });
  redPng = await writePng('red.png', [255, 0, 0]);
  bluePng = await writePng('blue.png', [0, 0, 255]);
});

afterAll(async () => {
  await tiny?.remove();
});

describe('lab clip', () => {
  it('prints images × texts similarity and per-image probabilities as JSON', async () => {
    const run = await runCli(['clip', '--model', 'tiny-clip', '--image', redPng, '--image', bluePng, '--text', 'red', '--text', 'blue', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as ClipJson;
    expect(out.model).toBe('tiny-clip');
    expect(out.logitScale).toBe(TINY_LOGIT_SCALE);
    expect(out.texts).toEqual(['red', 'blue']);
    expect(out.similarity).toEqual([
      [expect.closeTo(1, 5), expect.closeTo(0, 5)],
      [expect.closeTo(0, 5), expect.closeTo(1, 5)],
    ]);
    // softmax(30 · (1, 0)) = (1 / (1 + e⁻³⁰), …)
    const p = 1 / (1 + Math.exp(-30));
    expect(out.probs).toEqual([
      [expect.closeTo(p, 6), expect.closeTo(1 - p, 6)],
      [expect.closeTo(1 - p, 6), expect.closeTo(p, 6)],
    ]);
  });

  it('mixes --image and --scene in command-line order and prints a readable table without --json', async () => {
    const json = JSON.parse(
      (await runCli(['clip', '--model', 'tiny-clip', '--scene', '4', '--image', redPng, '--text', 'red', '--json'])).stdout,
    ) as ClipJson;
    expect(json.images).toEqual(['scene 4', redPng]);
    expect(json.probs).toEqual([[expect.closeTo(1, 6)], [expect.closeTo(1, 6)]]);
    const text = await runCli(['clip', '--model', 'tiny-clip', '--image', redPng, '--text', 'red', '--text', 'green']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^tiny-clip on cpu: 1 image\(s\) × 2 text\(s\)/);
    expect(text.stdout).toMatch(/100\.0%\s+cos 1\.0000\s+red/);
  });

  it.each([
    [['clip', '--text', 'red', '--json'], 'error.clip.cliUsage'],
    [['clip', '--model', 'tiny-clip', '--scene', '4', '--json'], 'error.clip.cliUsage'],
    [['clip', '--model', 'tiny-clip', '--scene', '1.5', '--text', 'a', '--json'], 'error.clip.cliUsage'],
    [['clip', '--model', 'tiny-clip', '--scene', '1', '--text', 'a', '--variant', 'int4', '--json'], 'error.clip.cliUsage'],
    [['clip', '--model', '../x', '--scene', '1', '--text', 'a', '--json'], 'error.validation'],
    [['clip', '--model', 'not-installed', '--scene', '1', '--text', 'a', '--json'], 'error.clip.modelNotFound'],
  ])('answers %j with exit code 2 and a typed error', async (args, messageKey) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect((JSON.parse(run.stdout) as { error: { messageKey: string } }).error.messageKey).toBe(messageKey);
  });

  it.skipIf(!HAS_SHAPES_CLIP)('uses the built-in shapes-clip by default, with English and Chinese prompts', async () => {
    const run = await runCli(['clip', '--scene', '0', '--text', 'a red circle', '--text', '一个红色的圆形', '--text', 'a blue square', '--json']);
    expect(run.code, run.stdout).toBe(0);
    const out = JSON.parse(run.stdout) as ClipJson;
    expect(out.model).toBe('shapes-clip');
    expect(out.similarity).toHaveLength(1);
    expect(out.similarity[0]).toHaveLength(3);
    expect(out.probs[0]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });
});
