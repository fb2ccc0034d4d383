/**
 * The point clouds the toy models learn, each seeded and scaled to lie well inside
 * ±TOY2D_EXTENT with roughly unit spread, the scale of the N(0, I) noise they diffuse into.
 */
import type { Toy2dData, Toy2dDatasetName } from '../../../common/toy2d.js';
import { createRng, type Rng } from '../../random/rng.js';

export const DEFAULT_DATASET_COUNT = 2000;

/** Two interleaved half circles (as scikit-learn's make_moons, noise 0.05), centred and scaled by 1.5. */
function twoMoons(count: number, rng: Rng): Float32Array {
  const points = new Float32Array(count * 2);
  for (let n = 0; n < count; n++) {
    const theta = Math.PI * rng.uniform();
    const upper = n % 2 === 0;
    // Upper moon: (cos θ, sin θ); lower moon: (1 − cos θ, 0.5 − sin θ).
    const x = upper ? Math.cos(theta) : 1 - Math.cos(theta);
    const y = upper ? Math.sin(theta) : 0.5 - Math.sin(theta);
    points[2 * n] = 1.5 * (x - 0.5 + 0.05 * rng.normal());
    points[2 * n + 1] = 1.5 * (y - 0.25 + 0.05 * rng.normal());
  }
  return points;
}

/** A 2D Swiss roll: the spiral r = θ for θ from 1.5π to 4.5π, noise 0.25, scaled by 1/6. */
function swissRoll(count: number, rng: Rng): Float32Array {
  const points = new Float32Array(count * 2);
  for (let n = 0; n < count; n++) {
    // Uniform in arc length would crowd the outside; uniform in θ (as scikit-learn) is what the picture usually shows.
    const theta = 1.5 * Math.PI * (1 + 2 * rng.uniform());
    points[2 * n] = (theta * Math.cos(theta) + 0.25 * rng.normal()) / 6;
    points[2 * n + 1] = (theta * Math.sin(theta) + 0.25 * rng.normal()) / 6;
  }
  return points;
}

/** A smiley: the face's outline (radius 2), two round eyes and a smiling mouth, with noise 0.04. */
function smiley(count: number, rng: Rng): Float32Array {
  const points = new Float32Array(count * 2);
  for (let n = 0; n < count; n++) {
    const part = rng.uniform();
    let x: number;
    let y: number;
    if (part < 0.5) {
      const phi = 2 * Math.PI * rng.uniform();
      x = 2 * Math.cos(phi);
      y = 2 * Math.sin(phi);
    } else if (part < 0.7) {
      // An eye: a filled disc of radius 0.25 (√u makes it uniform over the area).
      const radius = 0.25 * Math.sqrt(rng.uniform());
      const phi = 2 * Math.PI * rng.uniform();
      x = (part < 0.6 ? -0.7 : 0.7) + radius * Math.cos(phi);
      y = 0.7 + radius * Math.sin(phi);
    } else {
      // The mouth: the lower arc of a circle of radius 1.2, from 200° to 340°.
      const phi = ((200 + 140 * rng.uniform()) * Math.PI) / 180;
      x = 1.2 * Math.cos(phi);
      y = 0.1 + 1.2 * Math.sin(phi);
    }
    points[2 * n] = x + 0.04 * rng.normal();
    points[2 * n + 1] = y + 0.04 * rng.normal();
  }
  return points;
}

const GENERATORS: Record<Toy2dDatasetName, (count: number, rng: Rng) => Float32Array> = {
  'two-moons': twoMoons,
  'swiss-roll': swissRoll,
  smiley,
};

/**
 * `count` points of a named dataset as (x, y) pairs; the same seed gives the same points.
 *
 * @example toy2dDataset('two-moons', 4, 1).length // → 8
 */
export function toy2dDataset(name: Toy2dDatasetName, count: number, seed: number): Float32Array {
  return GENERATORS[name](count, createRng(seed));
}

/** The training points a job's `data` argument stands for (a drawing is used as drawn). */
export function resolveToy2dData(data: Toy2dData, seed: number): Float32Array {
  if (data.kind === 'points') return Float32Array.from(data.points);
  return toy2dDataset(data.name, data.count ?? DEFAULT_DATASET_COUNT, seed);
}
