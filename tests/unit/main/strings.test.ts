/** Main's own strings exist, non-empty, in both locales (the type already demands every key). */
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../electron/common/api';
import { MAIN_STRINGS } from '../../../electron/main/strings';

function leaves(value: unknown, prefix = ''): [string, unknown][] {
  if (typeof value !== 'object' || value === null) return [[prefix, value]];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key));
}

describe('main strings', () => {
  it('has the same keys in every locale, all non-empty strings', () => {
    const keys = (locale: (typeof LOCALES)[number]) =>
      leaves(MAIN_STRINGS[locale])
        .map(([key]) => key)
        .sort();
    for (const locale of LOCALES) {
      expect(keys(locale)).toEqual(keys('en'));
      for (const [key, value] of leaves(MAIN_STRINGS[locale])) {
        expect(typeof value === 'string' && value.trim().length > 0, `${locale}:${key}`).toBe(true);
      }
    }
  });

  it('is actually translated (Chinese differs from English)', () => {
    expect(MAIN_STRINGS['zh-CN'].dialogs.rendererGoneMessage).not.toBe(MAIN_STRINGS.en.dialogs.rendererGoneMessage);
    expect(MAIN_STRINGS['zh-CN'].menu.quit).toMatch(/[\u4e00-\u9fff]/);
  });
});
