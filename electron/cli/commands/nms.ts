import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { NMS_DEVICES, NMS_METHOD_NAMES, type NmsDevice, type NmsMethodName, type NmsResult, type NmsRound } from '../../common/nms.js';
import { LabError } from '../../common/errors.js';
import { parseBoxesFile, type BoxesFile } from '../../engine/nms/boxes-file.js';
import { NMS_METHODS } from '../../engine/nms/index.js';
import { CliCallError, runJob, toJson, type CliCommand } from '../command.js';

/** Command-line flags → the variants' option names (each variant lists the ones it has in its defaults). */
const NUMBER_FLAGS = {
  iou: 'N_t',
  sigma: 'sigma',
  beta: 'beta',
  'sigma-t': 'sigma_t',
  'min-score': 'minScore',
  'update-threshold': 'updateThreshold',
  'score-threshold': 'scoreThreshold',
  'top-k': 'topK',
  'max-output': 'maxOutput',
  offset: 'offset',
} as const;
const STRING_FLAGS = { kernel: 'kernel', suppression: 'suppression' } as const;

function usageError(detail: string, messageKey = 'error.nms.cliUsage', params: Record<string, string | number> = {}): CliCallError {
  return new CliCallError(new LabError('validation', { messageKey, params, detail }).toData());
}

/** Reads and parses FILE.json; a missing file or bad JSON is a typed error with the path. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliCallError(new LabError('fileAccess', { params: { path }, detail: `cannot read ${path}: ${(error as Error).message}` }).toData());
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw usageError(`${path} is not valid JSON: ${(error as Error).message}`, 'error.nms.fileNotJson', { path });
  }
}

function optionsFor(method: NmsMethodName, values: Record<string, string | boolean | undefined>): Record<string, number | string> {
  const known = NMS_METHODS[method].defaults as unknown as Record<string, unknown>;
  const options: Record<string, number | string> = {};
  const set = (flag: string, name: string, value: number | string): void => {
    if (!Object.hasOwn(known, name)) {
      const own = Object.keys(known).filter((key) => !['trace', 'budgetMs'].includes(key));
      throw usageError(`${method} has no option ${name} (--${flag}); its options are ${own.join(', ')}`);
    }
    options[name] = value;
  };
  for (const [flag, name] of Object.entries(NUMBER_FLAGS)) {
    const raw = values[flag];
    if (typeof raw !== 'string') continue;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) throw usageError(`--${flag} needs a finite number, got "${raw}"`);
    set(flag, name, value);
  }
  for (const [flag, name] of Object.entries(STRING_FLAGS)) {
    const raw = values[flag];
    if (typeof raw === 'string') set(flag, name, raw);
  }
  return options;
}

/** Output in the file's own indices: positions in its arrays, or in the COCO results array. */
function report(file: BoxesFile, result: NmsResult): { keep: number[]; scores: number[]; boxes: number[][]; classes?: number[] } {
  const keep = Array.from(result.keep, (k) => (file.entries ? file.entries[k]! : k));
  const boxes = Array.from({ length: result.keep.length }, (_, k) => Array.from(result.boxes.subarray(4 * k, 4 * k + 4)));
  const classes = file.input.classes;
  return { keep, scores: Array.from(result.scores), boxes, ...(classes ? { classes: Array.from(result.keep, (k) => classes[k]!) } : {}) };
}

/** The trace with every box index in the file's own indices (as `keep`). */
function traceInFileIndices(file: BoxesFile, trace: NmsRound[]): NmsRound[] {
  const entries = file.entries;
  if (!entries) return trace;
  const at = (i: number): number => entries[i]!;
  return trace.map((round) => ({
    ...round,
    chosen: at(round.chosen),
    ious: round.ious.map((o) => ({ ...o, index: at(o.index) })),
    fates: round.fates.map((f) => ({ ...f, index: at(f.index) })),
  }));
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(2));

/**
 * `lab nms --boxes FILE.json --method greedy [--iou 0.5 …] [--device onnx] [--trace] [--json]`:
 * one NMS variant on a file of candidates, through the same `nms.run` job the lessons use.
 */
