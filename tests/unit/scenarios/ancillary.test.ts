import { beforeAll, describe, expect, it } from 'vitest';
import { loadHighs, optimiseSync } from '@/lib/scenarios/optimise';
import { buildOptimisationModel, LEGACY_RULES, optimiseOptions } from '@/lib/scenarios/optimise-model';
import { scenarioParams, type ScenarioBuilding } from '@/lib/scenarios/types';

// These tests check the model's mathematics against brute force and its classic constraints, under the rules before
// issue 20 (closures on registry data, receivers by measured peak only); tests/unit/scenarios/defensible.test.ts has the new ones.
const legacyOptions: typeof optimiseOptions = (params, partial = {}) => optimiseOptions(params, { ...LEGACY_RULES, ...partial });

// Ancillary buildings (BBR use codes 910–990: garages, sheds, carports) are never closure candidates nor receivers.
// Without that rule the 'service' mode closes an empty shed first: it removes m² and moves nobody.

let highs: unknown;
beforeAll(async () => {
  highs = await loadHighs();
});

const common = { tenure: 'owned' as const, annualLeaseDkk: null, energyKwhPerYear: null, lon: 9, backlogDkk: 0, confidence: 0.8 };
const library: ScenarioBuilding = { ...common, id: 'lib', name: 'Bibliotek', category: 'culture', grossAreaM2: 600, usersTotal: 40, capacity: 60,
  peakUtilisation: 0.5, annualOperatingCostDkk: 400_000, lat: 56, useCode: 410 };
const school: ScenarioBuilding = { ...common, id: 'sch', name: 'Skole', category: 'school', grossAreaM2: 5400, usersTotal: 300, capacity: 500,
  peakUtilisation: 0.5, annualOperatingCostDkk: 3_000_000, lat: 56.01, useCode: 421 };
/** An empty shed: 600 m², nobody uses it — closing it costs no user a kilometre. */
const shed: ScenarioBuilding = { ...common, id: 'shed', name: 'Skole, udhus', category: 'other', grossAreaM2: 600, usersTotal: 0, capacity: null,
  peakUtilisation: null, annualOperatingCostDkk: 15_000, lat: 56.005, useCode: 930 };
/** A garage with a capacity and room, 110 m from the library, in a category the library may move into. */
const garage: ScenarioBuilding = { ...common, id: 'gar', name: 'Bibliotek, garage', category: 'culture', grossAreaM2: 200, usersTotal: 0, capacity: 100,
  peakUtilisation: 0, annualOperatingCostDkk: 10_000, lat: 56.001, useCode: 920 };

// 6.800 m² in all; the band 5–15 % is 340–1.020 m²: the shed alone, the library alone, or the shed and the garage fit.
const portfolio = [library, school, shed, garage];
const params = scenarioParams();
const options = legacyOptions(params, { targetMin: 0.05, targetMax: 0.15, maxDistanceKm: 3, compatibility: { culture: ['school'] }, mode: 'service' });
const withoutCodes = portfolio.map((b) => ({ ...b, useCode: null }));

describe('ancillary buildings in the optimiser', () => {
  it('without use codes the service mode closes only the empty shed and garage (what the rule prevents)', () => {
    const result = optimiseSync(highs, withoutCodes, params, options);
    expect(result.status).toBe('optimal');
    const closed = result.plan!.actions.map((a) => a.buildingId).sort();
    expect(closed.every((id) => id === 'shed' || id === 'gar')).toBe(true);
    expect(result.plan!.userKm).toBe(0);
    expect(result.size.ancillaryExcluded).toBe(0);
  });

  it('leaves BBR 910–990 out of candidates and receivers, and counts them', () => {
    const model = buildOptimisationModel(portfolio, params, options);
    expect(model.candidates.map((c) => c.building.id).sort()).toEqual(['lib', 'sch']);
    expect([...model.spare.keys()].map((i) => portfolio[i].id).sort()).toEqual(['lib', 'sch']);
    expect(model.pairs.every((p) => portfolio[p.to].id !== 'gar')).toBe(true);
    expect(model.ancillaryExcluded).toBe(2);
    // The band is still a share of the whole portfolio, ancillary m² included (as the simulation reports it).
    expect(model.totalAreaM2).toBe(6800);
  });

  it('service mode then closes the library into the school, not into the nearer garage; greedy agrees', () => {
    const result = optimiseSync(highs, portfolio, params, options);
    expect(result.status).toBe('optimal');
    expect(result.plan!.actions).toEqual([{ buildingId: 'lib', action: 'merge', receivers: [{ buildingId: 'sch', share: 1 }] }]);
    expect(result.greedy!.actions.map((a) => a.buildingId)).toEqual(['lib']);
    expect(result.size).toMatchObject({ buildings: 4, candidates: 2, ancillaryExcluded: 2 });
  });

  it('use codes at the edges: 909 and 991 are ordinary buildings, 910 and 990 ancillary', () => {
    const edge = (id: string, useCode: number): ScenarioBuilding => ({ ...shed, id, useCode });
    const model = buildOptimisationModel([library, school, edge('a', 909), edge('b', 910), edge('c', 990), edge('d', 991)], params, options);
    expect(model.candidates.map((c) => c.building.id).sort()).toEqual(['a', 'd', 'lib', 'sch']);
    expect(model.ancillaryExcluded).toBe(2);
  });
});
