/**
 * Draws an N×M matrix of cosine similarities as a heatmap with row and column
 * labels, the values in the cells and a colour legend, on a canvas (for the
 * tiny-CLIP training widget; exportable as PNG).
 */
export interface HeatmapOptions {
  rows: readonly string[];
  columns: readonly string[];
  values: ArrayLike<number>;
  min: number;
  max: number;
  legend: string;
  /** Theme colours. */
  text: string;
  grid: string;
  highlightDiagonal?: boolean;
}

/** Blue (low) → white → orange (high), readable in light and dark themes and by colour-blind learners. */
function colour(t: number): string {
  const c = Math.min(1, Math.max(0, t));
  const low = [0, 114, 178];
  const mid = [247, 247, 247];
  const high = [230, 159, 0];
  const [a, b, u] = c < 0.5 ? [low, mid, c / 0.5] : [mid, high, (c - 0.5) / 0.5];
  return `rgb(${a.map((v, i) => Math.round(v + (b[i]! - v) * u)).join(',')})`;
}

export function drawHeatmap(canvas: HTMLCanvasElement, options: HeatmapOptions): void {
  const { rows, columns, values, min, max } = options;
  const ratio = window.devicePixelRatio || 1;
  const cell = 34;
  const left = 230;
  const top = 150;
  const legendHeight = 46;
  // Room on the right for the last rotated column label.
  const width = left + columns.length * cell + 110;
  const height = top + rows.length * cell + legendHeight + 10;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const g = canvas.getContext('2d')!;
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  g.font = '12px system-ui, sans-serif';
  g.fillStyle = options.text;
  g.textBaseline = 'middle';
  g.textAlign = 'right';
  rows.forEach((label, i) => g.fillText(label.length > 34 ? `${label.slice(0, 33)}…` : label, left - 6, top + i * cell + cell / 2));
  columns.forEach((label, j) => {
    g.save();
    g.translate(left + j * cell + cell / 2, top - 6);
    g.rotate(-Math.PI / 3);
    g.textAlign = 'left';
    g.fillText(label.length > 24 ? `${label.slice(0, 23)}…` : label, 0, 0);
    g.restore();
  });
  g.textAlign = 'center';
  for (let i = 0; i < rows.length; i++)
    for (let j = 0; j < columns.length; j++) {
      const v = values[i * columns.length + j]!;
      const t = (v - min) / (max - min);
      g.fillStyle = colour(t);
      g.fillRect(left + j * cell, top + i * cell, cell - 1, cell - 1);
      // Dark text on white and orange; white only on the deep blue end.
      g.fillStyle = t < 0.2 ? '#fff' : '#111';
      g.font = '10px system-ui, sans-serif';
      g.fillText(v.toFixed(2), left + j * cell + cell / 2 - 0.5, top + i * cell + cell / 2);
      if (options.highlightDiagonal && i === j) {
        g.strokeStyle = options.text;
        g.lineWidth = 2;
        g.strokeRect(left + j * cell + 1, top + i * cell + 1, cell - 3, cell - 3);
      }
    }
  // Legend: a gradient bar with its range and title.
  const y = top + rows.length * cell + 14;
  const barWidth = Math.min(260, columns.length * cell);
  for (let x = 0; x < barWidth; x++) {
    g.fillStyle = colour(x / (barWidth - 1));
    g.fillRect(left + x, y, 1, 12);
  }
  g.fillStyle = options.text;
  g.font = '11px system-ui, sans-serif';
  g.textAlign = 'left';
  g.fillText(min.toFixed(1), left, y + 24);
  g.textAlign = 'right';
  g.fillText(max.toFixed(1), left + barWidth, y + 24);
  g.fillText(options.legend, left - 6, y + 6);
}
