import { isAncillaryUseCode } from '@/lib/registry/categories';
import type { DemoBuilding } from './generate-portfolio';
import type { Random } from './random';

// Five years of operating costs per building and type, and a maintenance plan whose overdue, undone items form
// the backlog (vedligeholdelsesefterslæb). Neglected buildings get worse grades and fewer items done.

export const COST_YEARS = [2021, 2022, 2023, 2024, 2025] as const;

/** Price level relative to 2021 (roughly Danish CPI: +7.7 % in 2022, then +3.3, +1.4, +1.9 %). */
const PRICE_INDEX: Record<number, number> = { 2021: 1, 2022: 1.077, 2023: 1.113, 2024: 1.128, 2025: 1.15 };
/** Energy prices spiked in 2022–23. */
const ENERGY_INDEX: Record<number, number> = { 2021: 1, 2022: 1.45, 2023: 1.25, 2024: 1.08, 2025: 1.05 };

/** kr per m² per year in 2021 prices, [min, max], per cost type (energy comes from the building's kWh). */
const COST_PER_M2: Record<'cleaning' | 'maintenance' | 'caretaking' | 'other', [number, number]> = {
  cleaning: [75, 160],
  maintenance: [45, 150],
  caretaking: [25, 75],
  other: [8, 40],
};

export interface CostRow { buildingId: string; year: number; type: string; amountDkk: number }
export interface MaintenanceRow { buildingId: string; component: string; grade: number; costDkk: number; dueYear: number; done: boolean }

/** Annual operating cost per type (cleaning, energy, maintenance, rent for leased buildings, caretaking, other) for 2021–2025, DKK. */
export function generateCosts(rnd: Random, b: DemoBuilding): CostRow[] {
  const rows: CostRow[] = [];
  const ancillary = isAncillaryUseCode(b.useCode);
  const base = Object.entries(COST_PER_M2).map(([type, [lo, hi]]) => [type, rnd.range(lo, hi) * (ancillary ? 0.15 : 1)] as const);
  const kwhPrice = rnd.range(1.1, 1.5); // kr/kWh blended heat and power, 2021
  for (const year of COST_YEARS) {
    const index = PRICE_INDEX[year];
    for (const [type, perM2] of base) {
      // Maintenance spending swings from year to year; the rest is steady.
      const swing = type === 'maintenance' ? rnd.range(0.6, 1.5) : rnd.range(0.94, 1.06);
      rows.push({ buildingId: b.id, year, type, amountDkk: Math.round(b.grossAreaM2 * perM2 * index * swing) });
    }
    rows.push({ buildingId: b.id, year, type: 'energy', amountDkk: Math.round(b.energyKwhPerYear * kwhPrice * ENERGY_INDEX[year] * rnd.range(0.93, 1.07)) });
    if (b.tenure === 'leased' && b.annualLeaseDkk) {
      rows.push({ buildingId: b.id, year, type: 'rent', amountDkk: Math.round(b.annualLeaseDkk * Math.pow(1.025, year - 2025)) });
    }
  }
  return rows;
}

/** Components of a maintenance plan with their renewal cost at grade 4, kr per m² gross. */
const COMPONENTS: [string, number][] = [
  ['Tag', 900], ['Vinduer og døre', 700], ['Facade', 600], ['Ventilation', 800], ['Varmeanlæg', 500],
  ['El-installationer', 450], ['VVS', 400], ['Gulve', 350], ['Indvendige overflader', 250], ['Udearealer', 150],
];

/** A maintenance plan: components with condition grade 1 (good) – 4 (critical), cost in DKK, due year 2020–2035 and done flag. */
export function generateMaintenance(rnd: Random, b: DemoBuilding): MaintenanceRow[] {
  const rows: MaintenanceRow[] = [];
  const age = 2026 - b.yearBuilt;
  const wear = Math.min(1, age / 70);
  const ancillary = isAncillaryUseCode(b.useCode);
  for (const [component, perM2] of COMPONENTS) {
    if (!rnd.chance(ancillary ? 0.3 : 0.75)) continue;
    const grade = Math.min(4, Math.max(1, Math.round(1 + 1.6 * b.neglect + 1.2 * wear + rnd.normal() * 0.5)));
    const costDkk = Math.round(b.grossAreaM2 * perM2 * (0.04 + grade * 0.05) * rnd.range(0.7, 1.3) * (ancillary ? 0.3 : 1));
    const dueYear = grade >= 3 ? rnd.int(2020, 2027) : rnd.int(2025, 2035);
    // Past-due work was mostly done in well-kept buildings and mostly not in neglected ones.
    const done = dueYear <= 2025 && rnd.chance(0.8 - 0.7 * b.neglect);
    rows.push({ buildingId: b.id, component, grade, costDkk, dueYear, done });
  }
  return rows;
}
