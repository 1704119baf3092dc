import { beforeAll, describe, expect, it } from 'vitest';
import { loadHighs, optimiseSync } from '@/lib/scenarios/optimise';
import { buildOptimisationModel, closuresObjective, LEGACY_RULES, optimiseOptions, type OptimiseOptions } from '@/lib/scenarios/optimise-model';
import { distanceKm, netAnnualBenefit, simulateScenario } from '@/lib/scenarios/simulate';
import { scenarioParams, type ScenarioAction, type ScenarioBuilding, type ScenarioParams } from '@/lib/scenarios/types';

// These tests check the model's mathematics against brute force and its classic constraints, under the rules before
// issue 20 (closures on registry data, receivers by measured peak only); tests/unit/scenarios/defensible.test.ts has the new ones.
const legacyOptions: typeof optimiseOptions = (params, partial = {}) => optimiseOptions(params, { ...LEGACY_RULES, ...partial });

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
    const options = legacyOptions(params, { targetMin: 0.1, targetMax: 0.3, maxDistanceKm: 3, mode, mipRelGap: 0 });
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
      const options = legacyOptions(params, { targetMin: 0.05, targetMax: 0.4, maxDistanceKm: 5 });
      const result = optimiseSync(highs, town, params, options);
      if (!result.greedy) continue;
      expect(result.plan!.objective).toBeGreaterThanOrEqual(result.greedy.objective - 1e-6);
      expect(result.gap).not.toBeNull();
      expect(result.gap!).toBeLessThanOrEqual(options.mipRelGap);
    }
  });

  it('the greedy plan is scored with the same objective as the model', () => {
    const town = smallTown(3);
    const options = legacyOptions(params, { targetMin: 0.05, targetMax: 0.4, maxDistanceKm: 5 });
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
    const result = optimiseSync(highs, far, params, legacyOptions(params, { targetMin: 0.08, targetMax: 0.12, maxDistanceKm: 3 }));
    expect(result.status).toBe('infeasible');
    expect(result.binding).toEqual(['distance']);
  });

  it('must-keep: the only building that could close is marked to stay', () => {
    const options = legacyOptions(params, { targetMin: 0.08, targetMax: 0.12, maxDistanceKm: 10, mustKeep: ['s'] });
    const result = optimiseSync(highs, far, params, options);
    expect(result.status).toBe('infeasible');
    expect(result.binding).toEqual(['mustKeep']);
  });

  it('target band: only closures of 10 % exist, the band stops at 8 %', () => {
    const options = legacyOptions(params, { targetMin: 0.05, targetMax: 0.08, maxDistanceKm: 10 });
    const result = optimiseSync(highs, far, params, options);
    expect(result.status).toBe('infeasible');
    expect(result.binding).toEqual(['targetBand']);
  });

  it('ceiling: a full receiver cannot take the day-care', () => {
    // Both measured buildings at 84 % of capacity: 1 % room (2 and 1,5 people) for 30 children.
    const full = far.map((b) => (b.id === 's' ? b : { ...b, peakUtilisation: 0.84 }));
    const options = legacyOptions(params, { targetMin: 0.08, targetMax: 0.12, maxDistanceKm: 10 });
    const result = optimiseSync(highs, full, params, options);
    expect(result.status).toBe('infeasible');
    expect(result.binding).toEqual(['ceiling']);
  });
});

/**
 * Brute force with fractional moves: six to eight buildings in two categories, several possible receivers each, so
 * users may be split. For every closure set within the area band, the best assignment is itself a small LP (move
 * shares y_ij ≥ 0, Σ_j y_ij = 1, Σ_i peak_i y_ij ≤ spare_j, cheapest refurbishing or fewest user-km), written here
 * from the raw building data — not from the optimiser's model — and solved with HiGHS; the resulting merges are then
 * simulated, and the best simulated net benefit over all sets must equal the MILP's optimum.
 */
