import { describe, expect, it } from 'vitest';

import { createRng } from '../../../../electron/engine/random/rng';
import { renderScene } from '../../../../electron/engine/shapes/render';
import { type ShapeScene, sampleScene, sceneSeed } from '../../../../electron/engine/shapes/scene';
import { WORLD } from '../../../../electron/engine/shapes/world';

function scene(i: number): ShapeScene {
  return sampleScene(createRng(sceneSeed(9, i)), { combos: 'seen' });
}

function pixel(image: Uint8Array, resolution: number, x: number, y: number): number[] {
  const p = (Math.floor(y * resolution) * resolution + Math.floor(x * resolution)) * 3;
  return [image[p]!, image[p + 1]!, image[p + 2]!];
}

describe('renderScene', () => {
  it('returns H×W×3 bytes at 32, 64 and 224', () => {
    for (const r of [32, 64, 224]) expect(renderScene(scene(0), r).length).toBe(r * r * 3);
  });

  it('gives identical bytes for the same scene whatever was rendered before or in between', () => {
    const scenes = Array.from({ length: 12 }, (_, i) => scene(i));
    const forwards = scenes.map((s) => renderScene(s, 32));
    const backwards = [...scenes]
      .reverse()
      .map((s) => renderScene(s, 32))
      .reverse();
    for (let i = 0; i < scenes.length; i++) expect(Buffer.from(backwards[i]!).equals(Buffer.from(forwards[i]!))).toBe(true);
    // Different scenes differ, so the comparison above is not vacuous.
    expect(Buffer.from(forwards[0]!).equals(Buffer.from(forwards[1]!))).toBe(false);
  });

  it("pins a scene's bytes so a change to the renderer is a deliberate one", () => {
    const image = renderScene(scene(3), 32);
    let hash = 2166136261;
    for (const byte of image) hash = Math.imul(hash ^ byte, 16777619) >>> 0;
    expect(hash).toMatchInlineSnapshot(`1859918799`);
  });

  it.each(WORLD.shapes.map((s) => s.id))('paints a large %s in its colour at its centre and the background in the corners', (shape) => {
    const s: ShapeScene = {
      shape,
      colour: 'red',
      size: 'large',
      position: 'centre',
      count: 1,
      background: 'white',
      rgb: [220, 40, 40],
      backgroundRgb: [245, 245, 245],
      objects: [{ x: 0.5, y: 0.5, radius: 0.3 }],
    };
    for (const r of [32, 64]) {
      const image = renderScene(s, r);
      expect(pixel(image, r, 0.5, 0.5)).toEqual([220, 40, 40]);
      for (const [x, y] of [
        [0, 0],
        [0.99, 0],
        [0, 0.99],
        [0.99, 0.99],
      ] as const)
        expect(pixel(image, r, x, y)).toEqual([245, 245, 245]);
    }
  });

  it('anti-aliases edges with intermediate values', () => {
    const s = { ...scene(0), shape: 'circle', objects: [{ x: 0.5, y: 0.5, radius: 0.3 }] };
    const image = renderScene(s, 32);
    const values = new Set<string>();
    for (let p = 0; p < image.length; p += 3) values.add(`${image[p]},${image[p + 1]},${image[p + 2]}`);
    expect(values.size).toBeGreaterThan(3);
  });

  it('follows sub-pixel moves (edges are sampled, not snapped to pixels)', () => {
    const s = scene(5);
    const moved = { ...s, objects: s.objects.map((o) => ({ ...o, x: o.x + 0.3 / 64 })) };
    expect(Buffer.from(renderScene(s, 64)).equals(Buffer.from(renderScene(moved, 64)))).toBe(false);
  });
});
