import { beforeAll, describe, expect, it } from 'vitest';
import { demandLimits } from '@/lib/demand/demand-limits';
import type { DemandInputs } from '@/lib/demand/demand-report';
import { withDemandLimits } from '@/lib/demand/optimiser-demand';
import { scenarioDemand } from '@/lib/demand/scenario-demand';
import { demandSettingsSchema } from '@/lib/demand/services';
import { loadHighs, optimiseSync } from '@/lib/scenarios/optimise';
import { optimiseOptions } from '@/lib/scenarios/optimise-model';
import { scenarioParams, type ScenarioBuilding } from '@/lib/scenarios/types';

// Three day-cares of 100 places each in one district (0.005° ≈ 0.56 km apart on a meridian), each used by 20 children:
// closing two of them would save most, and their children fit in the third. The forecast decides how many may go.
let highs: unknown;
beforeAll(async () => {
  highs = await loadHighs();
});

const daycare = (id: string, lat: number): ScenarioBuilding => ({
  id, name: `Børnehuset ${id}`, category: 'daycare', grossAreaM2: 700, usersTotal: 20, capacity: 100, peakUtilisation: 0.2,
  annualOperatingCostDkk: 700_000, backlogDkk: 0, tenure: 'owned', annualLeaseDkk: null, energyKwhPerYear: null, lon: 9, lat, confidence: 0.9, useCode: 441,
});
const portfolio = [daycare('A', 56.0), daycare('B', 56.005), daycare('C', 56.01)];

/** Under-6s in the district: 150 places needed in 2026 growing to `peak` places in 2035 (take-up 1 keeps the arithmetic plain). */
function inputs(peak: number, variant: 'main' | 'high' = 'main'): DemandInputs {
  const cells = [2026, 2030, 2035].map((year, i) => ({ areaId: 'd', year, ageFrom: 0, ageTo: 5, persons: [150, (150 + peak) / 2, peak][i] }));
  return {
    districts: [{ id: 'd', name: 'Midtbyen', lon: 9, lat: 56.005 }],
    buildings: portfolio.map((b) => ({ id: b.id, name: b.name, category: 'daycare', districtId: 'd', places: 100, estimated: false, lon: b.lon, lat: b.lat })),
    cells: { [variant]: cells },
    settings: demandSettingsSchema.parse({ services: { daycare: { minAge: 0, maxAge: 5, takeUp: 1 } }, horizonYear: 2040 }),
    ownEstimate: false,
    fromYear: 2026,
  };
}

const params = scenarioParams({ maxAddedTravelKm: 3 });
const base = optimiseOptions(params, { targetMin: 0.3, targetMax: 0.7, timeLimitSeconds: 10 });

/**
 * Two districts 4 km apart on a parallel (56°N; 1 km ≈ 0.016125° of longitude), reach 3 km, 150 children each (take-up
 * 1). Day-cares on the line, x in km from the west district's point: A (x = −0.5, west only, 100 places), C (x = 2, both,
 * 150), D (x = 5, east only, 100), F (x = 7.5, 3.5 km from the east's point: no district's, 100). A is the dearest to run.
 * Old rule (C counted for both): without A the west sees C = 150 ≥ 150 and the east C + D = 250 ≥ 150, and the
 * municipality 350 ≥ 300 — so closing A "kept demand covered". Shared: C's 150 places all go west, the east keeps D's
 * 100 for 150 children — 50 short. Only F may close.
 */
