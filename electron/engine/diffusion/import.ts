/**
 * Checks a user's diffusion model before the lab runs it: the JSON config (zod,
 * common/diffusion.ts) and the ONNX graph's inputs and outputs (read from the file's
 * headers by models/onnx-io.ts, without loading onnxruntime) against what the config says:
 * the sample input is float32 [B, in_channels, sample_size, sample_size], the timestep an
 * int64 or float32 [B], the condition float32 [B, condition_dim], the output float32
 * [B, out_channels, …], and no other input is required. Every mismatch is reported, each as
 * a typed issue with its own message key, so the import dialog can say what to change.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { diffusionConfigSchema, type DiffusionConfig, type DiffusionImportIssue, type DiffusionImportReport } from '../../common/diffusion.js';
import { LabError } from '../../common/errors.js';
import { readOnnxIo, type OnnxIo, type OnnxTensorInfo } from '../models/onnx-io.js';

/** The config alone: JSON and fields. */
export function checkDiffusionConfig(raw: unknown): { config: DiffusionConfig | null; issues: DiffusionImportIssue[] } {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch (error) {
      return { config: null, issues: [{ code: 'configJson', detail: error instanceof Error ? error.message : String(error) }] };
    }
  }
  const parsed = diffusionConfigSchema.safeParse(value);
  if (!parsed.success) {
    return {
      config: null,
      issues: parsed.error.issues.map((issue) => ({
        code: 'configField',
        field: issue.path.map(String).join('.') || '(config)',
        problem: issue.message,
      })),
    };
  }
  const config = parsed.data;
  const issues: DiffusionImportIssue[] = [];
  if (config.beta_start !== undefined && config.beta_end !== undefined && config.beta_start >= config.beta_end) {
    issues.push({ code: 'betaOrder', betaStart: config.beta_start, betaEnd: config.beta_end });
  }
  if (config.in_channels !== config.out_channels)
    issues.push({ code: 'channelsMismatch', inChannels: config.in_channels, outChannels: config.out_channels });
  if (config.inputs.condition && config.condition_dim === undefined) issues.push({ code: 'conditionDimMissing', name: config.inputs.condition });
  return { config, issues };
}

function checkInput(info: OnnxTensorInfo, types: readonly string[], dims: readonly (number | null)[], issues: DiffusionImportIssue[]): void {
  if (info.type !== null && !types.includes(info.type))
    issues.push({ code: 'inputType', name: info.name, expected: types.join(' or '), got: info.type });
  if (info.shape === null) return;
  if (info.shape.length !== dims.length) {
    issues.push({ code: 'inputRank', name: info.name, expected: dims.length, got: info.shape.length });
    return;
  }
  dims.forEach((want, axis) => {
    const got = info.shape![axis];
    // A named (dynamic) or unknown dimension accepts anything; only a fixed size can disagree.
    if (want !== null && typeof got === 'number' && got !== want) issues.push({ code: 'inputDim', name: info.name, axis, expected: want, got });
  });
}

/** The graph's inputs and outputs against a validated config. */
export function checkDiffusionGraph(config: DiffusionConfig, io: OnnxIo): DiffusionImportIssue[] {
  const issues: DiffusionImportIssue[] = [];
  const byName = new Map(io.inputs.map((info) => [info.name, info]));
  const available = io.inputs.map((info) => info.name).join(', ');
  const roles = [
    ['sample', config.inputs.sample],
    ['timestep', config.inputs.timestep],
    ...(config.inputs.condition ? ([['condition', config.inputs.condition]] as const) : []),
  ] as const;
  for (const [role, name] of roles) {
    const info = byName.get(name);
    if (!info) {
      issues.push({ code: 'inputMissing', role, name, available });
      continue;
    }
    if (role === 'sample') checkInput(info, ['float32'], [null, config.in_channels, config.sample_size, config.sample_size], issues);
    else if (role === 'timestep') checkInput(info, [config.timestep_type], [null], issues);
    else checkInput(info, ['float32'], [null, config.condition_dim ?? null], issues);
  }
  const named = new Set<string>(roles.map(([, name]) => name));
  for (const info of io.inputs) if (!named.has(info.name)) issues.push({ code: 'inputExtra', name: info.name });
  const output = io.outputs.find((info) => info.name === config.output);
  if (!output) issues.push({ code: 'outputMissing', name: config.output, available: io.outputs.map((info) => info.name).join(', ') });
  else if (output.shape && typeof output.shape[1] === 'number' && output.shape[1] !== config.out_channels) {
    issues.push({ code: 'outputChannels', name: output.name, expected: config.out_channels, got: output.shape[1] });
  }
  return issues;
}

/**
 * A folder with config.json and onnx/model.onnx (or explicit paths).
 * @example await checkDiffusionModel('/media/usb/ddpm-cifar10') // → { ok: false, config: {…}, issues: [{ code: 'inputMissing', role: 'timestep', name: 'timestep', available: 'sample, t' }] }
 */
export async function checkDiffusionModel(folder: string, files: { config?: string; onnx?: string } = {}): Promise<DiffusionImportReport> {
  const configPath = files.config ?? join(folder, 'config.json');
  const onnxPath = files.onnx ?? join(folder, 'onnx', 'model.onnx');
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch (error) {
    return {
      ok: false,
      config: null,
      issues: [{ code: 'configJson', detail: `${configPath}: ${error instanceof Error ? error.message : String(error)}` }],
    };
  }
  const { config, issues } = checkDiffusionConfig(text);
  if (config) {
    try {
      issues.push(...checkDiffusionGraph(config, await readOnnxIo(onnxPath)));
    } catch (error) {
      issues.push({ code: 'onnxUnreadable', detail: `${onnxPath}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return { ok: issues.length === 0, config, issues };
}

/** The issue as a LabError (the first of a report), for callers that refuse rather than list. */
export function importError(issues: readonly DiffusionImportIssue[]): LabError {
  const first = issues[0];
  if (!first) return new LabError('internal', { detail: 'importError called without issues' });
  const { code, ...params } = first;
  return new LabError('modelInvalid', {
    messageKey: `error.diffusion.import.${code}`,
    params: params as Record<string, string | number>,
    detail: issues.map((issue) => JSON.stringify(issue)).join('; '),
  });
}
