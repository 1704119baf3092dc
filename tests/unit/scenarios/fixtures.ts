import type { ScenarioBuilding } from '@/lib/scenarios/types';

// A five-building municipality on one meridian (lon 9°), so distances are 0.01° of latitude apart:
// 0.01° × π/180 × 6371.0088 km (Turf's earth radius) = 1.111951 km.
export const KM_PER_CENTIDEGREE = ((0.01 * Math.PI) / 180) * 6371.0088;

const base = { tenure: 'owned' as const, annualLeaseDkk: null, lon: 9 };

export const solsikken: ScenarioBuilding = {
  ...base, id: 'A', name: 'Børnehuset Solsikken', category: 'daycare', grossAreaM2: 1000, usersTotal: 60, capacity: 80,
  peakUtilisation: 0.5, annualOperatingCostDkk: 500_000, backlogDkk: 200_000, energyKwhPerYear: 100_000, lat: 56.0, confidence: 0.8,
};
export const maelkeboetten: ScenarioBuilding = {
  ...base, id: 'B', name: 'Børnehuset Mælkebøtten', category: 'daycare', grossAreaM2: 1500, usersTotal: 80, capacity: 120,
  peakUtilisation: 0.5, annualOperatingCostDkk: 600_000, backlogDkk: 0, energyKwhPerYear: null, lat: 56.01, confidence: 0.6,
};
/** Leased: its 400.000 kr operating cost includes the 250.000 kr lease. */
export const annekset: ScenarioBuilding = {
  ...base, id: 'C', name: 'Rådhusannekset', category: 'administration', grossAreaM2: 800, usersTotal: 40, capacity: 50,
  peakUtilisation: 0.6, annualOperatingCostDkk: 400_000, backlogDkk: 50_000, energyKwhPerYear: 80_000, lat: 56.02, confidence: 0.9,
  tenure: 'leased', annualLeaseDkk: 250_000,
};
export const raadhuset: ScenarioBuilding = {
  ...base, id: 'D', name: 'Rådhuset', category: 'administration', grossAreaM2: 3000, usersTotal: 200, capacity: 300,
  peakUtilisation: 0.5, annualOperatingCostDkk: 1_500_000, backlogDkk: 0, energyKwhPerYear: 300_000, lat: 56.05, confidence: 0.4,
};
export const kulturhuset: ScenarioBuilding = {
  ...base, id: 'E', name: 'Kulturhuset', category: 'culture', grossAreaM2: 700, usersTotal: 100, capacity: null,
  peakUtilisation: null, annualOperatingCostDkk: 200_000, backlogDkk: 100_000, energyKwhPerYear: null, lat: 56.04, confidence: null,
};

/** 7.000 m² in all. */
export const town: ScenarioBuilding[] = [solsikken, maelkeboetten, annekset, raadhuset, kulturhuset];
