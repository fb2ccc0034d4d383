/**
 * The real third-party files in ../shared/fixtures (a YOLOv8n ONNX, two
 * photos; see its README). A user's clone does not have them, so tests that
 * use them skip with this message when the folder is absent (not a test file).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../support/paths.js';

export const SHARED_FIXTURES = join(ROOT, '..', 'shared', 'fixtures');

export const YOLOV8N = join(SHARED_FIXTURES, 'yolov8n', 'yolov8n_int8.onnx');
export const COCO80_NAMES = join(SHARED_FIXTURES, 'yolov8n', 'coco80_names.txt');
export const BUS_JPG = join(SHARED_FIXTURES, 'photos', 'bus.jpg');
export const DOG_JPG = join(SHARED_FIXTURES, 'photos', 'dog_bicycle_truck.jpg');

export const HAS_SHARED_FIXTURES = [YOLOV8N, COCO80_NAMES, BUS_JPG, DOG_JPG].every((path) => existsSync(path));

/** The reason printed in the skipped test's name. */
export const SKIP_REASON = HAS_SHARED_FIXTURES
  ? ''
  : ' [skipped: ../shared/fixtures is absent (real YOLOv8n and photos are not part of the repository)]';
