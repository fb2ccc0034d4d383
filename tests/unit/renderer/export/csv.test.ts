import { describe, expect, it } from 'vitest';
import { encodeCsv, encodeCsvCell, UTF8_BOM } from '../../../../renderer/src/export/csv.js';

describe('encodeCsvCell (RFC 4180)', () => {
  it('leaves plain text and numbers bare', () => {
    expect(encodeCsvCell('abc')).toBe('abc');
    expect(encodeCsvCell(3.14159)).toBe('3.14159');
    expect(encodeCsvCell(-0.5)).toBe('-0.5');
    expect(encodeCsvCell(2e-8)).toBe('2e-8');
  });

  it('quotes commas, quotes and line breaks, doubling inner quotes', () => {
    expect(encodeCsvCell('a,b')).toBe('"a,b"');
    expect(encodeCsvCell('say "hi"')).toBe('"say ""hi"""');
    expect(encodeCsvCell('two\nlines')).toBe('"two\nlines"');
    expect(encodeCsvCell('cr\rhere')).toBe('"cr\rhere"');
  });

  it('writes empty cells for null and undefined, and words for non-finite numbers', () => {
    expect(encodeCsvCell(null)).toBe('');
    expect(encodeCsvCell(undefined)).toBe('');
    expect(encodeCsvCell(Number.NaN)).toBe('NaN');
    expect(encodeCsvCell(-Infinity)).toBe('-Infinity');
  });

  it('defuses text a spreadsheet would run as a formula, but not negative numbers written as text', () => {
    expect(encodeCsvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(encodeCsvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(encodeCsvCell('+1 800')).toBe("'+1 800");
    expect(encodeCsvCell('-12.5')).toBe('-12.5');
  });
});

describe('encodeCsv', () => {
  it('starts with a BOM, ends every line with CRLF and keeps Chinese as is', () => {
    const text = encodeCsv(
      [
        [1000, 3.2],
        [2000, '三,一四'],
      ],
      ['样本数', 'estimate'],
    );
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    expect(text).toBe('\uFEFF样本数,estimate\r\n1000,3.2\r\n2000,"三,一四"\r\n');
  });

  it('encodes the BOM as EF BB BF in UTF-8, which is what Excel looks for', () => {
    const bytes = new TextEncoder().encode(encodeCsv([], ['a']));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('writes only the header for no rows', () => {
    expect(encodeCsv([], ['x', 'y'])).toBe('\uFEFFx,y\r\n');
  });
});
