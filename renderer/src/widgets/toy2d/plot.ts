/**
 * Drawing the toy diffusion plot: data coordinates (±TOY2D_EXTENT, y up) to canvas pixels, point
 * clouds, and the learned vector field as arrows. Pure functions of a 2D context, so the widget's
 * Svelte file only decides what to draw.
 */

/** The same plot square as electron/common/toy2d.ts TOY2D_EXTENT (the renderer only imports types from there). */
export const EXTENT = 3;

/** Colours on the dark ground (Okabe–Ito): data sky blue, samples orange, the learner's drawing yellow. */
export const COLOURS = Object.freeze({
  ground: '#2c3139',
  grid: 'rgba(255, 255, 255, 0.08)',
  axis: 'rgba(255, 255, 255, 0.22)',
  data: '#56b4e9',
  samples: '#e69f00',
  drawing: '#f0e442',
  arrows: 'rgba(255, 255, 255, 0.55)',
  labels: 'rgba(255, 255, 255, 0.75)',
  cursor: '#ffffff',
});

export interface PlotFrame {
  /** Canvas side in device pixels (the plot is square). */
  size: number;
  /** Device pixels per CSS pixel. */
  dpr: number;
}

/** Data (x, y) → canvas pixel (y grows downwards on the canvas). */
export function toPixel(frame: PlotFrame, x: number, y: number): [number, number] {
  const scale = frame.size / (2 * EXTENT);
  return [(x + EXTENT) * scale, (EXTENT - y) * scale];
}

/** Canvas CSS offset (from a pointer event) → data (x, y). */
export function toData(cssSize: number, offsetX: number, offsetY: number): [number, number] {
  const scale = (2 * EXTENT) / cssSize;
  return [offsetX * scale - EXTENT, EXTENT - offsetY * scale];
}

export function drawBackground(ctx: CanvasRenderingContext2D, frame: PlotFrame): void {
  ctx.fillStyle = COLOURS.ground;
  ctx.fillRect(0, 0, frame.size, frame.size);
  ctx.lineWidth = frame.dpr;
  for (let v = -EXTENT + 1; v < EXTENT; v++) {
    ctx.strokeStyle = v === 0 ? COLOURS.axis : COLOURS.grid;
    const [x] = toPixel(frame, v, 0);
    const [, y] = toPixel(frame, 0, v);
    ctx.beginPath();
    ctx.moveTo(x, 0);
    ctx.lineTo(x, frame.size);
    ctx.moveTo(0, y);
    ctx.lineTo(frame.size, y);
    ctx.stroke();
  }
  drawAxisLabels(ctx, frame);
}

/** Coordinates along the bottom and left edges and the axis names x₁, x₂, so positions can be read off. */
function drawAxisLabels(ctx: CanvasRenderingContext2D, frame: PlotFrame): void {
  const pad = 4 * frame.dpr;
  ctx.fillStyle = COLOURS.labels;
  ctx.font = `${11 * frame.dpr}px system-ui, sans-serif`;
  for (let v = -EXTENT + 1; v < EXTENT; v++) {
    const [x] = toPixel(frame, v, 0);
    const [, y] = toPixel(frame, 0, v);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(String(v), x, frame.size - pad);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(String(v), pad, y);
  }
  const [originX, originY] = toPixel(frame, 0, 0);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'bottom';
  ctx.fillText('x₁', frame.size - pad, originY - pad);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillText('x₂', originX + pad, pad);
}

/** (x, y) pairs from `offset` (a frame of a trajectory), `count` of them, as filled dots. */
export function drawPoints(
  ctx: CanvasRenderingContext2D,
  frame: PlotFrame,
  points: Float32Array,
  colour: string,
  options: { offset?: number; count?: number; radius?: number; alpha?: number } = {},
): void {
  const offset = options.offset ?? 0;
  const count = options.count ?? (points.length - offset) / 2;
  const radius = (options.radius ?? 1.6) * frame.dpr;
  ctx.fillStyle = colour;
  ctx.globalAlpha = options.alpha ?? 1;
  ctx.beginPath();
  for (let n = 0; n < count; n++) {
    const [px, py] = toPixel(frame, points[offset + 2 * n]!, points[offset + 2 * n + 1]!);
    ctx.moveTo(px + radius, py);
    ctx.arc(px, py, radius, 0, 2 * Math.PI);
  }
  ctx.fill();
  ctx.globalAlpha = 1;
}

/**
 * The vector field of one frame: an arrow at each grid point along −ε̂, the longest as long as
 * 0.9 grid cells (only directions and relative sizes matter: the true step is much shorter).
 */
export function drawField(ctx: CanvasRenderingContext2D, frame: PlotFrame, field: Float32Array, grid: number, frameIndex: number): void {
  if (grid < 2) return;
  const offset = frameIndex * grid * grid * 2;
  if (offset + grid * grid * 2 > field.length) return;
  let longest = 0;
  for (let k = 0; k < grid * grid; k++) longest = Math.max(longest, Math.hypot(field[offset + 2 * k]!, field[offset + 2 * k + 1]!));
  if (longest === 0) return;
  const cell = frame.size / (grid - 1);
  const gain = (0.9 * cell) / longest;
  ctx.strokeStyle = COLOURS.arrows;
  ctx.fillStyle = COLOURS.arrows;
  ctx.lineWidth = 1.2 * frame.dpr;
  for (let row = 0; row < grid; row++) {
    for (let col = 0; col < grid; col++) {
      const k = row * grid + col;
      const x = -EXTENT + (2 * EXTENT * col) / (grid - 1);
      const y = -EXTENT + (2 * EXTENT * row) / (grid - 1);
      const [px, py] = toPixel(frame, x, y);
      // Canvas y points down: flip the field's y.
      const dx = field[offset + 2 * k]! * gain;
      const dy = -field[offset + 2 * k + 1]! * gain;
      const length = Math.hypot(dx, dy);
      if (length < 0.5 * frame.dpr) continue;
      const tipX = px + dx;
      const tipY = py + dy;
      ctx.beginPath();
      ctx.moveTo(px, py);
      ctx.lineTo(tipX, tipY);
      ctx.stroke();
      const head = Math.min(5 * frame.dpr, 0.4 * length);
      const ux = dx / length;
      const uy = dy / length;
      ctx.beginPath();
      ctx.moveTo(tipX, tipY);
      ctx.lineTo(tipX - head * (ux - 0.5 * uy), tipY - head * (uy + 0.5 * ux));
      ctx.lineTo(tipX - head * (ux + 0.5 * uy), tipY - head * (uy - 0.5 * ux));
      ctx.closePath();
      ctx.fill();
    }
  }
}

/** A crosshair where the keyboard would add the next point. */
export function drawCursor(ctx: CanvasRenderingContext2D, frame: PlotFrame, x: number, y: number): void {
  const [px, py] = toPixel(frame, x, y);
  const arm = 8 * frame.dpr;
  ctx.strokeStyle = COLOURS.cursor;
  ctx.lineWidth = 1.5 * frame.dpr;
  ctx.beginPath();
  ctx.moveTo(px - arm, py);
  ctx.lineTo(px + arm, py);
  ctx.moveTo(px, py - arm);
  ctx.lineTo(px, py + arm);
  ctx.stroke();
}
