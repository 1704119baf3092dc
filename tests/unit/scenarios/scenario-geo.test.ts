import { describe, expect, it } from 'vitest';
import { scenarioGeo, svgProjection } from '@/lib/scenarios/scenario-geo';
import { town } from './fixtures';

describe('scenarioGeo', () => {
  const actions = [
    { buildingId: 'A', action: 'merge' as const, receivers: [{ buildingId: 'B', share: 0.75 }, { buildingId: 'D', share: 0.25 }] },
    { buildingId: 'C', action: 'let_out' as const, receivers: [] },
    { buildingId: 'E', action: 'close' as const, receivers: [] },
  ];

  it('gives every placed building its role and draws one line per receiver', () => {
    const geo = scenarioGeo(town, actions);
    const role = Object.fromEntries(geo.buildings.features.map((f) => [f.properties.id, f.properties.role]));
    expect(role).toEqual({ A: 'removed', B: 'receiver', C: 'let_out', D: 'receiver', E: 'removed' });
    expect(geo.moves.features.map((f) => [f.properties.fromId, f.properties.toId, f.properties.share])).toEqual([['A', 'B', 0.75], ['A', 'D', 0.25]]);
    expect(geo.moves.features[0].geometry.coordinates).toEqual([[9, 56.0], [9, 56.01]]);
    expect(geo.counts).toEqual({ buildings: 5, removed: 2, letOut: 1, receivers: 2, moves: 2 });
  });

  it('leaves out buildings without a position, and moves to them', () => {
    const geo = scenarioGeo(town.map((b) => (b.id === 'D' ? { ...b, lon: null, lat: null } : b)), actions);
    expect(geo.buildings.features.map((f) => f.properties.id)).not.toContain('D');
    expect(geo.moves.features).toHaveLength(1);
  });

  it('bounds the involved buildings, at least about a kilometre around a single one', () => {
    // A..E span lat 56.00–56.05 on lon 9: wider than the minimum in latitude, the minimum in longitude.
    const [w, s, e, n] = scenarioGeo(town, actions).bounds!;
    expect([s, n]).toEqual([56.0, 56.05]);
    expect(e - w).toBeCloseTo(2 * 0.009 * 1.7, 10);
    const one = scenarioGeo(town, [{ buildingId: 'B', action: 'close', receivers: [] }]).bounds!;
    expect((one[1] + one[3]) / 2).toBeCloseTo(56.01, 10);
    expect(one[3] - one[1]).toBeCloseTo(0.018, 10);
    // Nothing involved: the whole portfolio.
    expect(scenarioGeo(town, []).bounds!.slice(1, 4).filter((_, i) => i !== 1)).toEqual([56.0, 56.05]);
  });
});

describe('svgProjection', () => {
  it('fits the bounds inside the padded box, north up, keeping the aspect ratio', () => {
    const project = svgProjection([9, 56, 9.1, 56.1], 400, 300, 20);
    const [x0, y0] = project([9, 56]);
    const [x1, y1] = project([9.1, 56.1]);
    // The taller side (0,1° lat in Mercator ≈ 1,79 × 0,1° lon at 56°) fills the 260 px of height.
    expect(y0 - y1).toBeCloseTo(260, 6);
    expect(y1).toBeCloseTo(20, 6);
    expect(x1 - x0).toBeCloseTo(260 / ((Math.log(Math.tan(Math.PI / 4 + (56.1 * Math.PI) / 360)) - Math.log(Math.tan(Math.PI / 4 + (56 * Math.PI) / 360))) / ((0.1 * Math.PI) / 180)), 3);
    expect((x0 + x1) / 2).toBeCloseTo(200, 6); // centred horizontally
  });
});
