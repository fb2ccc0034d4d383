/**
 * Widget attributes arrive as strings from the lesson's `::widget{…}` tag.
 * Each widget declares what it accepts once, as a spec; this module turns
 * the strings into typed values or into translatable problems naming the
 * attribute, so a typo in a lesson shows a clear box instead of a default.
 *
 * @example
 * parseAttributes({ samples: '2e6' }, { samples: { type: 'int', min: 1000, max: 2e9, default: 2e8 } })
 * // → { ok: true, values: { samples: 2000000 } }
 */

export type WidgetAttributes = Record<string, string | undefined>;

export type AttributeSpec =
  | { type: 'int'; min: number; max: number; default: number }
  | { type: 'number'; min: number; max: number; default: number }
  | { type: 'boolean'; default: boolean }
  | { type: 'enum'; values: readonly string[]; default: string }
  | { type: 'string'; maxLength: number; default: string };

export type AttributeSpecs = Record<string, AttributeSpec>;

type ValueOf<S extends AttributeSpec> = S extends { type: 'int' | 'number' } ? number : S extends { type: 'boolean' } ? boolean : string;

export type AttributeValues<T extends AttributeSpecs> = { [K in keyof T]: ValueOf<T[K]> };

export interface AttributeProblem {
  /** i18n key under `widgets.attr.*`. */
  messageKey: string;
  params: Record<string, string | number>;
}

export type ParsedAttributes<T extends AttributeSpecs> = { ok: true; values: AttributeValues<T> } | { ok: false; problems: AttributeProblem[] };

/** Digits with an optional sign, fraction and exponent; rejects '', 'abc', '0x10', '1,000' that Number() would half-accept. */
const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

function parseOne(name: string, text: string, spec: AttributeSpec): { value: number | boolean | string } | { problem: AttributeProblem } {
  const value = text.trim();
  switch (spec.type) {
    case 'int':
    case 'number': {
      const number = NUMBER_TEXT.test(value) ? Number(value) : Number.NaN;
      if (!Number.isFinite(number)) return { problem: { messageKey: 'widgets.attr.notNumber', params: { name, value: text } } };
      if (spec.type === 'int' && !Number.isInteger(number))
        return { problem: { messageKey: 'widgets.attr.notInteger', params: { name, value: text } } };
      if (number < spec.min || number > spec.max) {
        return { problem: { messageKey: 'widgets.attr.range', params: { name, value: text, min: String(spec.min), max: String(spec.max) } } };
      }
      return { value: number };
    }
    case 'boolean':
      if (value === 'true' || value === '') return { value: true };
      if (value === 'false') return { value: false };
      return { problem: { messageKey: 'widgets.attr.notBoolean', params: { name, value: text } } };
    case 'enum':
      if (spec.values.includes(value)) return { value };
      return { problem: { messageKey: 'widgets.attr.choice', params: { name, value: text, choices: spec.values.join(', ') } } };
    case 'string':
      if (text.length > spec.maxLength) return { problem: { messageKey: 'widgets.attr.tooLong', params: { name, max: String(spec.maxLength) } } };
      return { value: text };
  }
}

/** Parses every attribute against `specs`; unknown names are problems too (they are usually typos). */
export function parseAttributes<T extends AttributeSpecs>(attrs: WidgetAttributes, specs: T): ParsedAttributes<T> {
  const problems: AttributeProblem[] = [];
  const values: Record<string, number | boolean | string> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const text = Object.hasOwn(attrs, name) ? attrs[name] : undefined;
    if (text === undefined) {
      values[name] = spec.default;
      continue;
    }
    const outcome = parseOne(name, text, spec);
    if ('problem' in outcome) problems.push(outcome.problem);
    else values[name] = outcome.value;
  }
  for (const name of Object.keys(attrs)) {
    if (!Object.hasOwn(specs, name)) {
      problems.push({ messageKey: 'widgets.attr.unknown', params: { name, known: Object.keys(specs).join(', ') || '—' } });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values: values as AttributeValues<T> };
}
