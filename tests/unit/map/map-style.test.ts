// The map's style, evaluated with MapLibre's own expression engine (@maplibre/maplibre-gl-style-spec, shipped
// with maplibre-gl): what colour a building gets, and which buildings and clusters a filter keeps.
import { createExpression, featureFilter, type StylePropertySpecification } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { clusterRadius, colourExpression, hatchPattern, layerFilter, noDataFilter, strokeExpression } from '@/lib/map/map-style';
import { CATEGORY_COLOURS, NO_DATA_COLOUR, NO_DATA_OUTLINE, SCORE_STEPS } from '@/lib/map/palette';
import { parseViewFilter, type ViewFilter } from '@/lib/map/view-filter';

type Props = Record<string, string | number>;
const feature = (properties: Props) => ({ type: 1 as const, properties, geometry: [] });

function evaluate(expr: unknown, properties: Props, spec: StylePropertySpecification): unknown {
  const parsed = createExpression(expr, 'layers[0].paint.x', spec);
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  return parsed.value.evaluate({ zoom: 14 }, feature(properties));
}
const colourOf = (expr: unknown, p: Props) => {
  const c = evaluate(expr, p, { type: 'color', 'property-type': 'data-driven', expression: { interpolated: false, parameters: ['zoom', 'feature'] } } as StylePropertySpecification) as { toString(): string };
  return c.toString();
};
const hex = (h: string) => {
  const n = parseInt(h.slice(1), 16);
  return `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},1)`;
};
const keeps = (f: ViewFilter, clusters: boolean, p: Props) => featureFilter(layerFilter(f, clusters), 'layers[0].filter').filter({ zoom: 14 }, feature(p));
const filter = (q: Record<string, string>) => parseViewFilter(q);

describe('colours', () => {
  it('draws a building without the chosen score in the no-data grey, never in the weak colour', () => {
    const expr = colourExpression('util');
    expect(colourOf(expr, { combined: 10 })).toBe(hex(NO_DATA_COLOUR));
    expect(colourOf(expr, { util: 0 })).toBe(hex(SCORE_STEPS[0].colour));
    expect(hex(NO_DATA_COLOUR)).not.toBe(hex(SCORE_STEPS[0].colour));
  });

  it('steps through viridis from weak to strong', () => {
    const expr = colourExpression('combined');
    expect(SCORE_STEPS.map((s) => colourOf(expr, { combined: s.from + 5 }))).toEqual(SCORE_STEPS.map((s) => hex(s.colour)));
    expect(colourOf(expr, { combined: 100 })).toBe(hex(SCORE_STEPS[SCORE_STEPS.length - 1].colour));
  });

  it('colours by category, with mixed clusters in their own grey', () => {
    const expr = colourExpression('category');
    expect(colourOf(expr, { category: 'daycare' })).toBe(hex(CATEGORY_COLOURS.daycare));
    expect(colourOf(expr, { category: 'mixed' })).toBe(hex(CATEGORY_COLOURS.mixed));
  });

  it('outlines no-data points darkly, scored points in white', () => {
    expect(colourOf(strokeExpression('cost'), { util: 50 })).toBe(hex(NO_DATA_OUTLINE));
    expect(colourOf(strokeExpression('cost'), { cost: 50 })).toBe(hex('#ffffff'));
  });
});

describe('filters', () => {
  const school = { id: 'a', category: 'school', district: 'Centrum', combined: 35, util: 20, conf: 80, n: 1 };

  it('keeps everything by default', () => {
    expect(keeps(filter({}), false, school)).toBe(true);
    expect(keeps(filter({}), false, { id: 'b', category: 'other', n: 1 })).toBe(true);
  });

  it('filters buildings by category, district, confidence and the chosen score range', () => {
    expect(keeps(filter({ category: 'school' }), false, school)).toBe(true);
    expect(keeps(filter({ category: 'daycare' }), false, school)).toBe(false);
    expect(keeps(filter({ district: 'Gullestrup' }), false, school)).toBe(false);
    expect(keeps(filter({ minConf: '90' }), false, school)).toBe(false);
    expect(keeps(filter({ min: '30', max: '40' }), false, school)).toBe(true); // combined 35
    expect(keeps(filter({ colour: 'util', min: '30', max: '40' }), false, school)).toBe(false); // util 20
    expect(keeps(filter({ min: '30' }), false, { ...school, combined: undefined as unknown as number })).toBe(false);
  });

  it('keeps a cluster when it holds a building of the chosen category, and sizes it by that count', () => {
    const cell = { category: 'mixed', n: 12, n_school: 3, n_daycare: 9, combined: 50, conf: 40 };
    expect(keeps(filter({ category: 'school' }), true, cell)).toBe(true);
    expect(keeps(filter({ category: 'sport' }), true, cell)).toBe(false);
    expect(keeps(filter({ district: 'Gullestrup' }), true, cell)).toBe(true); // districts are not known per cell
    const radius = (f: ViewFilter) => evaluate(clusterRadius(f), cell, { type: 'number', 'property-type': 'data-driven', expression: { interpolated: true, parameters: ['zoom', 'feature'] } } as StylePropertySpecification) as number;
    expect(radius(filter({ category: 'school' }))).toBeLessThan(radius(filter({})));
  });

  it('hatches only the footprints that lack the chosen score', () => {
    const f = filter({ colour: 'cond' });
    const hatched = (p: Props) => featureFilter(noDataFilter(f), 'layers[0].filter').filter({ zoom: 15 }, feature(p));
    expect(hatched({ category: 'school', conf: 0 })).toBe(true);
    expect(hatched({ category: 'school', cond: 10, conf: 0 })).toBe(false);
  });
});

describe('the no-data hatch pattern', () => {
  it('is a square RGBA image with diagonal lines that repeat seamlessly', () => {
    const p = hatchPattern(8);
    expect(p.data.length).toBe(8 * 8 * 4);
    const on = (x: number, y: number) => p.data[(y * 8 + x) * 4 + 3] > 0;
    expect(on(0, 0)).toBe(true);
    expect(on(7, 1)).toBe(true); // wraps to the next tile's line
    expect(on(4, 0)).toBe(false);
    const share = Array.from({ length: 64 }, (_, i) => on(i % 8, Math.floor(i / 8))).filter(Boolean).length / 64;
    expect(share).toBeCloseTo(0.25, 2);
  });
});
