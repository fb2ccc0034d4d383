import type { CliCommand } from '../command.js';
import { checkCommand } from './check.js';
import { clipCommand } from './clip.js';
import { detectCommand } from './detect.js';
import { diffuseCommand } from './diffuse.js';
import { infoCommand } from './info.js';
import { modelsCommand } from './models.js';
import { nmsCommand } from './nms.js';
import { noiseCommand } from './noise.js';
import { scheduleCommand } from './schedule.js';

/** Every CLI command; each later lab adds its own (nms, clip, diffuse, …). */
export const COMMANDS: readonly CliCommand[] = [
  infoCommand,
  checkCommand,
  nmsCommand,
  detectCommand,
  clipCommand,
  modelsCommand,
  diffuseCommand,
  noiseCommand,
  scheduleCommand,
];
