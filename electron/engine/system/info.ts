import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import type { HostKind, ProviderReport, SystemInfo } from '../../common/api.js';

export interface SystemInfoInputs {
  appVersion: string;
  host: HostKind;
  electronVersion: string | null;
  gpu: string | null;
  providers: ProviderReport;
  /** Reported by the job worker, the only process that loads onnxruntime. */
  ortVersion: string;
  dataDir: string;
  modelDir: string;
}

export function describeCpu(): SystemInfo['cpu'] {
  const cpus = os.cpus();
  return { model: cpus[0]?.model.trim() || os.arch(), cores: cpus.length };
}

/** Best-effort GPU name without Electron: the NVIDIA driver's /proc entry on Linux. Null when unknown. */
export async function describeGpuWithoutElectron(): Promise<string | null> {
  if (process.platform !== 'linux') return null;
  try {
    const root = '/proc/driver/nvidia/gpus';
    const [first] = await readdir(root);
    if (!first) return null;
    const text = await readFile(`${root}/${first}/information`, 'utf8');
    return /^Model:\s*(.+)$/m.exec(text)?.[1]?.trim() ?? null;
  } catch {
    return null;
  }
}

export function systemInfo(inputs: SystemInfoInputs): SystemInfo {
  return {
    appVersion: inputs.appVersion,
    host: inputs.host,
    electronVersion: inputs.electronVersion,
    nodeVersion: process.versions.node,
    ortVersion: inputs.ortVersion,
    platform: process.platform,
    arch: process.arch,
    cpu: describeCpu(),
    gpu: inputs.gpu,
    providers: inputs.providers,
    dataDir: inputs.dataDir,
    modelDir: inputs.modelDir,
  };
}