const KM = 0.016125;
function twoDistricts(): { town: ScenarioBuilding[]; demand: DemandInputs } {
  const at = (id: string, x: number, places: number, opex = 700_000): ScenarioBuilding => ({ ...daycare(id, 56), lon: 9 + x * KM, capacity: places, annualOperatingCostDkk: opex });
  const town = [at('A', -0.5, 100, 1_400_000), at('C', 2, 150), at('D', 5, 100), at('F', 7.5, 100)];
  return {
    town,
    demand: {
      districts: [{ id: 'w', name: 'Vest', lon: 9, lat: 56 }, { id: 'e', name: 'Øst', lon: 9 + 4 * KM, lat: 56 }],
      buildings: town.map((b) => ({ id: b.id, name: b.name, category: 'daycare', districtId: null, places: b.capacity!, estimated: false, lon: b.lon, lat: b.lat })),
      cells: { main: [{ areaId: 'w', year: 2030, ageFrom: 0, ageTo: 5, persons: 150 }, { areaId: 'e', year: 2030, ageFrom: 0, ageTo: 5, persons: 150 }] },
      settings: demandSettingsSchema.parse({ services: { daycare: { minAge: 0, maxAge: 5, takeUp: 1 } }, horizonYear: 2040 }),
      ownEstimate: false,
      fromYear: 2026,
    },
  };
}

describe('a building within reach of two districts serves them together, in the optimiser as in the simulation', () => {
  const close = (id: string) => [{ buildingId: id, action: 'close' as const, receivers: [] }];

  it('the simulation: closing A leaves the east 50 places short; closing F leaves everyone covered', () => {
    const { demand } = twoDistricts();
    expect(scenarioDemand(demand, close('A'), 3)!.variants[0].first).toMatchObject({ year: 2030, districtId: 'e', places: 50 });
    expect(scenarioDemand(demand, close('F'), 3)!.variants[0].first).toBeNull();
    expect(scenarioDemand(demand, [], 3)!.variants[0].first).toBeNull();
  });

  it('the optimiser closes the dearest day-care A without the forecast, and F with it — and greedy agrees', () => {
    const { town, demand } = twoDistricts();
    // One closure of four equal buildings is 25 % of the m².
    const options = optimiseOptions(params, { targetMin: 0.2, targetMax: 0.3, timeLimitSeconds: 10 });
    const free = optimiseSync(highs, town, params, withDemandLimits(options, demand, 'none'));
    expect(free.plan!.actions.map((a) => a.buildingId)).toEqual(['A']);
    const bound = optimiseSync(highs, town, params, withDemandLimits(options, demand, 'main'));
    expect(bound.status).toBe('optimal');
    expect(bound.plan!.actions.map((a) => a.buildingId)).toEqual(['F']);
    expect(bound.greedy!.actions.map((a) => a.buildingId)).toEqual(['F']);
    expect(scenarioDemand(demand, bound.plan!.actions, 3)!.variants[0].first).toBeNull();
  });
});

describe('the optimiser keeps forecast demand covered', () => {
  it('states the limit: the district must be given its largest need of the horizon from the places within reach', () => {
    const [limit] = demandLimits(inputs(190), 'main', 3);
    expect(limit.districts).toEqual([{ id: 'd', year: 2035, needPlaces: 190, requiredPlaces: 190 }]);
    expect(limit.buildings.map((b) => [b.id, b.places, b.districts])).toEqual([['A', 100, [0]], ['B', 100, [0]], ['C', 100, [0]]]);
  });

  it('without a forecast closes two of the three; with 190 places needed by 2035 only one', () => {
    const free = optimiseSync(highs, portfolio, params, base);
    expect(free.plan!.actions).toHaveLength(2);
    const bound = optimiseSync(highs, portfolio, params, withDemandLimits(base, inputs(190), 'main'));
    expect(bound.status).toBe('optimal');
    expect(bound.plan!.actions).toHaveLength(1);
    // The plan passes the simulation's own demand check, and greedy keeps the same rule.
    expect(scenarioDemand(inputs(190), bound.plan!.actions, 3)!.variants[0].first).toBeNull();
    expect(bound.greedy!.actions).toHaveLength(1);
    // The unconstrained plan fails it at once: 150 needed in 2026, 100 places left.
    expect(scenarioDemand(inputs(190), free.plan!.actions, 3)!.variants[0].first).toMatchObject({ year: 2026, places: 50 });
  });

  it('names future demand as the binding constraint when the high variant leaves nothing to close', () => {
    const r = optimiseSync(highs, portfolio, params, withDemandLimits(base, inputs(260, 'high'), 'high'));
    expect(r.status).toBe('infeasible');
    expect(r.binding).toContain('demand');
  });
});
