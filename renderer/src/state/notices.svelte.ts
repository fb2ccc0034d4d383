/**
 * Errors from calls nobody else is waiting on (a setting that failed to save,
 * a lesson list that could not load) end up here and are shown in the app's
 * alert area until dismissed.
 */
import type { LabErrorData } from '../../../electron/common/errors';
import { HostCallError } from '../host/lab-host';

export interface Notice {
  id: number;
  error: LabErrorData;
}

const MAX_NOTICES = 5;
let nextNoticeId = 1;
const state = $state<{ list: Notice[] }>({ list: [] });

export const notices = {
  get list(): readonly Notice[] {
    return state.list;
  },
};

/** Whatever was thrown, as error data the UI can translate. */
export function errorDataOf(error: unknown): LabErrorData {
  if (error instanceof HostCallError) return error.data;
  return {
    code: 'internal',
    messageKey: 'error.internal',
    detail: error instanceof Error ? error.message : String(error),
  };
}

export function reportError(error: unknown): void {
  const data = errorDataOf(error);
  // A lost connection is shown once, by the connection banner and status bar, not per failed call.
  if (data.messageKey === 'error.disconnected') return;
  // The same failure repeated (a flapping connection) should not stack up.
  const duplicate = state.list.find((notice) => notice.error.messageKey === data.messageKey && notice.error.detail === data.detail);
  if (duplicate) return;
  state.list = [...state.list, { id: nextNoticeId++, error: data }].slice(-MAX_NOTICES);
}

export function dismissNotice(id: number): void {
  state.list = state.list.filter((notice) => notice.id !== id);
}

export function dismissNoticesWhere(predicate: (error: LabErrorData) => boolean): void {
  state.list = state.list.filter((notice) => !predicate(notice.error));
}
