import { describe, expect, it } from 'vitest';
import { shapeIcon, shapePoints, shapeVertices } from '@/lib/map/map-style';
import { CATEGORY_COLOURS, CATEGORY_SHAPES } from '@/lib/map/palette';
import { CATEGORIES } from '@/lib/registry/categories';

describe('category shapes (categories never by colour alone)', () => {
  it('gives every category its own shape', () => {
    const shapes = CATEGORIES.map((c) => CATEGORY_SHAPES[c]);
    expect(shapes.every(Boolean)).toBe(true);
    expect(new Set(shapes).size).toBe(CATEGORIES.length);
  });

  it('draws the category colour inside a dark outline on transparent', () => {
    for (const c of CATEGORIES) {
      const icon = shapeIcon(CATEGORY_SHAPES[c], CATEGORY_COLOURS[c], 32);
      expect(icon.data.length).toBe(32 * 32 * 4);
      const px = (x: number, y: number) => Array.from(icon.data.slice((y * 32 + x) * 4, (y * 32 + x) * 4 + 4));
      const hex = CATEGORY_COLOURS[c];
      expect(px(16, 17), c).toEqual([parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16), 255]);
      expect(px(0, 0)[3], `${c}: corner transparent`).toBe(0);
      // Somewhere between centre and edge along the middle row there is outline.
      const row = Array.from({ length: 32 }, (_, x) => px(x, 17));
      expect(row.some((p) => p[0] === 0x1b && p[1] === 0x1f && p[2] === 0x24 && p[3] === 255), c).toBe(true);
    }
  });

  it('gives the legend the same outline as SVG points in a 0..20 box', () => {
    expect(shapePoints('square')).toBe('2.00,2.00 18.00,2.00 18.00,18.00 2.00,18.00');
    expect(shapeVertices('star')).toHaveLength(10);
    for (const s of Object.values(CATEGORY_SHAPES)) {
      for (const [x, y] of shapeVertices(s)) expect(Math.max(Math.abs(x), Math.abs(y))).toBeLessThanOrEqual(1);
    }
  });
});
