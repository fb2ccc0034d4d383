import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, EMPTY_PROGRESS, METHOD_NAMES, type CallOutcome } from '../../../electron/common/api.js';
import { LabError, isLabErrorData } from '../../../electron/common/errors.js';
import { dispatch, type HandlerTable } from '../../../electron/engine/handlers.js';

type Call = { method: string; args: unknown };

/** A handler table that records what reached it; every handler answers something plausible. */
function recordingTable(overrides: Partial<HandlerTable> = {}): { table: HandlerTable; calls: Call[] } {
  const calls: Call[] = [];
  const record =
    <T>(method: string, value: T) =>
    async (args: unknown): Promise<T> => {
      calls.push({ method, args });
      return value;
    };
  const table: HandlerTable = {
    'system.info': async () => {
      throw new Error('not needed here');
    },
    'settings.get': record('settings.get', DEFAULT_SETTINGS),
    'settings.update': record('settings.update', DEFAULT_SETTINGS),
    'progress.get': record('progress.get', EMPTY_PROGRESS),
    'progress.setLesson': record('progress.setLesson', EMPTY_PROGRESS),
    'progress.reset': record('progress.reset', EMPTY_PROGRESS),
    'lessons.list': record('lessons.list', { lessons: [], problems: [] }),
    'lessons.get': record('lessons.get', { id: 'x', dir: '01-x', locale: 'en' as const, title: 'X', steps: [] }),
    'jobs.start': record('jobs.start', { jobId: 'job-1' }),
    'jobs.cancel': record('jobs.cancel', { cancelled: true }),
    'jobs.list': record('jobs.list', []),
    'app.openExternal': record('app.openExternal', { opened: false }),
    'nms.scene': async () => {
      throw new Error('not needed here');
    },
    'diffusion.schedule': async () => {
      throw new Error('not needed here');
    },
    'shapes.scene': async () => {
      throw new Error('not needed here');
    },
    'models.list': record('models.list', { models: [], modelDir: '/models' }),
    'models.info': async () => {
      throw new Error('not needed here');
    },
    'models.remove': record('models.remove', { removed: true }),
    'models.checkDiffusion': record('models.checkDiffusion', { ok: true, config: null, issues: [] }),
    'models.import': async () => {
      throw new Error('not needed here');
    },
    'shapes.scenes': async () => {
      throw new Error('not needed here');
    },
    ...overrides,
  };
  return { table, calls };
}

function errorOf(outcome: CallOutcome<unknown>) {
  expect(outcome.ok).toBe(false);
  if (outcome.ok) throw new Error('expected an error outcome');
  expect(isLabErrorData(outcome.error)).toBe(true);
  return outcome.error;
}

