/**
 * The Models page's diffusion import form as data: what the learner types (strings and
 * choices) and the config.json it becomes (common/diffusion.ts `DiffusionConfigInput`), and
 * an import issue as a translatable message. The engine validates the result again
 * (diffusion/import.ts); this only shapes it.
 */
import type { DiffusionConfigInput, DiffusionImportIssue } from '../../../../electron/common/diffusion';

export interface DiffusionConfigForm {
  sampleSize: number;
  channels: number;
  valueLow: number;
  valueHigh: number;
  T: number;
  betaSchedule: 'linear' | 'scaled_linear' | 'squaredcos_cap_v2';
  betaStart: number;
  betaEnd: number;
  prediction: 'epsilon' | 'v_prediction';
  inputSample: string;
  inputTimestep: string;
  /** Empty for an unconditional model. */
  inputCondition: string;
  conditionDim: number;
  output: string;
  timestepType: 'int64' | 'float32';
}

/** diffusers' DDPM defaults (google/ddpm-cifar10-32 exported with input names sample, timestep). */
export const DEFAULT_FORM: DiffusionConfigForm = {
  sampleSize: 32,
  channels: 3,
  valueLow: -1,
  valueHigh: 1,
  T: 1000,
  betaSchedule: 'linear',
  betaStart: 0.0001,
  betaEnd: 0.02,
  prediction: 'epsilon',
  inputSample: 'sample',
  inputTimestep: 'timestep',
  inputCondition: '',
  conditionDim: 512,
  output: 'noise_pred',
  timestepType: 'int64',
};

/**
 * The config.json the form describes. β start/end only where the schedule uses them (the
 * cosine schedule has none); the condition only when an input name is given.
 *
 * @example configFromForm(DEFAULT_FORM).inputs // → { sample: 'sample', timestep: 'timestep' }
 */
export function configFromForm(form: DiffusionConfigForm): DiffusionConfigInput {
  const condition = form.inputCondition.trim();
  return {
    sample_size: form.sampleSize,
    in_channels: form.channels,
    out_channels: form.channels,
    value_range: [form.valueLow, form.valueHigh],
    num_train_timesteps: form.T,
    beta_schedule: form.betaSchedule,
    ...(form.betaSchedule === 'squaredcos_cap_v2' ? {} : { beta_start: form.betaStart, beta_end: form.betaEnd }),
    prediction_type: form.prediction,
    inputs: {
      sample: form.inputSample.trim(),
      timestep: form.inputTimestep.trim(),
      ...(condition ? { condition } : {}),
    },
    output: form.output.trim(),
    timestep_type: form.timestepType,
    ...(condition ? { condition_dim: form.conditionDim } : {}),
  };
}

/** An issue as its message key and parameters (renderer/src/i18n/<locale>/diffusion.json). */
export function issueMessage(issue: DiffusionImportIssue): { key: string; params: Record<string, string | number> } {
  const { code, ...params } = issue;
  return { key: `error.diffusion.import.${code}`, params };
}