function mixedTown(seed: number): ScenarioBuilding[] {
  const r = rng(seed);
  const n = 6 + Math.floor(r() * 3);
  return Array.from({ length: n }, (_, i) => {
    const area = Math.round(300 + r() * 1700);
    const capacity = Math.round(30 + r() * 90);
    return {
      id: `m${i}`,
      name: `Hus ${i}`,
      category: i % 2 === 0 ? 'daycare' : 'school',
      grossAreaM2: area,
      usersTotal: Math.round(capacity * (0.3 + 0.5 * r())),
      capacity,
      peakUtilisation: r() < 0.15 ? null : Math.round((0.2 + 0.5 * r()) * 100) / 100,
      annualOperatingCostDkk: Math.round(area * (300 + r() * 600)),
      backlogDkk: Math.round(r() * 400_000),
      tenure: r() < 0.25 ? 'leased' : 'owned',
      annualLeaseDkk: null,
      energyKwhPerYear: null,
      lon: 9 + r() * 0.06,
      lat: 56 + r() * 0.035,
      confidence: 0.7,
    } satisfies ScenarioBuilding;
  });
}

interface HighsOneShot {
  solve(lp: string): { Status: string; ObjectiveValue: number; Columns: Record<string, { Primal: number }> };
}

function bruteForceFractional(town: ScenarioBuilding[], params: ScenarioParams, options: OptimiseOptions): number | null {
  const solver = highs as HighsOneShot;
  const total = town.reduce((s, b) => s + b.grossAreaM2, 0);
  let best: number | null = null;
  for (let mask = 1; mask < 1 << town.length; mask++) {
    const closed = new Set(town.filter((_, i) => mask & (1 << i)).map((b) => b.id));
    const area = town.filter((b) => closed.has(b.id)).reduce((s, b) => s + b.grossAreaM2, 0);
    if (area < options.targetMin * total - 1e-6 || area > options.targetMax * total + 1e-6) continue;
    const open = town.filter((b) => !closed.has(b.id) && b.peakUtilisation !== null && b.capacity! > 0);
    const movers = town.filter((b) => closed.has(b.id) && b.usersTotal! > 0);
    const arcs = movers.flatMap((i) =>
      open
        .filter((j) => j.category === i.category && distanceKm(i, j)! <= options.maxDistanceKm)
        .map((j) => ({ i, j, name: `y_${i.id}_${j.id}` })),
    );
    if (movers.some((i) => !arcs.some((a) => a.i === i))) continue;
    const cost = (a: (typeof arcs)[number]) =>
      options.mode === 'savings'
        ? (a.i.usersTotal! * (a.j.grossAreaM2 / a.j.capacity!) * params.refurbishCostPerM2Dkk) / options.horizonYears
        : a.i.usersTotal! * distanceKm(a.i, a.j)!;
    const rows = [
      ...movers.map((i) => ` a_${i.id}: ${arcs.filter((a) => a.i === i).map((a) => a.name).join(' + ')} = 1`),
      ...open
        .filter((j) => arcs.some((a) => a.j === j))
        .map((j) => {
          const spare = (options.ceiling - j.peakUtilisation!) * j.capacity!;
          const terms = arcs.filter((a) => a.j === j).map((a) => `${a.i.peakUtilisation === null ? a.i.usersTotal : a.i.peakUtilisation * a.i.capacity!} ${a.name}`);
          return ` k_${j.id}: ${terms.join(' + ')} <= ${Math.max(0, spare)}`;
        }),
    ];
    let shares = new Map<string, number>();
    if (arcs.length > 0) {
      const lp = `Minimize\n obj: ${arcs.map((a) => `${cost(a)} ${a.name}`).join(' + ')}\nSubject To\n${rows.join('\n')}\nBounds\n${arcs.map((a) => ` 0 <= ${a.name} <= 1`).join('\n')}\nEnd\n`;
      const s = solver.solve(lp);
      if (s.Status !== 'Optimal') continue;
      shares = new Map(arcs.map((a) => [a.name, s.Columns[a.name].Primal]));
    }
    const actions: ScenarioAction[] = town
      .filter((b) => closed.has(b.id))
      .map((b) => {
        const receivers = arcs.filter((a) => a.i === b && shares.get(a.name)! > 1e-9).map((a) => ({ buildingId: a.j.id, share: shares.get(a.name)! }));
        return receivers.length > 0 ? { buildingId: b.id, action: 'merge', receivers } : { buildingId: b.id, action: 'close', receivers: [] };
      });
    const o = simulateScenario(town, actions, params);
    const value = options.mode === 'savings' ? netAnnualBenefit(o, options.horizonYears) : -o.travel.userKm;
    if (best === null || value > best) best = value;
  }
  return best === null ? null : options.mode === 'savings' ? best : -best;
}

