import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.js';
import { runJob, toJson } from '../command.js';

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'Runs the built-in check model on the chosen execution provider and compares it with the TypeScript reference.',
  usage: 'check [--runs N] [--json]',
  async run({ engine, argv, json, print }) {
    const { values } = parseArgs({ args: argv, options: { runs: { type: 'string', default: '50' } }, strict: true });
    const end = await runJob(engine, 'engine.check', { runs: Number(values.runs) });
    const result = end.result;
    if (!result) return 1;
    if (json) {
      print(toJson(result));
    } else {
      print(
        [
          `Provider: ${result.provider}${result.fallback ? ` (fell back from ${result.fallback.from})` : ''}`,
          `First run (with session creation): ${result.firstMs.toFixed(2)} ms; median of ${result.runs}: ${result.medianMs.toFixed(3)} ms`,
          `Output:   ${Array.from(result.output, (v) => v.toFixed(6)).join(' ')}`,
          `Expected: ${Array.from(result.expected, (v) => v.toFixed(6)).join(' ')}`,
          `Max |difference|: ${result.maxAbsError.toExponential(2)}`,
        ].join('\n'),
      );
    }
    return result.maxAbsError <= 1e-5 ? 0 : 1;
  },
};
