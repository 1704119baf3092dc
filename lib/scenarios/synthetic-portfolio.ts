import type { ScenarioBuilding } from './types';

// Generated municipal portfolios for the optimiser's benchmark and tests: buildings clustered around town centres
// (a Danish municipality is a main town and villages), categories in realistic proportions, sizes, users, peaks and
// costs drawn per category. Pure and deterministic for a seed.

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface CategoryProfile {
  category: string;
  weight: number;
  /** Gross m² range. */
  area: [number, number];
  /** m² per place. */
  m2PerPlace: number;
}

const PROFILES: CategoryProfile[] = [
  { category: 'daycare', weight: 0.3, area: [300, 1400], m2PerPlace: 8 },
  { category: 'school', weight: 0.15, area: [1500, 9000], m2PerPlace: 12 },
  { category: 'administration', weight: 0.12, area: [400, 5000], m2PerPlace: 20 },
  { category: 'elderly', weight: 0.13, area: [1200, 6000], m2PerPlace: 55 },
  { category: 'culture', weight: 0.12, area: [200, 2500], m2PerPlace: 10 },
  { category: 'sport', weight: 0.13, area: [150, 3500], m2PerPlace: 15 },
  { category: 'health', weight: 0.05, area: [300, 2000], m2PerPlace: 25 },
];

export interface SyntheticOptions {
  buildings: number;
  seed?: number;
  /** Number of towns; default one per 40 buildings, at least 3. */
  towns?: number;
  /** Share of buildings without measured peak utilisation. */
  unknownPeakShare?: number;
}

/** A generated portfolio of `buildings` buildings around (9,0° E, 56,1° N), towns up to ~30 km apart. */
export function syntheticPortfolio(options: SyntheticOptions): ScenarioBuilding[] {
  const r = seededRandom(options.seed ?? 1);
  const towns = options.towns ?? Math.max(3, Math.round(options.buildings / 40));
  const unknownPeak = options.unknownPeakShare ?? 0.1;
  const centres = Array.from({ length: towns }, (_, t) => ({
    lon: 9 + (r() - 0.5) * 0.5,
    lat: 56.1 + (r() - 0.5) * 0.3,
    // The first town is the main town: several times the buildings of a village.
    weight: t === 0 ? 6 : 0.5 + r(),
    spreadKm: t === 0 ? 3 : 0.8 + r(),
  }));
  const totalWeight = centres.reduce((s, c) => s + c.weight, 0);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const pick = <T extends { weight: number }>(items: T[], total: number) => {
    let x = r() * total;
    for (const item of items) if ((x -= item.weight) <= 0) return item;
    return items[items.length - 1];
  };
  const profileWeight = PROFILES.reduce((s, p) => s + p.weight, 0);
  return Array.from({ length: options.buildings }, (_, i) => {
    const town = pick(centres, totalWeight);
    const p = pick(PROFILES, profileWeight);
    const area = Math.round(p.area[0] + (p.area[1] - p.area[0]) * r() ** 1.5);
    const capacity = Math.max(5, Math.round((area / p.m2PerPlace) * (0.8 + 0.4 * r())));
    const usersTotal = Math.round(capacity * (0.4 + 0.6 * r()));
    const leased = r() < 0.12;
    const costPerM2 = 450 + 700 * r();
    const annualLeaseDkk = leased ? Math.round(area * (700 + 500 * r())) : null;
    const kmLat = 1 / 111.2;
    const kmLon = kmLat / Math.cos((town.lat * Math.PI) / 180);
    return {
      id: `g${i}`,
      name: `${p.category} ${i}`,
      category: p.category,
      grossAreaM2: area,
      usersTotal,
      capacity,
      peakUtilisation: r() < unknownPeak ? null : Math.round((0.2 + 0.7 * r() ** 1.3) * 1000) / 1000,
      annualOperatingCostDkk: Math.round(area * costPerM2 + (annualLeaseDkk ?? 0)),
      backlogDkk: Math.round(area * 1500 * r() ** 2),
      tenure: leased ? 'leased' : 'owned',
      annualLeaseDkk,
      energyKwhPerYear: r() < 0.3 ? null : Math.round(area * (80 + 80 * r())),
      lon: town.lon + gauss() * town.spreadKm * kmLon,
      lat: town.lat + gauss() * town.spreadKm * kmLat,
      confidence: Math.round((0.3 + 0.7 * r()) * 100) / 100,
    } satisfies ScenarioBuilding;
  });
}
