/** `lab detect` end to end with the built CLI; the real-detector case skips without ../shared/fixtures. */
import { describe, expect, it } from 'vitest';
import { BUS_JPG, COCO80_NAMES, HAS_SHARED_FIXTURES, SKIP_REASON, YOLOV8N } from '../engine/nms/shared-fixtures.js';
import { runCli, tempFile } from './run-cli.js';

describe('lab detect', () => {
  it.skipIf(!HAS_SHARED_FIXTURES)(`prints YOLOv8n's raw candidates on bus.jpg as JSON that lab nms reads back${SKIP_REASON}`, async () => {
    const run = await runCli(['detect', '--model', YOLOV8N, '--image', BUS_JPG, '--names', COCO80_NAMES, '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      imageWidth: number;
      layout: string;
      boxes: number[][];
      scores: number[];
      classes: number[];
      labels: string[];
    };
    expect(out).toMatchObject({ imageWidth: 810, imageHeight: 1080, layout: 'yolov8', provider: 'cpu' });
    expect(out.boxes.length).toBe(out.scores.length);
    expect(out.boxes.every((box) => box.length === 4)).toBe(true);
    expect(out.scores.every((s) => s > 0.25)).toBe(true);
    expect(out.labels).toContain('bus');
    const nms = await runCli(['nms', '--boxes', tempFile('bus-candidates.json', run.stdout), '--method', 'batched', '--iou', '0.7', '--json']);
    const kept = (JSON.parse(nms.stdout) as { keep: number[] }).keep.map((k) => out.labels[k]);
    expect(kept.filter((l) => l === 'bus')).toHaveLength(1);
    expect(kept.filter((l) => l === 'person').length).toBeGreaterThanOrEqual(3);
  });

  it('exits with 2 and a clear message for a missing file, a file that is not a model, or a bad confidence', async () => {
    const missing = await runCli(['detect', '--model', '/nonexistent/yolo.onnx', '--image', '/nonexistent/photo.jpg']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read \/nonexistent/);
    const notModel = await runCli([
      'detect',
      '--model',
      tempFile('fake.onnx', 'not a model'),
      '--image',
      tempFile('fake.jpg', 'not a photo'),
      '--json',
    ]);
    expect(notModel.code).toBe(2);
    expect(JSON.parse(notModel.stdout)).toMatchObject({ error: { code: 'modelInvalid', messageKey: 'error.nms.modelUnreadable' } });
    const badConfidence = await runCli(['detect', '--model', 'a.onnx', '--image', 'b.jpg', '--confidence', '2']);
    expect(badConfidence.code).toBe(2);
    expect(badConfidence.stderr).toMatch(/--confidence needs a number in \[0, 1\]/);
  });
});
