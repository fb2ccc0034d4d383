/**
 * CSV encoding for every table and step log the lab exports: RFC 4180
 * (comma-separated, CRLF line ends, fields with a comma, quote or line break
 * wrapped in double quotes with inner quotes doubled), prefixed by a UTF-8
 * byte-order mark because Excel otherwise reads the file in the system code
 * page and turns Chinese headers into mojibake.
 */

export type CsvCell = string | number | null | undefined;

/** A table as ExportMenu asks for it: column names (translated) and rows. */
export interface CsvTable {
  header: string[];
  rows: CsvCell[][];
}

/** U+FEFF: encoded as EF BB BF by the Blob's UTF-8 encoder. */
export const UTF8_BOM = '\uFEFF';

const NEEDS_QUOTES = /[",\r\n]/;
/**
 * Spreadsheets execute a text cell that starts with one of these as a
 * formula (CSV injection). Cells come from learners too (prompts, labels),
 * so such text gets a leading apostrophe; numbers are never touched.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** @example encodeCsvCell('say "hi", then') // → '"say ""hi"", then"' */
export function encodeCsvCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  let text: string;
  if (typeof cell === 'number') {
    // Shortest round-trip form; NaN and ±Infinity as words a spreadsheet shows as text.
    text = Number.isFinite(cell) ? String(cell) : Number.isNaN(cell) ? 'NaN' : cell > 0 ? 'Infinity' : '-Infinity';
  } else {
    text = FORMULA_START.test(cell) && !isNumericText(cell) ? `'${cell}` : cell;
  }
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function isNumericText(text: string): boolean {
  return text.trim() !== '' && Number.isFinite(Number(text));
}

/**
 * The whole file as one string, BOM included.
 *
 * @example encodeCsv([[1, 'a,b']], ['n', 'text']) // → '\uFEFFn,text\r\n1,"a,b"\r\n'
 */
export function encodeCsv(rows: readonly (readonly CsvCell[])[], header: readonly string[]): string {
  const lines = [header, ...rows].map((row) => row.map(encodeCsvCell).join(','));
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
