import { describe, expect, it } from 'vitest';
import { formatCompact, formatFixed, formatInteger, formatMs, formatPercent, formatScientific } from '../../../../renderer/src/widgets/format.js';

describe('widget number formats', () => {
  it('group and compact large numbers per locale', () => {
    expect(formatInteger(200_000_000, 'en')).toBe('200,000,000');
    expect(formatCompact(200_000_000, 'en')).toBe('200M');
    expect(formatCompact(200_000_000, 'zh-CN')).toBe('2亿');
    expect(formatCompact(50_000, 'zh-CN')).toBe('5万');
  });

  it('fix decimals without grouping', () => {
    expect(formatFixed(3.14159265, 5, 'en')).toBe('3.14159');
    expect(formatFixed(1234.5, 1, 'en')).toBe('1234.5');
  });

  it('write tiny values as a maths class would', () => {
    expect(formatScientific(2.98e-8, 'en')).toBe('2.98 × 10⁻⁸');
    expect(formatScientific(1e-5, 'en')).toBe('1 × 10⁻⁵');
    expect(formatScientific(9.996e-8, 'en')).toBe('1 × 10⁻⁷');
    expect(formatScientific(0.0123, 'en')).toBe('0.0123');
    expect(formatScientific(0, 'en')).toBe('0');
  });

  it('choose millisecond precision by size and clamp percentages', () => {
    expect(formatMs(0.04213, 'en')).toBe('0.042');
    expect(formatMs(3.214, 'en')).toBe('3.21');
    expect(formatMs(1234.4, 'en')).toBe('1,234');
    expect(formatPercent(0.456, 'en')).toBe('46%');
    expect(formatPercent(1.2, 'en')).toBe('100%');
  });
});