describe('dispatch', () => {
  it('runs a valid call and hands the handler the parsed arguments', async () => {
    const { table, calls } = recordingTable();
    expect(await dispatch(table, 'jobs.cancel', { jobId: 'abc' })).toEqual({ ok: true, value: { cancelled: true } });
    expect(calls).toEqual([{ method: 'jobs.cancel', args: { jobId: 'abc' } }]);
  });

  it('treats omitted arguments as {} for methods that take none', async () => {
    const { table } = recordingTable();
    expect(await dispatch(table, 'settings.get', undefined)).toEqual({ ok: true, value: DEFAULT_SETTINGS });
  });

  it.each([
    ['a name it does not know', 'nope'],
    ['an empty string', ''],
    ['a prototype property', '__proto__'],
    ['an inherited method name', 'toString'],
    ['a near miss', 'jobs.Start'],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['an array', ['jobs.start']],
    ['an object', { method: 'jobs.start' }],
  ])('answers unknownMethod for %s', async (_label, method) => {
    const { table, calls } = recordingTable();
    const error = errorOf(await dispatch(table, method, {}));
    expect(error.code).toBe('unknownMethod');
    expect(error.messageKey).toBe('error.unknownMethod');
    expect(calls).toEqual([]);
  });

  it('cuts a huge unknown method name down in the error parameters', async () => {
    const { table } = recordingTable();
    const error = errorOf(await dispatch(table, 'x'.repeat(1_000_000), {}));
    expect(String(error.params?.method).length).toBeLessThanOrEqual(80);
  });

  it('answers unknownMethod, without throwing, for a method value that cannot be turned into a string', async () => {
    // A null-prototype object has no toString; `String(value)` throws on it.
    const { table } = recordingTable();
    const outcome = await dispatch(table, Object.create(null) as unknown, {}).catch((error: unknown) => ({ threw: error }));
    expect(outcome).not.toHaveProperty('threw');
    expect(errorOf(outcome as CallOutcome<unknown>).code).toBe('unknownMethod');
  });

  const malformed: [string, string, unknown][] = [
    ['a wrong type', 'jobs.cancel', { jobId: 42 }],
    ['a missing key', 'jobs.cancel', {}],
    ['an extra key', 'jobs.cancel', { jobId: 'abc', extra: true }],
    ['a huge string', 'jobs.cancel', { jobId: 'x'.repeat(1_000_000) }],
    ['null where an object is needed', 'jobs.cancel', null],
    ['an array instead of an object', 'settings.get', []],
    ['an array of the right values', 'jobs.cancel', ['abc']],
    ['a string instead of an object', 'lessons.list', 'everything'],
    ['a number instead of an object', 'progress.get', 7],
    ['an unknown locale', 'lessons.get', { id: 'welcome', locale: 'fr' }],
    ['an unknown setting', 'settings.update', { patch: { fontSize: 40 } }],
    ['a wrong enum value', 'settings.update', { patch: { theme: 'neon' } }],
    ['an unknown job kind', 'jobs.start', { kind: 'rm -rf', args: {} }],
    ['job args out of range', 'jobs.start', { kind: 'demo.montecarlo', args: { samples: 1, chunks: 1, seed: 1 } }],
    ['job args of another kind', 'jobs.start', { kind: 'engine.check', args: { samples: 1000, chunks: 1, seed: 1 } }],
    ['a non-integer where an integer is needed', 'progress.setLesson', { lessonId: 'a', progress: { stepIndex: 1.5, visited: [] } }],
    ['an id with path separators', 'progress.setLesson', { lessonId: '../../etc', progress: { stepIndex: 0, visited: [] } }],
    ['a __proto__ key from JSON', 'settings.update', JSON.parse('{"patch": {}, "__proto__": {"polluted": true}}')],
    ['a nested __proto__ key', 'settings.update', JSON.parse('{"patch": {"__proto__": {"polluted": true}}}')],
    ['a very deep object', 'settings.update', { patch: deepObject(10_000) }],
    ['a very long array', 'progress.setLesson', { lessonId: 'a', progress: { stepIndex: 0, visited: new Array(100_000).fill('a') } }],
  ];

  it.each(malformed)('answers validation for %s, without reaching the handler', async (_label, method, args) => {
    const { table, calls } = recordingTable();
    const outcome = await dispatch(table, method, args);
    const error = errorOf(outcome);
    expect(error.code).toBe('validation');
    expect(error.messageKey).toBe('error.validation');
    expect(error.params).toEqual({ method });
    expect(typeof error.detail).toBe('string');
    expect((error.detail ?? '').length).toBeLessThan(2000);
    expect(calls).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('turns a handler that throws a plain Error into internal, keeping the message as detail', async () => {
    const { table } = recordingTable({
      'lessons.list': async () => {
        throw new Error('disk on fire');
      },
    });
    expect(errorOf(await dispatch(table, 'lessons.list', {}))).toEqual({ code: 'internal', messageKey: 'error.internal', detail: 'disk on fire' });
  });

  it('turns a handler that throws synchronously, or throws a non-Error, into internal', async () => {
    const { table } = recordingTable({
      'jobs.list': (() => {
        throw new TypeError('sync');
      }) as HandlerTable['jobs.list'],
      'progress.get': async () => {
        throw 'a string';
      },
    });
    expect(errorOf(await dispatch(table, 'jobs.list', {})).code).toBe('internal');
    expect(errorOf(await dispatch(table, 'progress.get', {}))).toEqual({ code: 'internal', messageKey: 'error.internal', detail: 'a string' });
  });

  it("passes a handler's LabError through with its code, key and parameters", async () => {
    const { table } = recordingTable({
      'lessons.get': async ({ id }) => {
        throw new LabError('notFound', { messageKey: 'error.lessonNotFound', params: { id } });
      },
    });
    expect(errorOf(await dispatch(table, 'lessons.get', { id: 'nope', locale: 'zh-CN' }))).toEqual({
      code: 'notFound',
      messageKey: 'error.lessonNotFound',
      params: { id: 'nope' },
    });
  });

  it('knows every method the contract declares', async () => {
    const { table } = recordingTable();
    for (const method of METHOD_NAMES) {
      const outcome = await dispatch(table, method, {});
      if (!outcome.ok) expect(outcome.error.code, method).not.toBe('unknownMethod');
    }
  });
});

function deepObject(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let i = 0; i < depth; i++) {
    const next: Record<string, unknown> = {};
    node.next = next;
    node = next;
  }
  return root;
}
