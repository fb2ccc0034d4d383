/**
 * The one way the lab saves pictures and tables: build a Blob, hand it to a
 * temporary download link. Works the same under Electron (the download
 * prompt) and in a browser, and needs no file-system API.
 */
import { encodeCsv, type CsvCell } from './csv';
import { exportFilename } from './filename';

/** Thrown when there is nothing to save; `messageKey` is translatable. */
export class ExportError extends Error {
  constructor(readonly messageKey: string) {
    super(messageKey);
    this.name = 'ExportError';
  }
}

/** Starts a download of `blob` under `filename`. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.rel = 'noopener';
  anchor.hidden = true;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Revoking in the same task can abort the download in Chromium; a minute is ample for a local blob.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function isTransparent(colour: string): boolean {
  return colour === 'transparent' || /^rgba\(.*,\s*0\)$/.test(colour) || /\/\s*0\)$/.test(colour);
}

/** The colour the learner sees behind `element`: a chart's PNG must not come out with white text on transparency. */
function backgroundBehind(element: Element): string {
  for (let node: Element | null = element; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour && !isTransparent(colour)) return colour;
  }
  return '#ffffff';
}

/** Draws every canvas inside `source` (or `source` itself) onto one opaque canvas, where they sit on screen. */
function composeCanvas(source: HTMLCanvasElement | HTMLElement): HTMLCanvasElement {
  const canvases = source instanceof HTMLCanvasElement ? [source] : [...source.querySelectorAll('canvas')];
  const first = canvases[0];
  if (!first || first.width === 0 || first.height === 0) throw new ExportError('widgets.export.nothingToSave');
  const frame = source.getBoundingClientRect();
  const firstRect = first.getBoundingClientRect();
  // Keep the canvases' own resolution (chart.js draws at devicePixelRatio).
  const scale = firstRect.width > 0 ? first.width / firstRect.width : 1;
  const output = document.createElement('canvas');
  output.width = source instanceof HTMLCanvasElement ? first.width : Math.max(1, Math.round(frame.width * scale));
  output.height = source instanceof HTMLCanvasElement ? first.height : Math.max(1, Math.round(frame.height * scale));
  const context = output.getContext('2d');
  if (!context) throw new ExportError('widgets.export.failed');
  context.fillStyle = backgroundBehind(source);
  context.fillRect(0, 0, output.width, output.height);
  for (const canvas of canvases) {
    if (source instanceof HTMLCanvasElement) {
      context.drawImage(canvas, 0, 0);
      continue;
    }
    const rect = canvas.getBoundingClientRect();
    context.drawImage(canvas, (rect.left - frame.left) * scale, (rect.top - frame.top) * scale, rect.width * scale, rect.height * scale);
  }
  return output;
}

/**
 * Saves a canvas, or every canvas inside an element composited in place
 * (an image with a box overlay, say), as a PNG on the theme's background.
 *
 * @example await savePng(chartCanvas, 'pi-estimate') // downloads pi-estimate.png
 */
export async function savePng(source: HTMLCanvasElement | HTMLElement, filename: string): Promise<void> {
  const canvas = composeCanvas(source);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new ExportError('widgets.export.failed');
  downloadBlob(blob, exportFilename(filename, 'png'));
}

/**
 * Saves rows as a CSV file Excel opens correctly in both languages.
 *
 * @example saveCsv([[1000, 3.1]], ['samples', 'estimate'], 'pi-estimate') // downloads pi-estimate.csv
 */
export function saveCsv(rows: readonly (readonly CsvCell[])[], header: readonly string[], filename: string): void {
  if (rows.length === 0) throw new ExportError('widgets.export.nothingToSave');
  const blob = new Blob([encodeCsv(rows, header)], { type: 'text/csv;charset=utf-8' });
  downloadBlob(blob, exportFilename(filename, 'csv'));
}
