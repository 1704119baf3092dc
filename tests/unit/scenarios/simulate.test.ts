import { describe, expect, it } from 'vitest';
import { netAnnualBenefit, simulateScenario } from '@/lib/scenarios/simulate';
import { scenarioActionsSchema, scenarioParams, type ScenarioAction } from '@/lib/scenarios/types';
import { KM_PER_CENTIDEGREE, maelkeboetten, town } from './fixtures';

// Defaults: moving 2.500 kr/user, refurbish 3.000 kr/m², sale 8.000 kr/m², rent 600 kr/m²/yr, 110 kWh/m²/yr,
// 0,12 kg CO₂/kWh, backlog spread over 10 years, ceiling 85 %.
const params = scenarioParams();
const act = (a: unknown[]) => scenarioActionsSchema.parse(a) as ScenarioAction[];

describe('simulateScenario, one action type at a time', () => {
  it('closing an owned day-care sells it and saves its operating cost and a tenth of its backlog', () => {
    const o = simulateScenario(town, act([{ buildingId: 'A', action: 'close' }]), params);
    expect(o.areaRemovedM2).toBe(1000);
    expect(o.areaRemovedShare).toBeCloseTo(1000 / 7000, 10);
    // 500.000 operating + 200.000 / 10 backlog = 520.000 kr a year
    expect(o.annualSavingsDkk).toBe(520_000);
    expect(o.saleValueDkk).toBe(8_000_000); // 1.000 m² × 8.000 kr
    expect(o.costBreakdown.movingDkk).toBe(150_000); // 60 users × 2.500 kr
    expect(o.paybackYears).toBe(0); // the sale covers the move
    expect(o.co2AvoidedTPerYear).toBeCloseTo(12, 10); // 100.000 kWh × 0,12 kg / 1000
    expect(o.usersAffected).toBe(60);
    expect(o.warnings).toContainEqual({ code: 'users_without_receiver', buildingId: 'A', value: 60 });
    expect(o.confidence).toMatchObject({ min: 0.8, areaWeighted: 0.8 });
  });

  it('letting out a leased annex keeps the lease and the backlog, and earns rent', () => {
    const o = simulateScenario(town, act([{ buildingId: 'C', action: 'let_out' }]), params);
    // operating cost without the lease: 400.000 − 250.000 = 150.000 kr a year
    expect(o.savingsBreakdown).toEqual({ operatingDkk: 150_000, backlogDkk: 0, leaseDkk: 0 });
    expect(o.annualRentIncomeDkk).toBe(480_000); // 800 m² × 600 kr
    expect(o.saleValueDkk).toBe(0);
    expect(o.oneOffCostsDkk).toBe(100_000); // 40 × 2.500
    expect(o.paybackYears).toBeCloseTo(100_000 / 630_000, 10); // 0,159 years
    expect(o.co2AvoidedTPerYear).toBeCloseTo(9.6, 10); // 80.000 × 0,12 / 1000
  });

  it('merging a day-care into its neighbour refurbishes the receiver and raises its peak', () => {
    const o = simulateScenario(town, act([{ buildingId: 'A', action: 'merge', receivers: [{ buildingId: 'B', share: 1 }] }]), params);
    // refurbish: 60 users × (1.500 m² / 120 places = 12,5 m²) × 3.000 kr = 2.250.000 kr
    expect(o.costBreakdown).toEqual({ movingDkk: 150_000, refurbishDkk: 2_250_000 });
    // peak people moved: 0,5 × 80 = 40; B: 0,5 + 40/120 = 0,8333 ≤ 0,85
    expect(o.receivers).toHaveLength(1);
    expect(o.receivers[0].peakAfter).toBeCloseTo(0.5 + 40 / 120, 10);
    expect(o.receivers[0].overCeiling).toBe(false);
    expect(o.travel.meanAddedKm).toBeCloseTo(KM_PER_CENTIDEGREE, 6);
    expect(o.travel.userKm).toBeCloseTo(60 * KM_PER_CENTIDEGREE, 6);
    // confidence: A 0,8 on 1.000 m², B 0,6 on 1.500 m² → (800 + 900) / 2.500 = 0,68
    expect(o.confidence.min).toBe(0.6);
    expect(o.confidence.areaWeighted).toBeCloseTo(0.68, 10);
    expect(o.warnings.filter((w) => w.code === 'receiver_over_ceiling')).toEqual([]);
  });

  it('a merge into a busier receiver is flagged above the ceiling', () => {
    const busy = town.map((b) => (b.id === 'B' ? { ...maelkeboetten, peakUtilisation: 0.6 } : b));
    const o = simulateScenario(busy, act([{ buildingId: 'A', action: 'merge', receivers: [{ buildingId: 'B', share: 1 }] }]), params);
    // 0,6 + 40/120 = 0,9333 > 0,85
    expect(o.receivers[0].overCeiling).toBe(true);
    expect(o.warnings).toContainEqual({ code: 'receiver_over_ceiling', buildingId: 'B', value: expect.closeTo(0.9333, 3) });
  });

  it('sharing the town hall in the evening adds no peak and no refurbishing', () => {
    const o = simulateScenario(town, act([{ buildingId: 'E', action: 'share', receivers: [{ buildingId: 'D', share: 1 }] }]), params);
    expect(o.annualSavingsDkk).toBe(210_000); // 200.000 + 100.000 / 10
    expect(o.saleValueDkk).toBe(5_600_000); // 700 × 8.000
    expect(o.costBreakdown).toEqual({ movingDkk: 250_000, refurbishDkk: 0 });
    expect(o.co2AvoidedTPerYear).toBeCloseTo(9.24, 10); // no energy figure: 110 kWh × 700 m² × 0,12 / 1000
    expect(o.receivers[0]).toMatchObject({ buildingId: 'D', peakAfter: 0.5, usersIn: 100 });
    expect(o.warnings).toContainEqual({ code: 'low_confidence', buildingId: 'D', value: 0.4 });
  });
});

