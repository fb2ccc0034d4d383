/**
 * Rasterises a shapes-world scene to RGB bytes, anti-aliased by 4×4 supersampling.
 *
 * Only +, −, ×, ÷ and comparisons on doubles (no sin/cos at render time: the star's and the
 * triangle's vertices are constants), so the bytes are identical on every machine and in any
 * call order. A pixel whose centre is farther from a shape's boundary than its half-diagonal
 * takes the centre's answer for all 16 samples, which gives the same result as sampling them.
 */
import type { ShapeObject, ShapeScene } from './scene';

/** Samples per pixel along each axis. */
const SS = 4;
const SS2 = SS * SS;

/**
 * A shape in unit coordinates (its object's radius = 1, y downwards): whether a point is inside,
 * and a lower bound on the distance from the point to the boundary.
 */
interface UnitShape {
  /** The radius of a disc about the origin that lies inside the shape (a fast accept). */
  readonly inner: number;
  contains(x: number, y: number): boolean;
  boundaryDistance(x: number, y: number): number;
}

/** Signed distance to an axis-aligned box centred at 0 with half-sizes (hx, hy): negative inside. */
function boxDistance(x: number, y: number, hx: number, hy: number): number {
  const qx = Math.abs(x) - hx;
  const qy = Math.abs(y) - hy;
  if (qx <= 0 && qy <= 0) return Math.max(qx, qy);
  const ox = Math.max(qx, 0);
  const oy = Math.max(qy, 0);
  return Math.sqrt(ox * ox + oy * oy);
}

function polygon(vertices: readonly (readonly [number, number])[], inner: number): UnitShape {
  const xs = vertices.map((v) => v[0]);
  const ys = vertices.map((v) => v[1]);
  const n = vertices.length;
  return {
    inner,
    // Even–odd crossing test.
    contains(x, y) {
      let inside = false;
      for (let i = 0, j = n - 1; i < n; j = i++) {
        const yi = ys[i]!;
        const yj = ys[j]!;
        if (yi > y !== yj > y && x < ((xs[j]! - xs[i]!) * (y - yi)) / (yj - yi) + xs[i]!) inside = !inside;
      }
      return inside;
    },
    boundaryDistance(x, y) {
      let best = Infinity;
      for (let i = 0, j = n - 1; i < n; j = i++) {
        const ax = xs[j]!;
        const ay = ys[j]!;
        const ex = xs[i]! - ax;
        const ey = ys[i]! - ay;
        const t = Math.min(1, Math.max(0, ((x - ax) * ex + (y - ay) * ey) / (ex * ex + ey * ey)));
        const dx = x - ax - t * ex;
        const dy = y - ay - t * ey;
        best = Math.min(best, dx * dx + dy * dy);
      }
      return Math.sqrt(best);
    },
  };
}

// cos and sin of multiples of 18°, written out so no transcendental function runs at render time.
const C18 = 0.9510565162952535;
const S18 = 0.3090169943749474;
const C54 = 0.5877852522924731;
const S54 = 0.8090169943749475;
const SQRT3_2 = 0.8660254037844386;

/** Inner radius of the five-pointed star relative to its outer radius (0.382 is the regular star; fatter reads better at 32 px). */
const STAR_INNER = 0.48;
/** Shifts down so the star's bounding box, which spans y ∈ [−1, 0.809], is centred. */
const STAR_DY = (1 - S54) / 2;
const STAR_OUTER: readonly (readonly [number, number])[] = [
  [0, -1],
  [C18, -S18],
  [C54, S54],
  [-C54, S54],
  [-C18, -S18],
];
const STAR_INNER_DIRS: readonly (readonly [number, number])[] = [
  [C54, -S54],
  [C18, S18],
  [0, 1],
  [-C18, S18],
  [-C54, -S54],
];

/** The triangle's circumradius relative to the object radius, so its width nearly fills the circle's. */
const TRIANGLE_SCALE = 1.12;
/** Half-side of the square and arm half-length / half-width of the cross, relative to the radius. */
const SQUARE_HALF = 0.82;
const CROSS_LENGTH = 0.95;
const CROSS_WIDTH = 0.34;

