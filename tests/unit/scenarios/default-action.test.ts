import { describe, expect, it } from 'vitest';
import { defaultAction, withDefaultActions } from '@/lib/scenarios/default-action';
import { scenarioParams, type ScenarioBuilding } from '@/lib/scenarios/types';
import { maelkeboetten, solsikken, town } from './fixtures';

// Fixture arithmetic (ceiling 85 %): Solsikken (A) peaks at 0,5 × 80 = 40 people; Mælkebøtten (B), 1,11 km north,
// has (0,85 − 0,5) × 120 = 42 spare places. Rådhusannekset (C) peaks at 0,6 × 50 = 30; Rådhuset (D) has
// (0,85 − 0,5) × 300 = 105 spare but lies 3 × 1,11 = 3,34 km away. Kulturhuset (E) is the only culture building.
const params = scenarioParams();

/** A small day-care next to Mælkebøtten: 10 users, peak 0,5 × 10 = 5 people. */
const lille: ScenarioBuilding = { ...solsikken, id: 'F', name: 'Lille Ø', usersTotal: 10, capacity: 10, grossAreaM2: 200, lat: 56.011 };

describe('defaultAction', () => {
  it('merges into the nearest same-category building with room for the peak', () => {
    expect(defaultAction(town, [], 'A', params)).toEqual({ buildingId: 'A', action: 'merge', receivers: [{ buildingId: 'B', share: 1 }] });
  });

  it('closes when the only candidate lacks room (B needs 0,5 × 120 = 60 places, A has 28)', () => {
    expect(defaultAction(town, [], 'B', params)).toEqual({ buildingId: 'B', action: 'close', receivers: [] });
  });

  it('respects the scenario ceiling: at 80 % Mælkebøtten has 36 places, too few for 40', () => {
    expect(defaultAction(town, [], 'A', scenarioParams({ peakUtilisationCeiling: 0.8 })).action).toBe('close');
  });

  it('respects the longest allowed move: Rådhuset is 3,34 km away', () => {
    expect(defaultAction(town, [], 'C', params).action).toBe('close');
    expect(defaultAction(town, [], 'C', scenarioParams({ maxAddedTravelKm: 4 }))).toMatchObject({ action: 'merge', receivers: [{ buildingId: 'D', share: 1 }] });
  });

  it('closes a building with no compatible receiver, and one without users', () => {
    expect(defaultAction(town, [], 'E', params).action).toBe('close');
    expect(defaultAction([...town, { ...lille, usersTotal: 0 }], [], 'F', params).action).toBe('close');
  });

  it('does not pick a receiver whose utilisation is unknown', () => {
    const unmeasured = town.map((b) => (b.id === 'B' ? { ...maelkeboetten, peakUtilisation: null } : b));
    expect(defaultAction(unmeasured, [], 'A', params).action).toBe('close');
  });

  it('counts what the scenario already moves into a receiver, and never picks a building the scenario removes', () => {
    const withF = [...town, lille];
    const aIntoB = { buildingId: 'A', action: 'merge' as const, receivers: [{ buildingId: 'B', share: 1 }] };
    // 42 − 40 = 2 places left in B: F (5 people) does not fit; A is itself removed.
    expect(defaultAction(withF, [aIntoB], 'F', params).action).toBe('close');
    // With B closed by the scenario, A has nowhere to go.
    expect(defaultAction(withF, [{ buildingId: 'B', action: 'close', receivers: [] }], 'A', params).action).toBe('close');
  });
});

describe('withDefaultActions', () => {
  it('adds picks in order, each seeing the earlier ones', () => {
    const withF = [...town, lille];
    const first = withDefaultActions(withF, [], ['F', 'A'], params);
    // F takes 5 of B's 42 places; A (40) no longer fits.
    expect(first.added).toEqual([
      { buildingId: 'F', action: 'merge', receivers: [{ buildingId: 'B', share: 1 }] },
      { buildingId: 'A', action: 'close', receivers: [] },
    ]);
    const second = withDefaultActions(withF, [], ['A', 'F'], params);
    expect(second.added.map((a) => a.action)).toEqual(['merge', 'close']);
  });

  it('never merges one pick into another, skips repeats, unknown ids and buildings already in the scenario', () => {
    const existing = [{ buildingId: 'E', action: 'let_out' as const, receivers: [] }];
    const r = withDefaultActions(town, existing, ['A', 'B', 'A', 'E', 'nope'], params);
    expect(r.added).toEqual([
      { buildingId: 'A', action: 'close', receivers: [] },
      { buildingId: 'B', action: 'close', receivers: [] },
    ]);
    expect(r.actions).toEqual([...existing, ...r.added]);
  });
});