describe('simulateScenario, a combined scenario', () => {
  it('adds up a merge, a leased merge and a share', () => {
    const actions = act([
      { buildingId: 'A', action: 'merge', receivers: [{ buildingId: 'B', share: 1 }] },
      { buildingId: 'C', action: 'merge', receivers: [{ buildingId: 'D', share: 1 }] },
      { buildingId: 'E', action: 'share', receivers: [{ buildingId: 'D', share: 1 }] },
    ]);
    const o = simulateScenario(town, actions, params);
    expect(o.areaRemovedM2).toBe(2500); // 1.000 + 800 + 700
    expect(o.areaRemovedShare).toBeCloseTo(2500 / 7000, 10);
    // operating 500.000 + 150.000 + 200.000; backlog 20.000 + 5.000 + 10.000; lease 250.000
    expect(o.savingsBreakdown).toEqual({ operatingDkk: 850_000, backlogDkk: 35_000, leaseDkk: 250_000 });
    expect(o.annualSavingsDkk).toBe(1_135_000);
    // refurbish: A→B 2.250.000; C→D 40 × (3.000 / 300 = 10 m²) × 3.000 = 1.200.000
    expect(o.costBreakdown).toEqual({ movingDkk: 500_000, refurbishDkk: 3_450_000 });
    expect(o.saleValueDkk).toBe(13_600_000); // A and E are owned, C is leased
    expect(o.paybackYears).toBe(0);
    expect(o.co2AvoidedTPerYear).toBeCloseTo(30.84, 10); // 12 + 9,6 + 9,24
    expect(o.usersAffected).toBe(200);
    // user-km: 60 × 1 + 40 × 3 + 100 × 1 centidegrees = 280 × 1,111951 km; mean over 200 users
    expect(o.travel.userKm).toBeCloseTo(280 * KM_PER_CENTIDEGREE, 6);
    expect(o.travel.meanAddedKm).toBeCloseTo((280 / 200) * KM_PER_CENTIDEGREE, 6);
    expect(o.travel.maxAddedKm).toBeCloseTo(3 * KM_PER_CENTIDEGREE, 6);
    // D: 0,5 + (0,6 × 50 = 30 people from C) / 300 = 0,6; the share adds no peak; 140 users come in
    const d = o.receivers.find((r) => r.buildingId === 'D')!;
    expect(d.peakAfter).toBeCloseTo(0.6, 10);
    expect(d.usersIn).toBe(140);
    // confidence of A, B, C, D (E unknown): (0,8×1000 + 0,6×1500 + 0,9×800 + 0,4×3000) / 6.300
    expect(o.confidence.buildings.map((b) => b.buildingId)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(o.confidence.min).toBe(0.4);
    expect(o.confidence.areaWeighted).toBeCloseTo(3620 / 6300, 10);
    // net over 10 years: 1.135.000 − 3.950.000 / 10 = 740.000 kr a year;
    // counting the sale too: 1.135.000 − (3.950.000 − 13.600.000) / 10 = 2.100.000 kr a year
    expect(netAnnualBenefit(o, 10)).toBeCloseTo(740_000, 6);
    expect(netAnnualBenefit(o, 10, true)).toBeCloseTo(2_100_000, 6);
  });

  it('warns when a receiver is itself removed', () => {
    const o = simulateScenario(
      town,
      act([{ buildingId: 'A', action: 'merge', receivers: [{ buildingId: 'B', share: 1 }] }, { buildingId: 'B', action: 'close' }]),
      params,
    );
    expect(o.warnings).toContainEqual({ code: 'receiver_is_removed', buildingId: 'A', otherBuildingId: 'B' });
  });
});

describe('simulateScenario on a frozen (cached) portfolio', () => {
  it('gives the same outcome as on a plain copy, call after call', () => {
    const frozen = Object.freeze(town.map((b) => Object.freeze({ ...b })));
    const actions = act([
      { buildingId: 'A', action: 'merge', receivers: [{ buildingId: 'B', share: 1 }] },
      { buildingId: 'C', action: 'let_out' },
    ]);
    const plain = simulateScenario(town.map((b) => ({ ...b })), actions, params);
    expect(simulateScenario(frozen, actions, params)).toEqual(plain);
    expect(simulateScenario(frozen, actions, params)).toEqual(plain);
    expect(simulateScenario(frozen, act([{ buildingId: 'A', action: 'close' }]), params)).toEqual(simulateScenario(town, act([{ buildingId: 'A', action: 'close' }]), params));
  });

  it('indexes a portfolio that is not frozen afresh: a changed row counts', () => {
    const copy = town.map((b) => ({ ...b }));
    const before = simulateScenario(copy, act([{ buildingId: 'A', action: 'close' }]), params);
    copy[0] = { ...copy[0], grossAreaM2: copy[0].grossAreaM2 + 1000 };
    const after = simulateScenario(copy, act([{ buildingId: copy[0].id, action: 'close' }]), params);
    expect(after.portfolioAreaM2).toBe(before.portfolioAreaM2 + 1000);
  });
});

describe('scenario actions are validated', () => {
  it('rejects merge shares that do not sum to 1, a self-receiver and a building with two actions', () => {
    const bad = (a: unknown[]) => scenarioActionsSchema.safeParse(a).success;
    expect(bad([{ buildingId: 'A', action: 'merge', receivers: [{ buildingId: 'B', share: 0.5 }] }])).toBe(false);
    expect(bad([{ buildingId: 'A', action: 'merge', receivers: [{ buildingId: 'A', share: 1 }] }])).toBe(false);
    expect(bad([{ buildingId: 'A', action: 'merge', receivers: [] }])).toBe(false);
    expect(bad([{ buildingId: 'A', action: 'close' }, { buildingId: 'A', action: 'let_out' }])).toBe(false);
    expect(bad([{ buildingId: 'A', action: 'merge', receivers: [{ buildingId: 'B', share: 0.25 }, { buildingId: 'C', share: 0.75 }] }])).toBe(true);
  });
});
