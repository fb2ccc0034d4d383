/**
 * The main window's size, position and maximised state, remembered in the
 * user-data folder. Plain Node (no `electron` import) so it is unit-tested
 * directly; window.ts feeds it Electron's bounds and displays.
 *
 * A saved position is reused only when the window's title bar would land on a
 * display that exists now (a projector unplugged since last time must not
 * leave the lab off-screen); otherwise the size is kept and the OS centres it.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../engine/fs/atomic-write.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_WINDOW_SIZE = Object.freeze({ width: 1280, height: 820 });
export const MIN_WINDOW_SIZE = Object.freeze({ width: 800, height: 560 });

/** How much of the title bar strip must be on a display for the window to be grabbable. */
const TITLE_BAR_HEIGHT = 32;
const MIN_VISIBLE_TITLE_WIDTH = 120;

function isFiniteInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 1e6;
}

/** Accepts only a well-formed state; a corrupt or foreign file gives null (defaults), never a crash. */
export function parseWindowState(raw: unknown): WindowState | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { bounds, maximized } = raw as { bounds?: unknown; maximized?: unknown };
  if (typeof bounds !== 'object' || bounds === null || typeof maximized !== 'boolean') return null;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (![x, y, width, height].every(isFiniteInt)) return null;
  if ((width as number) <= 0 || (height as number) <= 0) return null;
  return { bounds: { x: x as number, y: y as number, width: width as number, height: height as number }, maximized };
}

function intersection(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

/**
 * True when enough of the window's title bar lies on one display's work area
 * for the learner to see and drag it.
 *
 * @example isOnSomeDisplay({ x: 100, y: 100, width: 800, height: 600 }, [{ x: 0, y: 0, width: 1920, height: 1080 }]) // → true
 * @example isOnSomeDisplay({ x: 3000, y: 100, width: 800, height: 600 }, [{ x: 0, y: 0, width: 1920, height: 1080 }]) // → false
 */
export function isOnSomeDisplay(bounds: Rect, workAreas: readonly Rect[]): boolean {
  const titleBar: Rect = { x: bounds.x, y: bounds.y, width: bounds.width, height: Math.min(TITLE_BAR_HEIGHT, bounds.height) };
  return workAreas.some((area) => {
    const overlap = intersection(titleBar, area);
    return overlap !== null && overlap.width >= Math.min(MIN_VISIBLE_TITLE_WIDTH, bounds.width) && overlap.height >= Math.min(8, titleBar.height);
  });
}

export interface RestoredWindow {
  /** Size always; position only when it is on a display (otherwise the OS centres the window). */
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized: boolean;
}

/**
 * What to create the window with, from a saved state (or none) and the work
 * areas of the displays attached now. Sizes are clamped between the minimum
 * and the largest work area, so a state saved on a 4K screen fits a laptop.
 */
export function restoreWindow(saved: WindowState | null, workAreas: readonly Rect[]): RestoredWindow {
  const largest = workAreas.reduce<Rect | null>((best, area) => (!best || area.width * area.height > best.width * best.height ? area : best), null);
  const maxWidth = Math.max(MIN_WINDOW_SIZE.width, largest?.width ?? DEFAULT_WINDOW_SIZE.width);
  const maxHeight = Math.max(MIN_WINDOW_SIZE.height, largest?.height ?? DEFAULT_WINDOW_SIZE.height);
  const clamp = (value: number, min: number, max: number): number => Math.round(Math.min(max, Math.max(min, value)));

  if (!saved) {
    return {
      width: clamp(DEFAULT_WINDOW_SIZE.width, MIN_WINDOW_SIZE.width, maxWidth),
      height: clamp(DEFAULT_WINDOW_SIZE.height, MIN_WINDOW_SIZE.height, maxHeight),
      maximized: false,
    };
  }
  const width = clamp(saved.bounds.width, MIN_WINDOW_SIZE.width, maxWidth);
  const height = clamp(saved.bounds.height, MIN_WINDOW_SIZE.height, maxHeight);
  const restored: RestoredWindow = { width, height, maximized: saved.maximized };
  if (isOnSomeDisplay({ x: saved.bounds.x, y: saved.bounds.y, width, height }, workAreas)) {
    restored.x = Math.round(saved.bounds.x);
    restored.y = Math.round(saved.bounds.y);
  }
  return restored;
}

export async function loadWindowState(file: string): Promise<WindowState | null> {
  try {
    return parseWindowState(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    // Missing on first launch, or unreadable: start from the defaults.
    return null;
  }
}

/** Written atomically (temp file + rename), so a crash mid-write leaves the previous state. */
export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
}

export interface WindowStateSaver {
  /** Remembers `state` and writes it after `delayMs` of quiet (moves and resizes arrive in bursts). */
  schedule(state: WindowState): void;
  /** Writes any pending state now; resolves when it is on disk. */
  flush(): Promise<void>;
}

export function createWindowStateSaver(file: string, delayMs = 500, save = saveWindowState): WindowStateSaver {
  let pending: WindowState | null = null;
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();

  const writePending = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    const state = pending;
    pending = null;
    if (state) {
      // Chain writes so an older state never lands after a newer one.
      writing = writing
        .then(() => save(file, state))
        .catch((error: unknown) => {
          console.warn(`[aigc-lab] could not save the window state to ${file}:`, error);
        });
    }
    return writing;
  };

  return {
    schedule(state) {
      pending = state;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void writePending(), delayMs);
      timer.unref();
    },
    flush: writePending,
  };
}