export const nmsCommand: CliCommand = {
  name: 'nms',
  summary: `Runs one NMS variant (${NMS_METHOD_NAMES.join(', ')}) on a JSON file of candidates ({"boxes": [[x1, y1, x2, y2], …], "scores": […], …} or COCO detection results). Options: --iou N_t, --sigma σ, --beta β, --sigma-t σ_t, --min-score, --kernel gaussian|linear, --update-threshold, --suppression, --score-threshold, --top-k, --max-output, --offset 0|1, --image-id (COCO files with several images).`,
  usage: 'nms --boxes FILE.json --method NAME [--iou 0.5 …] [--device typescript|onnx] [--trace] [--json]',
  async run({ engine, argv, json, print }) {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        boxes: { type: 'string' },
        method: { type: 'string' },
        device: { type: 'string', default: 'typescript' },
        'image-id': { type: 'string' },
        trace: { type: 'boolean', default: false },
        ...Object.fromEntries([...Object.keys(NUMBER_FLAGS), ...Object.keys(STRING_FLAGS)].map((flag) => [flag, { type: 'string' as const }])),
      },
    });
    if (typeof values.boxes !== 'string') throw usageError('--boxes FILE.json is required');
    const method = values.method;
    if (typeof method !== 'string' || !(NMS_METHOD_NAMES as readonly string[]).includes(method)) {
      throw usageError(`--method must be one of ${NMS_METHOD_NAMES.join(', ')}; got ${String(method)}`);
    }
    const device = values.device as string;
    if (!(NMS_DEVICES as readonly string[]).includes(device)) throw usageError(`--device must be typescript or onnx; got ${device}`);
    if (device === 'onnx' && values.trace) throw usageError('--trace needs --device typescript (an ONNX graph has no rounds to record)');
    let imageId: number | undefined;
    if (typeof values['image-id'] === 'string') {
      imageId = Number(values['image-id']);
      if (!Number.isInteger(imageId)) throw usageError(`--image-id needs an integer, got "${values['image-id']}"`);
    }
    const options = optionsFor(method as NmsMethodName, values as Record<string, string | boolean | undefined>);

    let file: BoxesFile;
    try {
      file = parseBoxesFile(await readJsonFile(values.boxes), { imageId });
    } catch (error) {
      if (error instanceof LabError) throw new CliCallError({ ...error.toData(), detail: `${values.boxes}: ${error.detail ?? error.messageKey}` });
      throw error;
    }
    const end = await runJob(engine, 'nms.run', {
      method: method as NmsMethodName,
      input: file.input,
      options,
      trace: Boolean(values.trace),
      device: device as NmsDevice,
    });
    const outcome = end.result;
    if (!outcome) return 1;
    const { result } = outcome;
    const out = report(file, result);
    const trace = result.trace ? traceInFileIndices(file, result.trace) : undefined;
    if (json) {
      print(
        toJson({
          method,
          device: outcome.device,
          provider: outcome.provider,
          ...(file.imageId !== null ? { image_id: file.imageId } : {}),
          ...out,
          stats: result.stats,
          elapsedMs: outcome.elapsedMs,
          ...(trace ? { trace } : {}),
        }),
      );
      return 0;
    }
    const N = file.input.scores.length;
    const lines = [
      `${method} NMS on ${device}${outcome.provider ? ` (${outcome.provider})` : ''}: kept ${out.keep.length} of ${N} boxes in ${outcome.elapsedMs.toFixed(2)} ms` +
        `${file.imageId !== null ? ` (image ${file.imageId})` : ''}; ${result.stats.overlaps} overlaps computed`,
      '  index   score  box [x1, y1, x2, y2]',
      ...out.keep.map((index, k) => `  ${String(index).padStart(5)}  ${out.scores[k]!.toFixed(4)}  [${out.boxes[k]!.map(fmt).join(', ')}]`),
    ];
    if (trace) {
      lines.push('', 'Trace (one round per line: chosen box, then each neighbour’s fate):');
      for (const round of trace) {
        const fates = round.fates.map((f) =>
          f.fate === 'decayed'
            ? `${f.index} decayed ${f.from.toFixed(3)}→${f.to.toFixed(3)}`
            : f.fate === 'merged'
              ? `${f.index} merged (w ${f.weight.toFixed(3)})`
              : `${f.index} ${f.fate}`,
        );
        lines.push(`  box ${round.chosen} (score ${round.score.toFixed(3)}): ${fates.join('; ') || 'no overlapping neighbours'}`);
      }
    }
    print(lines.join('\n'));
    return 0;
  },
};
