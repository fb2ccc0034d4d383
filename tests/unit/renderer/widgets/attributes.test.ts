import { describe, expect, it } from 'vitest';
import { parseAttributes } from '../../../../renderer/src/widgets/attributes.js';

const SPECS = {
  samples: { type: 'int', min: 1000, max: 2_000_000_000, default: 200_000_000 },
  scale: { type: 'number', min: 0, max: 1, default: 0.5 },
  autorun: { type: 'boolean', default: false },
  method: { type: 'enum', values: ['greedy', 'soft'], default: 'greedy' },
  caption: { type: 'string', maxLength: 5, default: '' },
} as const;

describe('parseAttributes', () => {
  it('uses the defaults for missing attributes', () => {
    expect(parseAttributes({}, SPECS)).toEqual({
      ok: true,
      values: { samples: 200_000_000, scale: 0.5, autorun: false, method: 'greedy', caption: '' },
    });
  });

  it('parses every kind, exponents included', () => {
    const parsed = parseAttributes({ samples: '2e6', scale: '.25', autorun: 'true', method: 'soft', caption: 'hi' }, SPECS);
    expect(parsed).toEqual({ ok: true, values: { samples: 2_000_000, scale: 0.25, autorun: true, method: 'soft', caption: 'hi' } });
  });

  it('reports each bad value with a key and the attribute name', () => {
    const parsed = parseAttributes({ samples: '12.5', scale: '2', autorun: 'yes', method: 'nope', caption: 'toolong' }, SPECS);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => [p.messageKey, p.params.name])).toEqual([
      ['widgets.attr.notInteger', 'samples'],
      ['widgets.attr.range', 'scale'],
      ['widgets.attr.notBoolean', 'autorun'],
      ['widgets.attr.choice', 'method'],
      ['widgets.attr.tooLong', 'caption'],
    ]);
  });

  it('rejects text that Number() would half-accept', () => {
    for (const text of ['', 'abc', '0x10', '1,000', '1_000', 'Infinity']) {
      const parsed = parseAttributes({ samples: text }, SPECS);
      expect(parsed.ok, text).toBe(false);
    }
  });

  it('reports unknown attributes (usually typos) with the ones it knows', () => {
    const parsed = parseAttributes({ sample: '5' }, SPECS);
    expect(parsed).toEqual({
      ok: false,
      problems: [{ messageKey: 'widgets.attr.unknown', params: { name: 'sample', known: 'samples, scale, autorun, method, caption' } }],
    });
  });

  it('does not mistake inherited object keys for attributes', () => {
    expect(parseAttributes({ toString: 'x' }, SPECS).ok).toBe(false);
    expect(parseAttributes({}, { constructor: { type: 'string', maxLength: 3, default: 'd' } } as const)).toEqual({
      ok: true,
      values: { constructor: 'd' },
    });
  });
});
