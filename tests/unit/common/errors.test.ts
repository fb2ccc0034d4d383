import { describe, expect, it } from 'vitest';
import { ERROR_CODES, LabError, isErrorCode, isLabErrorData, toErrorData } from '../../../electron/common/errors.js';

describe('LabError', () => {
  it('defaults its message key to error.<code> and round-trips through its data', () => {
    const error = new LabError('notFound', { params: { id: 'x' }, detail: 'no folder' });
    expect(error.toData()).toEqual({ code: 'notFound', messageKey: 'error.notFound', params: { id: 'x' }, detail: 'no folder' });
    expect(LabError.fromData(error.toData()).toData()).toEqual(error.toData());
    expect(new LabError('internal').toData()).toEqual({ code: 'internal', messageKey: 'error.internal' });
  });

  it('keeps a more specific message key', () => {
    expect(new LabError('unsupported', { messageKey: 'error.linkNotAllowed' }).messageKey).toBe('error.linkNotAllowed');
  });
});

describe('toErrorData', () => {
  it('passes LabErrors through and turns anything else into internal with a detail', () => {
    expect(toErrorData(new LabError('jobCancelled'))).toEqual({ code: 'jobCancelled', messageKey: 'error.jobCancelled' });
    expect(toErrorData(new RangeError('bad'))).toEqual({ code: 'internal', messageKey: 'error.internal', detail: 'bad' });
    expect(toErrorData('text')).toEqual({ code: 'internal', messageKey: 'error.internal', detail: 'text' });
    expect(toErrorData(undefined)).toEqual({ code: 'internal', messageKey: 'error.internal', detail: 'undefined' });
  });

  it('gives data that survives structured cloning (IPC) unchanged', () => {
    const data = toErrorData(new LabError('validation', { params: { method: 'x', n: 1 }, detail: 'd' }));
    expect(structuredClone(data)).toEqual(data);
  });
});

describe('guards', () => {
  it('recognise every error code and nothing else', () => {
    for (const code of ERROR_CODES) expect(isErrorCode(code)).toBe(true);
    for (const value of ['', 'Internal', 'toString', 42, null, undefined]) expect(isErrorCode(value)).toBe(false);
  });

  it('recognise error data', () => {
    expect(isLabErrorData({ code: 'internal', messageKey: 'error.internal' })).toBe(true);
    expect(isLabErrorData({ code: 'nope', messageKey: 'error.nope' })).toBe(false);
    expect(isLabErrorData({ code: 'internal' })).toBe(false);
    expect(isLabErrorData(null)).toBe(false);
    expect(isLabErrorData('internal')).toBe(false);
  });
});
