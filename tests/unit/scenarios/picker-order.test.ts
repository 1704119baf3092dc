import { describe, expect, it } from 'vitest';
import { pickerMatches } from '@/lib/scenarios/picker-order';
import type { ScenarioBuilding } from '@/lib/scenarios/types';

const b = (id: string, name: string, combinedScore: number | null, useCode = 441): ScenarioBuilding => ({
  id, name, category: 'daycare', grossAreaM2: 500, usersTotal: 40, capacity: 50, peakUtilisation: null, annualOperatingCostDkk: null,
  backlogDkk: 0, tenure: 'owned', annualLeaseDkk: null, energyKwhPerYear: null, lon: 9, lat: 56, confidence: null, useCode, combinedScore,
});

describe('the builder\'s building picker', () => {
  const all = [b('1', 'Børnehuset Mælkebøtten', 70), b('2', 'Garage ved Børnehuset', null, 910), b('3', 'Børnehuset Solsikken', 20), b('4', 'Rådhuset', 55), b('5', 'Børnehuset Ny', null)];

  it('finds by name, case-insensitively, weakest first, unscored next, garages and sheds last', () => {
    expect(pickerMatches(all, 'børnehuset', () => 'Dagtilbud').map((x) => x.id)).toEqual(['3', '1', '5', '2']);
  });

  it('finds by category label, and lists everything for an empty query', () => {
    expect(pickerMatches(all, 'dagtil', () => 'Dagtilbud')).toHaveLength(5);
    expect(pickerMatches(all, '  ', () => 'x').map((x) => x.id)).toEqual(['3', '4', '1', '5', '2']);
    expect(pickerMatches(all, 'skole', () => 'Dagtilbud')).toEqual([]);
  });
});
