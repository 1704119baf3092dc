import { beforeAll, describe, expect, it } from 'vitest';
import { loadHighs, optimiseSync } from '@/lib/scenarios/optimise';
import { buildOptimisationModel, closuresObjective, optimiseOptions, type OptimiseOptions } from '@/lib/scenarios/optimise-model';
import { distanceKm, netAnnualBenefit, simulateScenario } from '@/lib/scenarios/simulate';
import { scenarioParams, type ScenarioAction, type ScenarioBuilding } from '@/lib/scenarios/types';

let highs: unknown;
beforeAll(async () => {
  highs = await loadHighs();
});

/** Deterministic pseudo-random numbers (mulberry32) so every instance is reproducible. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Eight buildings in two categories. In each category one building has a measured peak (the only possible
 * receiver); the others have none, so the assignment is trivial and brute force can enumerate every closure set.
 */
function smallTown(seed: number): ScenarioBuilding[] {
  const r = rng(seed);
  return Array.from({ length: 8 }, (_, i) => {
    const category = i < 4 ? 'daycare' : 'administration';
    const receiver = i % 4 === 0;
    const area = Math.round(400 + r() * 1600);
    const users = Math.round(20 + r() * 80);
    return {
      id: `b${i}`,
      name: `Bygning ${i}`,
      category,
      grossAreaM2: area,
      usersTotal: users,
      capacity: receiver ? Math.round(users * (1.5 + r())) : Math.round(users * 1.2),
      peakUtilisation: receiver ? 0.3 + r() * 0.3 : null,
      annualOperatingCostDkk: Math.round(area * (300 + r() * 500)),
      backlogDkk: Math.round(r() * 500_000),
      tenure: r() < 0.3 ? 'leased' : 'owned',
      annualLeaseDkk: null,
      energyKwhPerYear: null,
      lon: 9 + r() * 0.05,
      lat: 56 + r() * 0.03,
      confidence: 0.5 + r() * 0.5,
    } satisfies ScenarioBuilding;
  });
}

/** Enumerates all 2⁸ closure sets, simulating each, and returns the best objective over the feasible ones. */
function bruteForce(town: ScenarioBuilding[], options: OptimiseOptions): number | null {
  const params = scenarioParams({ peakUtilisationCeiling: options.ceiling });
  const total = town.reduce((s, b) => s + b.grossAreaM2, 0);
  let best: number | null = null;
  for (let mask = 1; mask < 1 << town.length; mask++) {
    const closed = town.filter((_, i) => mask & (1 << i));
    const actions: ScenarioAction[] = [];
    let feasible = true;
    for (const b of closed) {
      const receiver = town.find((r) => r.category === b.category && r.peakUtilisation !== null)!;
      const km = distanceKm(b, receiver)!;
      if (receiver === b || closed.includes(receiver) || km > options.maxDistanceKm) feasible = false;
      actions.push({ buildingId: b.id, action: 'merge', receivers: [{ buildingId: receiver.id, share: 1 }] });
    }
    if (!feasible) continue;
    const o = simulateScenario(town, actions, params);
    if (o.areaRemovedM2 < options.targetMin * total - 1e-6 || o.areaRemovedM2 > options.targetMax * total + 1e-6) continue;
    if (o.receivers.some((r) => r.overCeiling)) continue;
    const value = options.mode === 'savings' ? netAnnualBenefit(o, options.horizonYears) : -o.travel.userKm;
    if (best === null || value > best) best = value;
  }
  return best === null ? null : options.mode === 'savings' ? best : -best;
}

