/** `lab schedule` end to end: the built CLI as a child process, through the diffusion.schedule method. */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

interface ScheduleJson {
  schedule: string;
  T: number;
  betas: number[];
  alphas_cumprod: number[];
  log_snr: number[];
  timesteps: number[];
  spacing: string;
}

// Child processes on a shared 2-core machine: seconds each, more under load.
describe('lab schedule', { timeout: 120_000 }, () => {
  it('prints betas and alphas_cumprod of length T and the trailing timesteps as JSON', async () => {
    const run = await runCli(['schedule', '--schedule', 'linear', '--steps', '50', '--spacing', 'trailing', '--json']);
    expect(run.stderr).not.toMatch(/Error \(/);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as ScheduleJson;
    expect(out).toMatchObject({ schedule: 'linear', T: 1000, spacing: 'trailing' });
    expect(out.betas).toHaveLength(1000);
    expect(out.alphas_cumprod).toHaveLength(1000);
    expect(out.alphas_cumprod[0]).toBeCloseTo(0.9999, 12);
    expect(out.alphas_cumprod[499]).toBeCloseTo(0.0786, 4);
    expect(out.timesteps).toEqual(Array.from({ length: 50 }, (_, k) => 999 - 20 * k));
  });

  it('leading spacing with steps_offset, and the cosine schedule', async () => {
    const run = await runCli(['schedule', '--schedule', 'cosine', '--steps', '4', '--spacing', 'leading', '--steps-offset', '1', '--json']);
    const out = JSON.parse(run.stdout) as ScheduleJson;
    expect(out.timesteps).toEqual([751, 501, 251, 1]);
    expect(out.alphas_cumprod[499]).toBeCloseTo(0.494, 3);
  });

  it('prints a readable summary without --json', async () => {
    const run = await runCli(['schedule', '--schedule', 'scaled-linear', '--T', '100', '--steps', '5']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('scaled-linear schedule, T = 100');
    expect(run.stdout).toContain('5 steps, leading spacing (offset 0): 80, 60, 40, 20, 0');
  });

  it('refuses an unknown schedule and too many steps (exit 2)', async () => {
    expect((await runCli(['schedule', '--schedule', 'sigmoid'])).code).toBe(2);
    const tooMany = await runCli(['schedule', '--schedule', 'linear', '--T', '10', '--steps', '11', '--json']);
    expect(tooMany.code).toBe(2);
    expect(JSON.parse(tooMany.stdout).error.messageKey).toBe('error.diffusion.tooManySteps');
  });
});
