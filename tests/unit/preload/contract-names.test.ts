/** The preload's names-only copy of the contract equals electron/common/api.ts at runtime too. */
import { describe, expect, it } from 'vitest';
import * as api from '../../../electron/common/api';
import * as names from '../../../electron/preload/contract-names';

describe('contract-names', () => {
  it('has the same channels and global name as api.ts', () => {
    expect(names.IPC_CALL_CHANNEL).toBe(api.IPC_CALL_CHANNEL);
    expect(names.IPC_EVENT_CHANNEL).toBe(api.IPC_EVENT_CHANNEL);
    expect(names.PRELOAD_GLOBAL).toBe(api.PRELOAD_GLOBAL);
  });

  it('lists every method and event of api.ts, once each, and nothing more', () => {
    expect([...names.METHOD_NAMES].sort()).toEqual([...api.METHOD_NAMES].sort());
    expect(new Set(names.METHOD_NAMES).size).toBe(names.METHOD_NAMES.length);
    expect([...names.EVENT_NAMES].sort()).toEqual([...api.EVENT_NAMES].sort());
    expect(new Set(names.EVENT_NAMES).size).toBe(names.EVENT_NAMES.length);
  });
});
