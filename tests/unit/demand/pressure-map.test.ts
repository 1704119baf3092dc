import { describe, expect, it } from 'vitest';
import type { DemandInputs } from '@/lib/demand/demand-report';
import { pressureMap } from '@/lib/demand/pressure-map';
import { demandSettingsSchema } from '@/lib/demand/services';

// The map layer's statuses: one day-care of 50 places in Nord; Syd (10 km south) has none and no figures in 2027.
// Take-up 0.8: Nord needs 40, 48, 52 places in 2026–2028 (main) → short in 2028 only; in the high variant already in 2027.
const cell = (areaId: string, year: number, persons: number) => ({ areaId, year, ageFrom: 0, ageTo: 5, persons });
const inputs: DemandInputs = {
  districts: [{ id: 'n', name: 'Nord', lon: 9, lat: 56.09 }, { id: 's', name: 'Syd', lon: 9, lat: 56 }],
  buildings: [{ id: 'b', name: 'Børnehuset', category: 'daycare', districtId: 'n', places: 50, estimated: false, lon: 9, lat: 56.09 }],
  cells: {
    main: [cell('n', 2026, 50), cell('n', 2027, 60), cell('n', 2028, 65), cell('s', 2026, 0), cell('s', 2028, 0)],
    high: [cell('n', 2026, 50), cell('n', 2027, 65), cell('n', 2028, 70)],
  },
  settings: demandSettingsSchema.parse({ services: { daycare: { minAge: 0, maxAge: 5, takeUp: 0.8 } } }),
  ownEstimate: false,
  fromYear: 2026,
};

describe('capacity pressure for the map layer', () => {
  it('gives each district a status per year: within two years of capacity, then over', () => {
    const p = pressureMap(inputs, 3)!;
    expect(p.variant).toBe('main');
    expect(p.variants).toEqual(['main', 'high']);
    expect(p.years).toEqual([2026, 2027, 2028]);
    expect(p.services).toEqual([{ category: 'daycare', statuses: { n: ['warning', 'warning', 'over'], s: ['enough', null, 'enough'] } }]);
  });

  it('follows the chosen variant, and falls back to the default for one the organisation has no figures of', () => {
    expect(pressureMap(inputs, 3, 'high')!.services[0].statuses.n).toEqual(['warning', 'over', 'over']);
    expect(pressureMap(inputs, 3, 'low')!.variant).toBe('main');
  });

  it('is null without a forecast', () => {
    expect(pressureMap({ ...inputs, cells: {} }, 3)).toBeNull();
  });
});
