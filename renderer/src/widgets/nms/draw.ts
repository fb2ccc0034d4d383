/**
 * How the NMS widgets draw boxes. Every role has a colour from the
 * Okabe–Ito palette *and* a second cue that survives greyscale and every
 * colour-vision deficiency: a line pattern (solid, dashed, dash-dot, dotted),
 * a line width and a symbol in the box's label (✓ kept, ✕ suppressed, ★ the
 * current maximum). The legend (BoxLegend.svelte) draws its keys from the
 * same table, so canvas and legend cannot drift apart.
 *
 * Scenes are drawn on a dark neutral ground (or a photo) in every theme:
 * like a photograph, the canvas is content, and the palette's light hues stay
 * readable on it.
 */
import { OKABE_ITO } from '../../styles/palette';
import type { Box } from './overlap-geometry';

export type BoxRole = 'pending' | 'current' | 'kept' | 'suppressed' | 'decayed' | 'ground-truth' | 'raw';

export interface BoxStyle {
  colour: string;
  /** Line width in CSS pixels. */
  width: number;
  /** Canvas line dash in CSS pixels; [] is solid. */
  dash: readonly number[];
  /** Symbol at the start of the box's label. */
  symbol: string;
  alpha: number;
}

export const BOX_STYLES: Readonly<Record<BoxRole, BoxStyle>> = Object.freeze({
  pending: { colour: OKABE_ITO.skyBlue, width: 2, dash: [], symbol: '', alpha: 0.95 },
  current: { colour: OKABE_ITO.orange, width: 4.5, dash: [], symbol: '★', alpha: 1 },
  kept: { colour: OKABE_ITO.bluishGreen, width: 3.5, dash: [], symbol: '✓', alpha: 1 },
  suppressed: { colour: OKABE_ITO.vermillion, width: 2, dash: [7, 5], symbol: '✕', alpha: 0.4 },
  decayed: { colour: OKABE_ITO.reddishPurple, width: 2, dash: [12, 4, 3, 4], symbol: '↓', alpha: 0.9 },
  'ground-truth': { colour: '#ffffff', width: 2, dash: [2, 4], symbol: '', alpha: 0.95 },
  raw: { colour: OKABE_ITO.yellow, width: 1, dash: [], symbol: '', alpha: 0.55 },
});

/** Class colours for multi-class scenes (class id modulo the list); the class name is always written too. */
export const CLASS_COLOURS: readonly string[] = Object.freeze([
  OKABE_ITO.skyBlue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.yellow,
  OKABE_ITO.vermillion,
]);

/** The ground the scenes are drawn on when there is no photo. */
export const SCENE_GROUND = '#2c3139';
const SCENE_GRID = 'rgba(255, 255, 255, 0.06)';
const HALO = 'rgba(0, 0, 0, 0.6)';
const LABEL_TEXT = '#000000';

export function classColour(classId: number): string {
  const n = CLASS_COLOURS.length;
  return CLASS_COLOURS[((classId % n) + n) % n] ?? OKABE_ITO.skyBlue;
}

/** Scene units per CSS pixel, and the page's font, for sizes that stay readable at any canvas width. */
export interface DrawScale {
  px: number;
  font: string;
}

/** The empty scene: a dark ground with a faint grid, so the learner sees where the image would be. */
export function drawGround(ctx: CanvasRenderingContext2D, width: number, height: number, scale: DrawScale): void {
  ctx.fillStyle = SCENE_GROUND;
  ctx.fillRect(0, 0, width, height);
  ctx.strokeStyle = SCENE_GRID;
  ctx.lineWidth = scale.px;
  const step = Math.max(width, height) / 16;
  ctx.beginPath();
  for (let x = step; x < width; x += step) {
    ctx.moveTo(x, 0);
    ctx.lineTo(x, height);
  }
  for (let y = step; y < height; y += step) {
    ctx.moveTo(0, y);
    ctx.lineTo(width, y);
  }
  ctx.stroke();
}

export interface StrokeOptions {
  colour: string;
  width: number;
  dash: readonly number[];
  alpha: number;
}

/** A box outline with a dark halo under it, so it reads on a bright photo as well as on the dark ground. */
export function strokeBox(ctx: CanvasRenderingContext2D, box: Box, style: StrokeOptions, scale: DrawScale): void {
  const [x1, y1, x2, y2] = box;
  ctx.save();
  ctx.globalAlpha = style.alpha;
  ctx.setLineDash([]);
  ctx.strokeStyle = HALO;
  ctx.lineWidth = (style.width + 2) * scale.px;
  ctx.strokeRect(x1, y1, x2 - x1, y2 - y1);
  ctx.setLineDash(style.dash.map((d) => d * scale.px));
  ctx.strokeStyle = style.colour;
  ctx.lineWidth = style.width * scale.px;
  ctx.strokeRect(x1, y1, x2 - x1, y2 - y1);
  ctx.restore();
}

export function strokeRole(ctx: CanvasRenderingContext2D, box: Box, role: BoxRole, scale: DrawScale, alpha?: number): void {
  const style = BOX_STYLES[role];
  strokeBox(ctx, box, { ...style, alpha: alpha ?? style.alpha }, scale);
}

export type LabelPlacement = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right' | 'centre';

/**
 * A text tag in a filled box of `colour` (black text: every Okabe–Ito hue
 * used here has ≥ 4.5:1 contrast with black). Kept inside `bounds` (the visible part of the scene).
 */
export function drawTag(
  ctx: CanvasRenderingContext2D,
  text: string,
  anchor: { x: number; y: number },
  placement: LabelPlacement,
  colour: string,
  scale: DrawScale,
  bounds: { x?: number; y?: number; width: number; height: number },
  alpha = 1,
): void {
  const size = 12 * scale.px;
  const padX = 4 * scale.px;
  const padY = 2 * scale.px;
  ctx.save();
  ctx.globalAlpha = alpha;
  ctx.font = `600 ${size}px ${scale.font}`;
  const w = ctx.measureText(text).width + 2 * padX;
  const h = size + 2 * padY;
  let x = anchor.x;
  let y = anchor.y;
  if (placement === 'top-right' || placement === 'bottom-right') x -= w;
  if (placement === 'top-left' || placement === 'top-right') y -= h;
  if (placement === 'centre') {
    x -= w / 2;
    y -= h / 2;
  }
  const left = bounds.x ?? 0;
  const top = bounds.y ?? 0;
  x = Math.min(Math.max(left, x), left + bounds.width - w);
  y = Math.min(Math.max(top, y), top + bounds.height - h);
  ctx.fillStyle = colour;
  ctx.fillRect(x, y, w, h);
  ctx.fillStyle = LABEL_TEXT;
  ctx.textBaseline = 'middle';
  ctx.fillText(text, x + padX, y + h / 2 + 0.5 * scale.px);
  ctx.restore();
}

/** The label of a box in a role: its symbol, then the text (a name, a score). */
export function roleLabel(role: BoxRole, text: string): string {
  const symbol = BOX_STYLES[role].symbol;
  return symbol ? `${symbol} ${text}` : text;
}

/** A legend key (BoxLegend.svelte) that looks like the role on the canvas. */
export function roleLegend(
  role: BoxRole,
  label: string,
): { label: string; colour: string; dash: readonly number[]; width: number; symbol: string; alpha: number } {
  const style = BOX_STYLES[role];
  // Faded roles get a stronger key: a legend swatch is tiny, and it must still be told apart.
  return { label, colour: style.colour, dash: style.dash, width: style.width, symbol: style.symbol, alpha: Math.max(0.7, style.alpha) };
}