describe('the consolidation MILP with split moves', () => {
  const params = scenarioParams();
  const cases = [21, 22, 23, 24, 25, 26].flatMap((seed) => (['savings', 'service'] as const).map((mode) => ({ seed, mode })));

  it.each(cases)('equals brute force over closure sets with an optimal assignment LP (seed $seed, $mode)', ({ seed, mode }) => {
    const town = mixedTown(seed);
    const options = legacyOptions(params, { targetMin: 0.1, targetMax: 0.35, maxDistanceKm: 3, mode, mipRelGap: 0 });
    const expected = bruteForceFractional(town, params, options);
    const result = optimiseSync(highs, town, params, options);
    if (expected === null) {
      expect(result.status).toBe('infeasible');
      return;
    }
    expect(result.status).toBe('optimal');
    expect(result.plan!.objective).toBeCloseTo(expected, 1);
    const o = simulateScenario(town, result.plan!.actions, params);
    expect(o.receivers.every((r) => !r.overCeiling)).toBe(true);
    expect(o.warnings.filter((w) => w.code === 'receiver_is_removed')).toEqual([]);
  });

  it('the instances do split users between receivers somewhere (else this block would test nothing new)', () => {
    const params0 = scenarioParams();
    const split = [21, 22, 23, 24, 25, 26].some((seed) => {
      const town = mixedTown(seed);
      const result = optimiseSync(highs, town, params0, legacyOptions(params0, { targetMin: 0.1, targetMax: 0.35, maxDistanceKm: 3, mode: 'service', mipRelGap: 0 }));
      return result.plan?.closures.some((c) => c.receivers.length > 1) ?? false;
    });
    expect(split).toBe(true);
  });
});

describe('options of the optimiser', () => {
  const params = scenarioParams();
  // A library 1,1 km from a school with plenty of room; culture may not move into schools unless allowed.
  const pair: ScenarioBuilding[] = [
    { id: 'lib', name: 'Bibliotek', category: 'culture', grossAreaM2: 600, usersTotal: 40, capacity: 60, peakUtilisation: 0.5,
      annualOperatingCostDkk: 400_000, backlogDkk: 0, tenure: 'owned', annualLeaseDkk: null, energyKwhPerYear: null, lon: 9, lat: 56, confidence: 0.8 },
    { id: 'sch', name: 'Skole', category: 'school', grossAreaM2: 5400, usersTotal: 300, capacity: 500, peakUtilisation: 0.5,
      annualOperatingCostDkk: 3_000_000, backlogDkk: 0, tenure: 'owned', annualLeaseDkk: null, energyKwhPerYear: null, lon: 9, lat: 56.01, confidence: 0.8 },
  ];
  // 6.000 m² in all: closing the library removes exactly 10 %.
  const band = { targetMin: 0.05, targetMax: 0.15, maxDistanceKm: 3 };

  it('compatibility: a library may move into a school only when the map allows it', () => {
    const blocked = optimiseSync(highs, pair, params, legacyOptions(params, band));
    expect(blocked.status).toBe('infeasible');
    expect(blocked.binding).toEqual(['compatibility']);
    const allowed = optimiseSync(highs, pair, params, legacyOptions(params, { ...band, compatibility: { culture: ['school'] } }));
    expect(allowed.status).toBe('optimal');
    expect(allowed.plan!.actions).toEqual([{ buildingId: 'lib', action: 'merge', receivers: [{ buildingId: 'sch', share: 1 }] }]);
  });

  it('a receiver without measured utilisation takes nobody, unless told to assume all its users are there at peak', () => {
    const unmeasured = pair.map((b) => (b.id === 'sch' ? { ...b, peakUtilisation: null } : b));
    const compatibility = { culture: ['school'] };
    const strict = optimiseSync(highs, unmeasured, params, legacyOptions(params, { ...band, compatibility }));
    expect(strict.status).toBe('infeasible');
    expect(strict.binding).toEqual(['ceiling']);
    // assumed peak 300 / 500 = 0,6: room for (0,85 − 0,6) × 500 = 125 people ≥ the library's 0,5 × 60 = 30
    const assumed = optimiseSync(highs, unmeasured, params, legacyOptions(params, { ...band, compatibility, unknownUtilisation: 'assume_users' }));
    expect(assumed.status).toBe('optimal');
    const tight = unmeasured.map((b) => (b.id === 'sch' ? { ...b, usersTotal: 420 } : b)); // 0,84: room for 5
    expect(optimiseSync(highs, tight, params, legacyOptions(params, { ...band, compatibility, unknownUtilisation: 'assume_users' })).status).toBe('infeasible');
  });

  it('service mode honours a savings floor, and names it when it cannot be met', () => {
    const compatibility = { culture: ['school'] };
    // Closing the library: 400.000 − 40 × 2.500 / 10 − 40 × (5.400 / 500 = 10,8 m²) × 3.000 / 10 = 260.400 kr a year.
    const ok = optimiseSync(highs, pair, params, legacyOptions(params, { ...band, compatibility, mode: 'service', savingsFloorDkk: 260_000 }));
    expect(ok.status).toBe('optimal');
    expect(ok.plan!.netSavingsDkk).toBeCloseTo(260_400, 3);
    const tooHigh = optimiseSync(highs, pair, params, legacyOptions(params, { ...band, compatibility, mode: 'service', savingsFloorDkk: 261_000 }));
    expect(tooHigh.status).toBe('infeasible');
    expect(tooHigh.binding).toEqual(['savingsFloor']);
  });

  it('counts the sale value only when asked, exactly as the simulation does', () => {
    const compatibility = { culture: ['school'] };
    const without = optimiseSync(highs, pair, params, legacyOptions(params, { ...band, compatibility }));
    const withSale = optimiseSync(highs, pair, params, legacyOptions(params, { ...band, compatibility, includeSaleValue: true }));
    const o = simulateScenario(pair, withSale.plan!.actions, params);
    expect(without.plan!.objective).toBeCloseTo(netAnnualBenefit(o, 10), 3);
    // + 600 m² × 8.000 kr / 10 years = 480.000 kr a year
    expect(withSale.plan!.objective - without.plan!.objective).toBeCloseTo(480_000, 3);
    expect(withSale.plan!.objective).toBeCloseTo(netAnnualBenefit(o, 10, true), 3);
  });

  it('reports its phases in order, with bounds in kroner', () => {
    const phases: string[] = [];
    let lastBound: number | null = null;
    const result = optimiseSync(highs, pair, params, legacyOptions(params, { ...band, compatibility: { culture: ['school'] } }), (p) => {
      if (phases[phases.length - 1] !== p.phase) phases.push(p.phase);
      if (p.phase === 'done') lastBound = p.dualBound;
    });
    expect(phases).toEqual(['building', 'solving', 'done']);
    expect(lastBound).toBeCloseTo(260_400, 0);
    expect(result.bound).toBeCloseTo(260_400, 0);
  });
});

