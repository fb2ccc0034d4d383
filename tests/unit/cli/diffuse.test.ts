/**
 * `lab diffuse` end to end: the built CLI as a child process, through the same
 * diffusion.sample job as the lessons, on the tiny ONNX noise model with the tiny CLIP as
 * its text encoder (both in the CLI's user model folder).
 */
import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyClip, type TinyClipFolder } from '../engine/clip/tiny-clip.js';
import { writeTinyDiffusion, type TinyDiffusionFolder } from '../engine/diffusion/tiny-diffusion.js';
import { CLI_DATA_DIR, runCli } from './run-cli.js';

let clip: TinyClipFolder;
let tiny: TinyDiffusionFolder;

beforeAll(async () => {
  clip = await writeTinyClip('tiny-clip');
  tiny = await writeTinyDiffusion('tiny-diffusion');
  await cp(clip.folder, join(CLI_DATA_DIR, 'models', 'tiny-clip'), { recursive: true });
  await cp(tiny.folder, join(CLI_DATA_DIR, 'models', 'tiny-diffusion'), { recursive: true });
});
afterAll(async () => {
  await clip?.remove();
  await tiny?.remove();
});

// Child processes on a shared 2-core machine: seconds each, more under load.
describe('lab diffuse', { timeout: 120_000 }, () => {
  it('writes a grid of samples and a trace of x_t and x̂₀, and reports the run as JSON', async () => {
    const out = join(CLI_DATA_DIR, 'samples.png');
    const run = await runCli([
      'diffuse',
      '--model',
      'tiny-diffusion',
      '--prompt',
      'red',
      '--sampler',
      'ddim',
      '--steps',
      '10',
      '--eta',
      '0',
      '--guidance',
      '3',
      '--seed',
      '1',
      '--count',
      '3',
      '--trace-every',
      '5',
      '--out',
      out,
      '--json',
    ]);
    expect(run.stderr).not.toMatch(/Error \(/);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as {
      model: string;
      out: string;
      traceOut: string;
      timesteps: number[];
      trace: { index: number }[];
      count: number;
    };
    expect(json).toMatchObject({ model: 'tiny-diffusion', out, count: 3, traceOut: join(CLI_DATA_DIR, 'samples.trace.png') });
    expect(json.timesteps).toEqual([900, 800, 700, 600, 500, 400, 300, 200, 100, 0]);
    expect(json.trace.map((e) => e.index)).toEqual([4, 9]);
    // 8-pixel samples upscaled ×16, 3 in a row, 2-pixel gutters.
    const grid = await sharp(out).metadata();
    expect([grid.width, grid.height]).toEqual([3 * (128 + 2) + 2, 128 + 2 + 2]);
    // Trace: per image a row of x_t and a row of x̂₀, one column per traced step.
    const trace = await sharp(json.traceOut).metadata();
    expect([trace.width, trace.height]).toEqual([2 * 130 + 2, 6 * 130 + 2]);
  });

  it('deterministic DDIM: the same seed writes the same PNG; the text report names the run', async () => {
    const files = [join(CLI_DATA_DIR, 'd1.png'), join(CLI_DATA_DIR, 'd2.png')];
    for (const out of files) {
      const run = await runCli([
        'diffuse',
        '--model',
        'tiny-diffusion',
        '--prompt',
        'blue',
        '--sampler',
        'dpm-solver-pp',
        '--steps',
        '6',
        '--seed',
        '4',
        '--out',
        out,
      ]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('dpm-solver-pp 6 steps (trailing)');
      expect(run.stdout).toContain('“blue”');
    }
    expect((await readFile(files[0]!)).equals(await readFile(files[1]!))).toBe(true);
  });

  it('refuses a missing --out, an unknown sampler and an unknown model (exit 2)', async () => {
    expect((await runCli(['diffuse', '--model', 'tiny-diffusion'])).code).toBe(2);
    expect((await runCli(['diffuse', '--model', 'tiny-diffusion', '--sampler', 'euler', '--out', join(CLI_DATA_DIR, 'x.png')])).code).toBe(2);
    const missing = await runCli(['diffuse', '--model', 'nope', '--out', join(CLI_DATA_DIR, 'x.png'), '--json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).error.messageKey).toBe('error.diffusion.modelNotFound');
  });
});
