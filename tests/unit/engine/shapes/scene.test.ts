import { describe, expect, it } from 'vitest';

import { createRng } from '../../../../electron/engine/random/rng';
import { sampleScene, sceneSeed } from '../../../../electron/engine/shapes/scene';
import { WORLD, isHeldout } from '../../../../electron/engine/shapes/world';

describe('sampleScene', () => {
  it('never draws a held-out combination in "seen" and only those in "heldout"', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const s = sampleScene(createRng(sceneSeed(1, i)), { combos: 'seen' });
      expect(isHeldout(s.shape, s.colour)).toBe(false);
      seen.add(`${s.shape}/${s.colour}`);
      const h = sampleScene(createRng(sceneSeed(2, i)), { combos: 'heldout' });
      expect(isHeldout(h.shape, h.colour)).toBe(true);
    }
    expect(seen.size).toBe(WORLD.shapes.length * WORLD.colours.length - WORLD.heldout.length);
  });

  it('is a pure function of the seed', () => {
    expect(sampleScene(createRng(sceneSeed(3, 7)), { combos: 'seen' })).toEqual(sampleScene(createRng(sceneSeed(3, 7)), { combos: 'seen' }));
  });

  it('honours the position of a single object and keeps several apart and inside the image', () => {
    for (let i = 0; i < 2000; i++) {
      const s = sampleScene(createRng(sceneSeed(4, i)), { combos: 'seen' });
      expect(s.objects).toHaveLength(s.count);
      for (const o of s.objects) {
        expect(o.x - o.radius).toBeGreaterThanOrEqual(0);
        expect(o.x + o.radius).toBeLessThanOrEqual(1);
        expect(o.y - o.radius).toBeGreaterThanOrEqual(0);
        expect(o.y + o.radius).toBeLessThanOrEqual(1);
      }
      if (s.count === 1) {
        const [o] = s.objects;
        const dx = o!.x - 0.5;
        const dy = o!.y - 0.5;
        const expected = { left: dx < -0.1, right: dx > 0.1, top: dy < -0.1, bottom: dy > 0.1, centre: Math.hypot(dx, dy) < 0.08 }[s.position];
        expect(expected).toBe(true);
      } else {
        expect(s.position).toBe('none');
        expect(s.size).toBe('small');
        for (let a = 0; a < s.count; a++)
          for (let b = a + 1; b < s.count; b++) {
            const [p, q] = [s.objects[a]!, s.objects[b]!];
            expect(Math.hypot(p.x - q.x, p.y - q.y)).toBeGreaterThan(1.28 * (p.radius + q.radius));
          }
      }
      const range = WORLD.sizes.find((z) => z.id === s.size)!.radius;
      for (const o of s.objects) expect(o.radius >= range[0] && o.radius <= range[1]).toBe(true);
    }
  });
});
