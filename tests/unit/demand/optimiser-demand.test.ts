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

describe('the optimiser keeps forecast demand covered', () => {
  it('states the limit: places within reach − the largest demand of any year (+ half a place of rounding)', () => {
    const limits = demandLimits(inputs(190), 'main', 3);
    expect(limits.map((l) => [l.districtId, l.year, l.maxRemovablePlaces])).toEqual([['d', 2035, 110.5], [null, 2035, 110.5]]);
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
