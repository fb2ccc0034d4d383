import { parseArgs } from 'node:util';

import type { MethodArgs } from '../../common/api.js';
import { SCHEDULE_NAMES, SPACINGS } from '../../common/diffusion.js';
import { call, toJson, type CliCommand } from '../command.js';
import { numberOption, oneOf } from './diffusion-cli.js';

/**
 * `lab schedule --schedule linear [--steps 50 --spacing leading] --json`: a noise schedule's
 * β_t and ᾱ_t (length T) and the timesteps a sampler visits, through the `diffusion.schedule` method.
 *
 * @example lab schedule --schedule linear --steps 50 --spacing trailing --json
 * // → { "schedule": "linear", "T": 1000, "betas": [0.0001, …], "alphas_cumprod": [0.9999, …, 4.04e-5], "log_snr": […], "timesteps": [999, 979, …, 19] }
 */
export const scheduleCommand: CliCommand = {
  name: 'schedule',
  summary: `Prints a noise schedule (${SCHEDULE_NAMES.join('|')}): betas and alphas_cumprod (length T) and, with --steps, the timesteps a sampler visits under --spacing ${SPACINGS.join('|')} (+ --steps-offset).`,
  usage: `schedule --schedule ${SCHEDULE_NAMES.join('|')} [--T 1000] [--beta-start B] [--beta-end B] [--steps N --spacing ${SPACINGS.join('|')} --steps-offset K] [--json]`,
  async run({ engine, argv, json, print }) {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        schedule: { type: 'string', default: 'linear' },
        T: { type: 'string' },
        'beta-start': { type: 'string' },
        'beta-end': { type: 'string' },
        steps: { type: 'string' },
        spacing: { type: 'string' },
        'steps-offset': { type: 'string' },
      },
    });
    const args: MethodArgs<'diffusion.schedule'> = { schedule: oneOf(values.schedule, 'schedule', SCHEDULE_NAMES)! };
    const trainSteps = numberOption(values.T, 'T', true);
    const betaStart = numberOption(values['beta-start'], 'beta-start');
    const betaEnd = numberOption(values['beta-end'], 'beta-end');
    const steps = numberOption(values.steps, 'steps', true);
    const spacing = oneOf(values.spacing, 'spacing', SPACINGS);
    const stepsOffset = numberOption(values['steps-offset'], 'steps-offset', true);
    if (trainSteps !== undefined) args.T = trainSteps;
    if (betaStart !== undefined) args.betaStart = betaStart;
    if (betaEnd !== undefined) args.betaEnd = betaEnd;
    if (steps !== undefined) args.steps = steps;
    if (spacing !== undefined) args.spacing = spacing;
    if (stepsOffset !== undefined) args.stepsOffset = stepsOffset;
    const result = await call(engine, 'diffusion.schedule', args);
    if (json) {
      print(
        toJson({
          schedule: result.schedule,
          T: result.T,
          betas: result.betas,
          alphas_cumprod: result.alphasCumprod,
          log_snr: result.logSnr,
          timesteps: result.timesteps,
          spacing: result.spacing,
          steps_offset: result.stepsOffset,
        }),
      );
      return 0;
    }
    const T = result.T;
    const marks = [0, Math.round(T / 4) - 1, Math.round(T / 2) - 1, Math.round((3 * T) / 4) - 1, T - 1];
    const lines = [`${result.schedule} schedule, T = ${T}:`];
    for (const t of marks) {
      lines.push(
        `  t = ${String(t).padStart(5)}  β = ${result.betas[t]!.toPrecision(4).padEnd(10)}  ᾱ = ${result.alphasCumprod[t]!.toPrecision(4).padEnd(10)}  log-SNR = ${result.logSnr[t]!.toFixed(3)}`,
      );
    }
    if (result.timesteps.length > 0)
      lines.push(`${result.timesteps.length} steps, ${result.spacing} spacing (offset ${result.stepsOffset}): ${result.timesteps.join(', ')}`);
    print(lines.join('\n'));
    return 0;
  },
};
