import type { CliCommand } from '../command.js';
import { call, toJson } from '../command.js';

export const infoCommand: CliCommand = {
  name: 'info',
  summary: 'Versions, execution providers, CPU/GPU and folders.',
  usage: 'info [--json]',
  async run({ engine, json, print }) {
    const info = await call(engine, 'system.info', {});
    if (json) {
      print(toJson(info));
      return 0;
    }
    const providers = info.providers.available.map((p) => `${p.name}${p.usable ? '' : ' (not installed)'}`).join(', ');
    print(
      [
        `AIGC Lab ${info.appVersion} (${info.host})`,
        `Node ${info.nodeVersion}, onnxruntime-node ${info.ortVersion}${info.electronVersion ? `, Electron ${info.electronVersion}` : ''}`,
        `Platform ${info.platform}/${info.arch}; CPU ${info.cpu.model} × ${info.cpu.cores}; GPU ${info.gpu ?? 'none detected'}`,
        `Execution provider: ${info.providers.chosen} (requested ${info.providers.requested}; available: ${providers})`,
        ...(info.providers.fallback ? [`Fell back to CPU from ${info.providers.fallback.from}: ${info.providers.fallback.detail}`] : []),
        `Data folder: ${info.dataDir}`,
        `Model folder: ${info.modelDir}`,
      ].join('\n'),
    );
    return 0;
  },
};