describe('the consolidation MILP', () => {
  const params = scenarioParams();
  const cases = [1, 2, 3, 4, 5, 6].flatMap((seed) =>
    (['savings', 'service'] as const).map((mode) => ({ seed, mode })),
  );

  it.each(cases)('equals brute-force enumeration on a small town (seed $seed, $mode)', ({ seed, mode }) => {
    const town = smallTown(seed);
    const options = optimiseOptions(params, { targetMin: 0.1, targetMax: 0.3, maxDistanceKm: 3, mode, mipRelGap: 0 });
    const expected = bruteForce(town, options);
    const result = optimiseSync(highs, town, scenarioParams({ peakUtilisationCeiling: options.ceiling }), options);
    if (expected === null) {
      expect(result.status).toBe('infeasible');
      return;
    }
    expect(result.plan!.closures.length).toBeGreaterThan(0);
    expect(result.status).toBe('optimal');
    expect(result.plan!.objective).toBeCloseTo(expected, 2);
    // The plan, simulated, earns what the model says it earns.
    if (mode === 'savings') {
      const o = simulateScenario(town, result.plan!.actions, params);
      expect(netAnnualBenefit(o, options.horizonYears)).toBeCloseTo(result.plan!.objective, 2);
      expect(o.receivers.every((r) => !r.overCeiling)).toBe(true);
    }
  });

  it('saves at least as much as the greedy baseline, and reports a proven gap', () => {
    for (const seed of [11, 12, 13, 14]) {
      const town = smallTown(seed);
      const options = optimiseOptions(params, { targetMin: 0.05, targetMax: 0.4, maxDistanceKm: 5 });
      const result = optimiseSync(highs, town, params, options);
      if (!result.greedy) continue;
      expect(result.plan!.objective).toBeGreaterThanOrEqual(result.greedy.objective - 1e-6);
      expect(result.gap).not.toBeNull();
      expect(result.gap!).toBeLessThanOrEqual(options.mipRelGap);
    }
  });

  it('the greedy plan is scored with the same objective as the model', () => {
    const town = smallTown(3);
    const options = optimiseOptions(params, { targetMin: 0.05, targetMax: 0.4, maxDistanceKm: 5 });
    const result = optimiseSync(highs, town, params, options);
    const model = buildOptimisationModel(town, params, options);
    expect(result.greedy).not.toBeNull();
    expect(closuresObjective(model, result.greedy!.closures)).toBeCloseTo(result.greedy!.objective, 6);
  });
});

describe('an unreachable target names the binding constraint', () => {
  const params = scenarioParams();
  // Two day-cares 0,05° of latitude apart (≈ 5,6 km); the receiver has plenty of room.
  const far: ScenarioBuilding[] = [
    { id: 'r', name: 'Modtager', category: 'daycare', grossAreaM2: 2000, usersTotal: 50, capacity: 200, peakUtilisation: 0.3,
      annualOperatingCostDkk: 800_000, backlogDkk: 0, tenure: 'owned', annualLeaseDkk: null, energyKwhPerYear: null, lon: 9, lat: 56, confidence: 0.9 },
    { id: 's', name: 'Lille børnehus', category: 'daycare', grossAreaM2: 500, usersTotal: 30, capacity: 40, peakUtilisation: null,
      annualOperatingCostDkk: 300_000, backlogDkk: 100_000, tenure: 'owned', annualLeaseDkk: null, energyKwhPerYear: null, lon: 9, lat: 56.05, confidence: 0.7 },
    { id: 'o', name: 'Rådhus', category: 'administration', grossAreaM2: 2500, usersTotal: 100, capacity: 150, peakUtilisation: 0.5,
      annualOperatingCostDkk: 1_000_000, backlogDkk: 0, tenure: 'owned', annualLeaseDkk: null, energyKwhPerYear: null, lon: 9, lat: 56.001, confidence: 0.9 },
  ];
  // 5.000 m² in all; closing the small day-care removes 10 %.

  it('distance: the only receiver is 5,6 km away with a 3 km limit', () => {
    const result = optimiseSync(highs, far, params, optimiseOptions(params, { targetMin: 0.08, targetMax: 0.12, maxDistanceKm: 3 }));
    expect(result.status).toBe('infeasible');
    expect(result.binding).toEqual(['distance']);
  });

  it('must-keep: the only building that could close is marked to stay', () => {
    const options = optimiseOptions(params, { targetMin: 0.08, targetMax: 0.12, maxDistanceKm: 10, mustKeep: ['s'] });
    const result = optimiseSync(highs, far, params, options);
    expect(result.status).toBe('infeasible');
    expect(result.binding).toEqual(['mustKeep']);
  });

  it('target band: only closures of 10 % exist, the band stops at 8 %', () => {
    const options = optimiseOptions(params, { targetMin: 0.05, targetMax: 0.08, maxDistanceKm: 10 });
    const result = optimiseSync(highs, far, params, options);
    expect(result.status).toBe('infeasible');
    expect(result.binding).toEqual(['targetBand']);
  });

  it('ceiling: a full receiver cannot take the day-care', () => {
    // Both measured buildings at 84 % of capacity: 1 % room (2 and 1,5 people) for 30 children.
    const full = far.map((b) => (b.id === 's' ? b : { ...b, peakUtilisation: 0.84 }));
    const options = optimiseOptions(params, { targetMin: 0.08, targetMax: 0.12, maxDistanceKm: 10 });
    const result = optimiseSync(highs, full, params, options);
    expect(result.status).toBe('infeasible');
    expect(result.binding).toEqual(['ceiling']);
  });
});
