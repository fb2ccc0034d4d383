/**
 * The import form's config is one the engine's own check accepts (the same zod schema), with
 * β bounds only for schedules that use them and a condition only when named.
 */
import { describe, expect, it } from 'vitest';
import { diffusionConfigSchema } from '../../../../../electron/common/diffusion';
import { checkDiffusionConfig } from '../../../../../electron/engine/diffusion/import';
import { configFromForm, DEFAULT_FORM, issueMessage } from '../../../../../renderer/src/widgets/diffusion/import-config';

describe('configFromForm', () => {
  it('turns the default form into a valid unconditional DDPM config', () => {
    const config = configFromForm(DEFAULT_FORM);
    expect(diffusionConfigSchema.safeParse(config).success).toBe(true);
    expect(config).toMatchObject({ sample_size: 32, in_channels: 3, out_channels: 3, value_range: [-1, 1], beta_start: 0.0001, beta_end: 0.02 });
    expect(config.inputs).toEqual({ sample: 'sample', timestep: 'timestep' });
    expect('condition_dim' in config).toBe(false);
    expect(checkDiffusionConfig(config).issues).toEqual([]);
  });

  it('drops β bounds for the cosine schedule and adds the condition with its size', () => {
    const config = configFromForm({
      ...DEFAULT_FORM,
      betaSchedule: 'squaredcos_cap_v2',
      inputCondition: ' cond ',
      conditionDim: 64,
      inputSample: ' x ',
    });
    expect('beta_start' in config).toBe(false);
    expect(config.inputs).toEqual({ sample: 'x', timestep: 'timestep', condition: 'cond' });
    expect(config.condition_dim).toBe(64);
    expect(checkDiffusionConfig(config).issues).toEqual([]);
  });

  it('lets the engine report a reversed β range, and maps issues to message keys', () => {
    const { issues } = checkDiffusionConfig(configFromForm({ ...DEFAULT_FORM, betaStart: 0.03, betaEnd: 0.02 }));
    expect(issues).toEqual([{ code: 'betaOrder', betaStart: 0.03, betaEnd: 0.02 }]);
    expect(issueMessage(issues[0]!)).toEqual({ key: 'error.diffusion.import.betaOrder', params: { betaStart: 0.03, betaEnd: 0.02 } });
  });
});
