/** Window state: parsing, the visible-display rule, clamping, atomic save and debounced writes. */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_WINDOW_SIZE,
  MIN_WINDOW_SIZE,
  createWindowStateSaver,
  isOnSomeDisplay,
  loadWindowState,
  parseWindowState,
  restoreWindow,
  saveWindowState,
  type WindowState,
} from '../../../electron/main/window-state';

const laptop = { x: 0, y: 0, width: 1440, height: 870 };
const projectorRight = { x: 1440, y: 0, width: 1920, height: 1050 };

describe('parseWindowState', () => {
  it('accepts a well-formed state', () => {
    const state = { bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: true };
    expect(parseWindowState(state)).toEqual(state);
  });

  it.each([
    null,
    'x',
    {},
    { bounds: { x: 0, y: 0, width: 100, height: 100 } },
    { bounds: { x: 0, y: 0, width: -1, height: 100 }, maximized: false },
    { bounds: { x: 'a', y: 0, width: 100, height: 100 }, maximized: false },
    { bounds: { x: Number.NaN, y: 0, width: 100, height: 100 }, maximized: false },
    { bounds: { x: 1e9, y: 0, width: 100, height: 100 }, maximized: false },
  ])('rejects %j', (raw) => {
    expect(parseWindowState(raw)).toBeNull();
  });
});

describe('isOnSomeDisplay', () => {
  it('needs the title bar on a display', () => {
    expect(isOnSomeDisplay({ x: 100, y: 100, width: 1000, height: 700 }, [laptop])).toBe(true);
    expect(isOnSomeDisplay({ x: 1600, y: 100, width: 1000, height: 700 }, [laptop, projectorRight])).toBe(true);
    // The projector was unplugged: the same bounds are now off-screen.
    expect(isOnSomeDisplay({ x: 1600, y: 100, width: 1000, height: 700 }, [laptop])).toBe(false);
    // Only a sliver of the title bar on screen is not enough to grab it.
    expect(isOnSomeDisplay({ x: 1400, y: 100, width: 1000, height: 700 }, [laptop])).toBe(false);
    // Title bar above the top edge.
    expect(isOnSomeDisplay({ x: 100, y: -600, width: 1000, height: 700 }, [laptop])).toBe(false);
    expect(isOnSomeDisplay({ x: 100, y: 100, width: 1000, height: 700 }, [])).toBe(false);
  });
});

describe('restoreWindow', () => {
  it('uses the default size, centred, on first launch', () => {
    expect(restoreWindow(null, [laptop])).toEqual({ ...DEFAULT_WINDOW_SIZE, maximized: false });
  });

  it('restores position, size and maximised state on a visible display', () => {
    const saved: WindowState = { bounds: { x: 50, y: 40, width: 1100, height: 760 }, maximized: true };
    expect(restoreWindow(saved, [laptop])).toEqual({ x: 50, y: 40, width: 1100, height: 760, maximized: true });
  });

  it('keeps the size but drops the position when that display is gone', () => {
    const saved: WindowState = { bounds: { x: 2000, y: 40, width: 1100, height: 760 }, maximized: false };
    expect(restoreWindow(saved, [laptop])).toEqual({ width: 1100, height: 760, maximized: false });
  });

  it('clamps the size between the minimum and the largest display', () => {
    const huge: WindowState = { bounds: { x: 0, y: 0, width: 3800, height: 2100 }, maximized: false };
    expect(restoreWindow(huge, [laptop])).toMatchObject({ width: laptop.width, height: laptop.height });
    const tiny: WindowState = { bounds: { x: 0, y: 0, width: 100, height: 100 }, maximized: false };
    expect(restoreWindow(tiny, [laptop])).toMatchObject(MIN_WINDOW_SIZE);
  });
});

describe('files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(os.tmpdir(), 'aigc-lab-window-state-'));
  });
  afterEach(async () => {
    vi.useRealTimers();
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips through an atomic write and leaves no temp file', async () => {
    const file = join(dir, 'window-state.json');
    const state: WindowState = { bounds: { x: 1, y: 2, width: 900, height: 600 }, maximized: false };
    await saveWindowState(file, state);
    expect(await loadWindowState(file)).toEqual(state);
    expect(await readdir(dir)).toEqual(['window-state.json']);
  });

  it('treats a missing or corrupt file as no state', async () => {
    expect(await loadWindowState(join(dir, 'missing.json'))).toBeNull();
    await writeFile(join(dir, 'bad.json'), '{ not json');
    expect(await loadWindowState(join(dir, 'bad.json'))).toBeNull();
  });

  it('writes only the last of a burst of changes, and flush writes at once', async () => {
    const save = vi.fn(async (_file: string, _state: WindowState) => {});
    const saver = createWindowStateSaver(join(dir, 's.json'), 10_000, save);
    const at = (x: number): WindowState => ({ bounds: { x, y: 0, width: 900, height: 600 }, maximized: false });
    saver.schedule(at(1));
    saver.schedule(at(2));
    saver.schedule(at(3));
    expect(save).not.toHaveBeenCalled();
    await saver.flush();
    expect(save).toHaveBeenCalledTimes(1);
    expect(save.mock.calls[0]?.[1]).toEqual(at(3));
    await saver.flush();
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('writes by itself after the quiet period', async () => {
    const file = join(dir, 'auto.json');
    const saver = createWindowStateSaver(file, 20);
    saver.schedule({ bounds: { x: 5, y: 5, width: 900, height: 600 }, maximized: true });
    await vi.waitFor(async () => expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ maximized: true }));
  });
});
