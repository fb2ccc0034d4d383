import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { LabError } from '../../common/errors.js';
import { CliCallError, runJob, toJson, type CliCommand } from '../command.js';

async function readBytes(path: string): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw new CliCallError(new LabError('fileAccess', { params: { path }, detail: `cannot read ${path}: ${(error as Error).message}` }).toData());
  }
}

/** A names file: one class name per line, in class-id order (blank lines at the end ignored). */
async function readNames(path: string): Promise<string[]> {
  const text = new TextDecoder().decode(await readBytes(path)).replace(/^\uFEFF/, '');
  const names = text.split(/\r?\n/).map((line) => line.trim());
  while (names.length > 0 && names.at(-1) === '') names.pop();
  return names;
}

/**
 * `lab detect --model yolo.onnx --image photo.jpg [--confidence 0.25] [--names names.txt] [--json]`:
 * a YOLO (v5/v8/11) detector's raw candidates on one photo, before NMS, in
 * the photo's pixels. The JSON has boxes/scores/classes like `lab nms --boxes`
 * reads, so `lab detect … --json > c.json && lab nms --boxes c.json …` works.
 */
export const detectCommand: CliCommand = {
  name: 'detect',
  summary: "Runs a YOLO v5/v8/11 ONNX detector on a photo and prints its raw candidates (no NMS) in the photo's pixels.",
  usage: 'detect --model yolo.onnx --image photo.jpg [--confidence 0.25] [--names names.txt] [--json]',
  async run({ engine, argv, json, print }) {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        model: { type: 'string' },
        image: { type: 'string' },
        confidence: { type: 'string', default: '0.25' },
        names: { type: 'string' },
      },
    });
    const fail = (detail: string): CliCallError =>
      new CliCallError(new LabError('validation', { messageKey: 'error.nms.cliUsage', detail }).toData());
    if (typeof values.model !== 'string' || typeof values.image !== 'string') throw fail('--model FILE.onnx and --image FILE are required');
    const confidence = Number(values.confidence);
    if (!(confidence >= 0 && confidence <= 1)) throw fail(`--confidence needs a number in [0, 1], got "${values.confidence}"`);
    const [model, image, classNames] = await Promise.all([
      readBytes(values.model),
      readBytes(values.image),
      typeof values.names === 'string' ? readNames(values.names) : Promise.resolve(undefined),
    ]);
    const end = await runJob(engine, 'nms.detect', { model, image, confidence, ...(classNames ? { classNames } : {}) });
    const result = end.result;
    if (!result) return 1;
    const K = result.scores.length;
    const boxes = Array.from({ length: K }, (_, k) => Array.from(result.boxes.subarray(4 * k, 4 * k + 4)));
    const labels = Array.from(result.classes, (c) => result.classNames[c] ?? `class ${c}`);
    if (json) {
      print(
        toJson({
          imageWidth: result.imageWidth,
          imageHeight: result.imageHeight,
          layout: result.layout,
          provider: result.provider,
          boxes,
          scores: result.scores,
          classes: result.classes,
          labels,
          classNames: result.classNames,
        }),
      );
      return 0;
    }
    print(
      [
        `${result.layout === 'yolov5' ? 'YOLOv5' : 'YOLOv8/11'} layout on ${result.provider}: ${K} candidates with confidence > ${confidence} in a ${result.imageWidth}×${result.imageHeight} image (before NMS)`,
        '  score   class            box [x1, y1, x2, y2]',
        ...boxes.map(
          (box, k) => `  ${result.scores[k]!.toFixed(3)}  ${labels[k]!.padEnd(15).slice(0, 15)}  [${box.map((v) => v.toFixed(1)).join(', ')}]`,
        ),
      ].join('\n'),
    );
    return 0;
  },
};
