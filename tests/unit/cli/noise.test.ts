/** `lab noise` end to end: the built CLI as a child process, through the diffusion.forward job. */
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CLI_DATA_DIR, runCli } from './run-cli.js';

// Child processes on a shared 2-core machine: seconds each, more under load.
describe('lab noise', { timeout: 120_000 }, () => {
  it('noises an image file at t = 250 and writes a PNG of the requested resolution', async () => {
    const input = join(CLI_DATA_DIR, 'grey.png');
    await sharp(Buffer.alloc(20 * 10 * 3, 128), { raw: { width: 20, height: 10, channels: 3 } })
      .png()
      .toFile(input);
    const out = join(CLI_DATA_DIR, 'noisy.png');
    const run = await runCli([
      'noise',
      '--image',
      input,
      '--t',
      '250',
      '--schedule',
      'linear',
      '--seed',
      '1',
      '--resolution',
      '32',
      '--out',
      out,
      '--json',
    ]);
    expect(run.stderr).not.toMatch(/Error \(/);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { out: string; timesteps: number[]; alphas_cumprod: number[] };
    expect(json.out).toBe(out);
    expect(json.timesteps).toEqual([250]);
    const meta = await sharp(out).metadata();
    expect(meta.width).toBe(32 + 4);
    expect(meta.height).toBe(32 + 4);
  });

  it('several --t on a shapes scene give a strip; the same seed gives the same file', async () => {
    const a = join(CLI_DATA_DIR, 'strip-a.png');
    const b = join(CLI_DATA_DIR, 'strip-b.png');
    for (const out of [a, b]) {
      const run = await runCli([
        'noise',
        '--scene',
        '3',
        '--t',
        '0',
        '--t',
        '500',
        '--t',
        '999',
        '--schedule',
        'cosine',
        '--resolution',
        '16',
        '--out',
        out,
      ]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('t =  500');
    }
    expect((await sharp(a).metadata()).width).toBe(3 * (16 + 2) + 2);
    expect(Buffer.compare(await sharp(a).raw().toBuffer(), await sharp(b).raw().toBuffer())).toBe(0);
  });

  it('refuses a missing --out, both --image and --scene, and a t outside the schedule (exit 2)', async () => {
    expect((await runCli(['noise', '--scene', '1', '--t', '3'])).code).toBe(2);
    expect((await runCli(['noise', '--scene', '1', '--image', 'x.png', '--t', '3', '--out', join(CLI_DATA_DIR, 'x.png')])).code).toBe(2);
    const late = await runCli(['noise', '--scene', '1', '--t', '100', '--T', '100', '--out', join(CLI_DATA_DIR, 'x.png'), '--json']);
    expect(late.code).toBe(2);
    expect(JSON.parse(late.stdout).error.messageKey).toBe('error.diffusion.timestepRange');
  });
});