describe('a generated 300-building municipality', () => {
  it('meets the band within every constraint and saves at least as much as greedy', async () => {
    const { syntheticPortfolio } = await import('@/lib/scenarios/synthetic-portfolio');
    const params = scenarioParams();
    const portfolio = syntheticPortfolio({ buildings: 300, seed: 7 });
    const mustKeep = portfolio.filter((b) => b.category === 'school').slice(0, 5).map((b) => b.id);
    const options = legacyOptions(params, { targetMin: 0.05, targetMax: 0.1, maxDistanceKm: 3, mustKeep });
    const result = optimiseSync(highs, portfolio, params, options);
    expect(['optimal', 'feasible']).toContain(result.status);
    expect(result.gap!).toBeLessThanOrEqual(0.01);
    expect(result.greedy).not.toBeNull();
    expect(result.plan!.netSavingsDkk).toBeGreaterThanOrEqual(result.greedy!.netSavingsDkk - 1e-6);
    const o = simulateScenario(portfolio, result.plan!.actions, params);
    expect(o.areaRemovedShare).toBeGreaterThanOrEqual(0.05 - 1e-9);
    expect(o.areaRemovedShare).toBeLessThanOrEqual(0.1 + 1e-9);
    expect(o.receivers.filter((r) => r.overCeiling)).toEqual([]);
    expect(o.travel.maxAddedKm!).toBeLessThanOrEqual(3);
    expect(o.warnings.filter((w) => w.code === 'receiver_is_removed' || w.code === 'receiver_utilisation_unknown')).toEqual([]);
    expect(result.plan!.actions.some((a) => mustKeep.includes(a.buildingId))).toBe(false);
    const byId = new Map(portfolio.map((b) => [b.id, b]));
    for (const a of result.plan!.actions) for (const r of a.receivers) expect(byId.get(r.buildingId)!.category).toBe(byId.get(a.buildingId)!.category);
    expect(netAnnualBenefit(o, 10)).toBeCloseTo(result.plan!.objective, 0);
  });
});
