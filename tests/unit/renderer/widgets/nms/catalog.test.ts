/**
 * Keys the NMS widgets build at run time (method names, fates, metrics, class
 * names) and keys passed to helpers other than t() are invisible to the
 * shared literal-key scan in tests/unit/renderer/i18n.test.ts; this checks
 * every `nmsLessons.*` key the widgets can ask for exists in both locales.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NMS_METHOD_NAMES } from '../../../../../electron/common/nms.js';
import { METHOD_ORDER, METHOD_SOURCE, methodKey } from '../../../../../renderer/src/widgets/nms/methods.js';
import { ROOT } from '../../../../support/paths.js';

const WIDGET_DIR = join(ROOT, 'renderer', 'src', 'widgets', 'nms');

async function catalog(locale: string): Promise<Record<string, string>> {
  return JSON.parse(await readFile(join(ROOT, 'renderer', 'src', 'i18n', locale, 'nms-lessons.json'), 'utf8')) as Record<string, string>;
}

async function literalKeys(): Promise<string[]> {
  const keys = new Set<string>();
  for (const name of await readdir(WIDGET_DIR)) {
    const text = await readFile(join(WIDGET_DIR, name), 'utf8');
    for (const match of text.matchAll(/['"`](nmsLessons\.[A-Za-z0-9_.-]+[A-Za-z0-9])['"`]/g)) keys.add(match[1]!);
  }
  return [...keys].sort();
}

const FAMILIES = [
  ...NMS_METHOD_NAMES.map(methodKey),
  ...['suppressed', 'decayed', 'merged', 'untouched'].map((fate) => `nmsLessons.fateName.${fate}`),
  ...['precision', 'recall', 'ap50', 'ap75', 'map'].map((metric) => `nmsLessons.metric.${metric}`),
  ...[0, 1, 2, 3, 4, 5].map((id) => `nmsLessons.class.${id}`),
  'nmsLessons.classes.col.agnostic',
  'nmsLessons.classes.col.aware',
];

describe('the NMS lessons catalog', () => {
  it('lists every variant once, in a fixed order, with a source', () => {
    expect([...METHOD_ORDER].sort()).toEqual([...NMS_METHOD_NAMES].sort());
    for (const method of NMS_METHOD_NAMES) expect(METHOD_SOURCE[method]).toBeTruthy();
  });

  it('has every key the widgets use, in both locales', async () => {
    const keys = [...(await literalKeys()), ...FAMILIES];
    expect(keys.length).toBeGreaterThan(100);
    for (const locale of ['en', 'zh-CN']) {
      const texts = await catalog(locale);
      expect(
        keys.filter((key) => !texts[key]?.trim()),
        locale,
      ).toEqual([]);
    }
  });

  it('has no keys that nothing uses', async () => {
    const used = new Set([...(await literalKeys()), ...FAMILIES]);
    const texts = await catalog('en');
    expect(Object.keys(texts).filter((key) => !used.has(key))).toEqual([]);
  });
});
