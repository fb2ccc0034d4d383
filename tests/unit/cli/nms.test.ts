/**
 * `lab nms` end to end: the built CLI as a child process, through the same
 * nms.run job and handler table as the windows.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../support/paths.js';
import { runCli, tempFile } from './run-cli.js';

interface NmsJson {
  method: string;
  device: string;
  provider: string | null;
  keep: number[];
  scores: number[];
  boxes: number[][];
  classes?: number[];
  image_id?: number;
  trace?: { chosen: number; fates: { index: number; fate: string }[] }[];
}

const f32 = Math.fround;
// The article example: A, B overlap ⅔; C, D overlap 9/11; A/B do not touch C/D.
const article = {
  boxes: [
    [0, 0, 10, 10],
    [2, 0, 12, 10],
    [30, 0, 40, 10],
    [31, 0, 41, 10],
  ],
  scores: [0.9, 0.8, 0.7, 0.6],
};

describe('lab nms --json', () => {
  it('prints keep (input indices, output order), scores and boxes as [[x1, y1, x2, y2], …]', async () => {
    const run = await runCli(['nms', '--boxes', tempFile('article.json', article), '--method', 'greedy', '--iou', '0.5', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as NmsJson;
    expect(out).toMatchObject({
      method: 'greedy',
      device: 'typescript',
      provider: null,
      keep: [0, 2],
      scores: [f32(0.9), f32(0.7)],
      boxes: [article.boxes[0], article.boxes[2]],
    });
  });

  it('runs Fast NMS as an ONNX graph with --device onnx, with the TypeScript answer', async () => {
    const file = tempFile('article-onnx.json', article);
    const [graph, typescript] = await Promise.all([
      runCli(['nms', '--boxes', file, '--method', 'fast', '--iou', '0.7', '--device', 'onnx', '--json']),
      runCli(['nms', '--boxes', file, '--method', 'fast', '--iou', '0.7', '--json']),
    ]);
    const g = JSON.parse(graph.stdout) as NmsJson;
    expect(g).toMatchObject({ device: 'onnx', provider: 'cpu', keep: [0, 1, 2] });
    expect(g.keep).toEqual((JSON.parse(typescript.stdout) as NmsJson).keep);
  });

  it('reads COCO detection results, keeping indices into the results array, and traces rounds', async () => {
    const run = await runCli([
      'nms',
      '--boxes',
      join(FIXTURES, 'coco', 'results.json'),
      '--image-id',
      '2',
      '--method',
      'soft-linear',
      '--iou',
      '0.3',
      '--trace',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as NmsJson;
    expect(out.image_id).toBe(2);
    expect(out.keep).toEqual([3, 4]); // Soft-NMS decays the duplicate dog instead of deleting it
    expect(out.classes).toEqual([18, 18]);
    expect(out.scores[1]).toBeLessThan(0.6);
    expect(out.trace?.[0]).toMatchObject({ chosen: 3, fates: [{ index: 4, fate: 'decayed' }] });
  });

  it('prints a readable table without --json', async () => {
    const run = await runCli(['nms', '--boxes', join(FIXTURES, 'coco', 'results-one-image.json'), '--method', 'weighted']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^weighted NMS on typescript: kept 2 of 3 boxes/);
    expect(run.stdout).toContain('index   score  box [x1, y1, x2, y2]');
  });
});

describe('lab nms: bad input exits with code 2 and says what is wrong', () => {
  const cases: [string, string[], RegExp][] = [
    ['a missing file', ['--boxes', '/nonexistent/boxes.json', '--method', 'greedy'], /fileAccess.*cannot read \/nonexistent\/boxes\.json/],
    ['a file that is not JSON', ['--boxes', tempFile('broken.json', '{"boxes": [[0, 0, 1, 1]],'), '--method', 'greedy'], /is not valid JSON/],
    [
      'a COCO entry with a negative width',
      ['--boxes', join(FIXTURES, 'coco', 'bad-bbox.json'), '--method', 'greedy'],
      /bad-bbox\.json: .*\[1\]\.bbox\[2\]/,
    ],
    ['a box with three numbers', ['--boxes', tempFile('short.json', { boxes: [[0, 0, 1]], scores: [1] }), '--method', 'greedy'], /boxes\[0\]/],
    ['an inverted box', ['--boxes', tempFile('inverted.json', { boxes: [[10, 0, 0, 10]], scores: [1] }), '--method', 'greedy'], /box 0 .* x2 < x1/],
    [
      'a score outside [0, 1] for Matrix NMS',
      ['--boxes', tempFile('logit.json', { boxes: [[0, 0, 1, 1]], scores: [3.5] }), '--method', 'matrix'],
      /probabilities in \[0, 1\]/,
    ],
    [
      'several images in a COCO file without --image-id',
      ['--boxes', join(FIXTURES, 'coco', 'results.json'), '--method', 'greedy'],
      /pick one with --image-id/,
    ],
    ['an unknown method', ['--boxes', tempFile('ok.json', article), '--method', 'fastest'], /--method must be one of/],
    [
      'an option the method does not have',
      ['--boxes', tempFile('ok2.json', article), '--method', 'soft-gaussian', '--iou', '0.3'],
      /soft-gaussian has no option N_t/,
    ],
    ['a number that is not one', ['--boxes', tempFile('ok3.json', article), '--method', 'greedy', '--iou', 'half'], /--iou needs a finite number/],
    ['an option out of range', ['--boxes', tempFile('ok4.json', article), '--method', 'greedy', '--iou', '1.5'], /N_t = 1\.5/],
    [
      'a method without a graph on the onnx device',
      ['--boxes', tempFile('ok5.json', article), '--method', 'greedy', '--device', 'onnx'],
      /greedy has no ONNX graph/,
    ],
    ['an unknown flag', ['--boxes', tempFile('ok6.json', article), '--method', 'greedy', '--threshold', '0.5'], /Unknown option '--threshold'/],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const run = await runCli(['nms', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('prints the error as JSON with --json', async () => {
    const run = await runCli(['nms', '--boxes', join(FIXTURES, 'coco', 'bad-image.json'), '--method', 'greedy', '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      error: { code: 'validation', messageKey: 'error.nms.cocoInvalid', params: { entry: '[1].image_id' } },
    });
  });
});