const SHAPES: Readonly<Record<string, UnitShape>> = {
  circle: {
    inner: 1,
    contains: (x, y) => x * x + y * y <= 1,
    boundaryDistance: (x, y) => Math.abs(Math.sqrt(x * x + y * y) - 1),
  },
  square: {
    inner: SQUARE_HALF,
    contains: (x, y) => Math.abs(x) <= SQUARE_HALF && Math.abs(y) <= SQUARE_HALF,
    boundaryDistance: (x, y) => Math.abs(boxDistance(x, y, SQUARE_HALF, SQUARE_HALF)),
  },
  cross: {
    inner: CROSS_WIDTH,
    contains: (x, y) => (Math.abs(x) <= CROSS_LENGTH && Math.abs(y) <= CROSS_WIDTH) || (Math.abs(x) <= CROSS_WIDTH && Math.abs(y) <= CROSS_LENGTH),
    // Inside the union: at least as far from its boundary as from the boundary of an arm containing the point.
    // Outside: the nearer of the two arms.
    boundaryDistance: (x, y) => {
      const a = boxDistance(x, y, CROSS_LENGTH, CROSS_WIDTH);
      const b = boxDistance(x, y, CROSS_WIDTH, CROSS_LENGTH);
      return a <= 0 || b <= 0 ? Math.max(-Math.min(a, 0), -Math.min(b, 0)) : Math.min(a, b);
    },
  },
  triangle: polygon(
    [
      [0, -1],
      [SQRT3_2, 0.5],
      [-SQRT3_2, 0.5],
    ].map(([x, y]) => [x! * TRIANGLE_SCALE, (y! + 0.25) * TRIANGLE_SCALE] as const),
    // The sides pass 0.5 · 1.12 from the incentre, which sits 0.25 · 1.12 below the origin.
    0.25 * TRIANGLE_SCALE,
  ),
  star: polygon(
    STAR_OUTER.flatMap(([ox, oy], k) => {
      const [ix, iy] = STAR_INNER_DIRS[k]!;
      return [
        [ox, oy + STAR_DY],
        [ix * STAR_INNER, iy * STAR_INNER + STAR_DY],
      ] as const;
    }),
    // The inner vertices lie 0.48 from the star's centre, 0.095 below the origin; its edges pass within 0.48 · cos 36°.
    STAR_INNER * C54 - STAR_DY,
  ),
};

/** Every shape lies within this many radii of its centre (a triangle's corner: 1.28). */
const OUTER = 1.3;

function unitShape(id: string): UnitShape {
  const shape = SHAPES[id];
  if (!shape) throw new Error(`The renderer has no shape "${id}" (known: ${Object.keys(SHAPES).join(', ')}).`);
  return shape;
}

/** How many of the pixel's 16 samples fall inside any object (objects share one shape and colour). */
function coverage(shape: UnitShape, objects: readonly ShapeObject[], px: number, py: number, resolution: number): number {
  const cx = (px + 0.5) / resolution;
  const cy = (py + 0.5) / resolution;
  let mixed = false;
  for (const o of objects) {
    const x = (cx - o.x) / o.radius;
    const y = (cy - o.y) / o.radius;
    // Half the pixel's diagonal in the object's unit coordinates, with a hair of slack for rounding.
    const halfDiagonal = (0.7072 / resolution / o.radius) * 1.001;
    // Fast paths: the whole pixel beyond every shape's reach, or inside the shape's inner disc.
    const d = Math.sqrt(x * x + y * y);
    if (d - halfDiagonal > OUTER) continue;
    if (d + halfDiagonal < shape.inner) return SS2;
    if (shape.boundaryDistance(x, y) > halfDiagonal) {
      if (shape.contains(x, y)) return SS2;
    } else {
      mixed = true;
    }
  }
  if (!mixed) return 0;
  let covered = 0;
  for (let sy = 0; sy < SS; sy++) {
    const v = (py + (sy + 0.5) / SS) / resolution;
    for (let sx = 0; sx < SS; sx++) {
      const u = (px + (sx + 0.5) / SS) / resolution;
      for (const o of objects) {
        if (shape.contains((u - o.x) / o.radius, (v - o.y) / o.radius)) {
          covered++;
          break;
        }
      }
    }
  }
  return covered;
}

/**
 * Renders `scene` as row-major H×W×3 RGB bytes (H = W = resolution).
 * @example renderScene(scene, 32).length // → 3072
 */
export function renderScene(scene: ShapeScene, resolution: number): Uint8Array {
  if (!Number.isInteger(resolution) || resolution < 1) throw new Error(`resolution must be a positive integer, got ${resolution}.`);
  const shape = unitShape(scene.shape);
  const out = new Uint8Array(resolution * resolution * 3);
  const [br, bg, bb] = scene.backgroundRgb;
  const [fr, fg, fb] = scene.rgb;
  for (let i = 0; i < out.length; i += 3) {
    out[i] = br;
    out[i + 1] = bg;
    out[i + 2] = bb;
  }
  const done = new Uint8Array(resolution * resolution);
  for (const o of scene.objects) {
    // Every shape lies inside the box |x|, |y| ≤ radius; one extra pixel of margin on each side.
    const x0 = Math.max(0, Math.floor((o.x - o.radius) * resolution) - 1);
    const x1 = Math.min(resolution - 1, Math.ceil((o.x + o.radius) * resolution) + 1);
    const y0 = Math.max(0, Math.floor((o.y - o.radius) * resolution) - 1);
    const y1 = Math.min(resolution - 1, Math.ceil((o.y + o.radius) * resolution) + 1);
    for (let py = y0; py <= y1; py++) {
      for (let px = x0; px <= x1; px++) {
        const p = py * resolution + px;
        if (done[p]) continue;
        done[p] = 1;
        const n = coverage(shape, scene.objects, px, py, resolution);
        if (n === 0) continue;
        // Integer blend with round-half-up: (bg·(16−n) + fg·n + 8) / 16.
        out[3 * p] = (br * (SS2 - n) + fr * n + SS2 / 2) >> 4;
        out[3 * p + 1] = (bg * (SS2 - n) + fg * n + SS2 / 2) >> 4;
        out[3 * p + 2] = (bb * (SS2 - n) + fb * n + SS2 / 2) >> 4;
      }
    }
  }
  return out;
}
