import type { DemoBuilding } from './portfolio';
import type { Random } from './random';

// Five years of operating costs per building and type, and a maintenance plan whose overdue, undone
// items form the backlog (vedligeholdelsesefterslæb).

export const COST_YEARS = [2021, 2022, 2023, 2024, 2025];

/** kr per m² per year in 2021 prices, [min, max], per cost type. */
const COST_PER_M2: Record<string, [number, number]> = {
  cleaning: [70, 150],
  energy: [80, 170],
  maintenance: [50, 160],
  caretaking: [25, 75],
  other: [8, 40],
};

export interface CostRow { buildingId: string; year: number; type: string; amountDkk: number }
export interface MaintenanceRow { buildingId: string; component: string; grade: number; costDkk: number; dueYear: number; done: boolean }

export function generateCosts(rnd: Random, b: DemoBuilding): CostRow[] {
  const rows: CostRow[] = [];
  const base = Object.fromEntries(Object.entries(COST_PER_M2).map(([type, [lo, hi]]) => [type, rnd.range(lo, hi)]));
  for (const year of COST_YEARS) {
    const inflation = Math.pow(1.03, year - 2021);
    for (const [type, perM2] of Object.entries(base)) {
      rows.push({ buildingId: b.id, year, type, amountDkk: Math.round(b.grossAreaM2 * perM2 * inflation * rnd.range(0.92, 1.08)) });
    }
    if (b.tenure === 'leased' && b.annualLeaseDkk) {
      rows.push({ buildingId: b.id, year, type: 'rent', amountDkk: Math.round(b.annualLeaseDkk * Math.pow(1.025, year - 2025)) });
    }
  }
  return rows;
}

const COMPONENTS: [string, number][] = [
  ['Tag', 900], ['Vinduer og døre', 700], ['Facade', 600], ['Ventilation', 800], ['Varmeanlæg', 500],
  ['El-installationer', 450], ['VVS', 400], ['Gulve', 350], ['Indvendige overflader', 250], ['Udearealer', 150],
];

/** A maintenance plan: components with condition grade 1 (good) – 4 (critical), cost and due year. */
export function generateMaintenance(rnd: Random, b: DemoBuilding): MaintenanceRow[] {
  const rows: MaintenanceRow[] = [];
  const age = 2026 - b.yearBuilt;
  const neglect = rnd.range(0, 1) * Math.min(1, age / 60);
  for (const [component, perM2] of COMPONENTS) {
    if (!rnd.chance(0.7)) continue;
    const grade = Math.min(4, Math.max(1, Math.round(1 + neglect * 3 + rnd.normal() * 0.6)));
    const costDkk = Math.round(b.grossAreaM2 * perM2 * (0.05 + grade * 0.06) * rnd.range(0.7, 1.3));
    const dueYear = grade >= 3 ? rnd.int(2019, 2027) : rnd.int(2026, 2035);
    const done = dueYear < 2025 && rnd.chance(0.45 - neglect * 0.3);
    rows.push({ buildingId: b.id, component, grade, costDkk, dueYear, done });
  }
  return rows;
}
