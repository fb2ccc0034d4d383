/**
 * The contract's names as plain constants, for the preload only.
 *
 * electron/common/api.ts builds its zod schemas at module load, so importing
 * any value from it would bundle zod (and run it) in the sandboxed preload,
 * which needs nothing but these strings. The types below make tsc fail when a
 * name is added to, removed from or renamed in api.ts without this file
 * following, and tests/unit/preload/contract-names.test.ts compares the two at runtime.
 */
import type {
  EventName,
  IPC_CALL_CHANNEL as API_CALL_CHANNEL,
  IPC_EVENT_CHANNEL as API_EVENT_CHANNEL,
  MethodName,
  PRELOAD_GLOBAL as API_PRELOAD_GLOBAL,
} from '../common/api.js';

export const IPC_CALL_CHANNEL = 'aigc-lab:call' satisfies typeof API_CALL_CHANNEL;
export const IPC_EVENT_CHANNEL = 'aigc-lab:event' satisfies typeof API_EVENT_CHANNEL;
export const PRELOAD_GLOBAL = 'aigcLab' satisfies typeof API_PRELOAD_GLOBAL;

export const METHOD_NAMES = [
  'system.info',
  'settings.get',
  'settings.update',
  'progress.get',
  'progress.setLesson',
  'progress.reset',
  'lessons.list',
  'lessons.get',
  'jobs.start',
  'jobs.cancel',
  'jobs.list',
  'app.openExternal',
  'nms.scene',
  'diffusion.schedule',
  'shapes.scene',
  'models.list',
  'models.info',
  'models.remove',
  'models.import',
  'models.checkDiffusion',
  'shapes.scenes',
] as const satisfies readonly MethodName[];

export const EVENT_NAMES = ['onDidJobProgress', 'onDidJobEnd', 'onDidChangeSettings', 'onDidChangeProviders'] as const satisfies readonly EventName[];

/** Resolves to `true` only when `Listed` covers every member of `All`; otherwise names the missing ones. */
type Covers<All extends string, Listed extends string> = [Exclude<All, Listed>] extends [never] ? true : { missing: Exclude<All, Listed> };

// A name in api.ts but missing here makes these assignments fail with `{ missing: '<name>' }`.
export const METHOD_NAMES_COMPLETE: Covers<MethodName, (typeof METHOD_NAMES)[number]> = true;
export const EVENT_NAMES_COMPLETE: Covers<EventName, (typeof EVENT_NAMES)[number]> = true;
