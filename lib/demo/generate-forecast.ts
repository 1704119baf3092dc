import { centerOfMass } from '@turf/turf';
import { facilitiesWithinReach, type CoverageDistrict, type CoverageFacility } from '@/lib/demand/coverage';
import { DEFAULT_SERVICES, type ForecastVariant } from '@/lib/demand/services';
import type { DemoOrganisation } from './generate-portfolio';

// The demo municipality's population forecast, 2026–2040, low/main/high (labelled demo data): the town centre grows,
// the villages shrink — the picture of many Danish municipalities. It is calibrated on the generated buildings so that
// every district has room for its children today, the centre's day-care and school demand comes close to the places
// left for it within reach by 2040 (main: 97 %, high: 99 %), and so a merger that removes about a tenth of those places
// looks fine today and runs short some years ahead (docs/demand.md § Demo). Places are shared (a place serves one
// child): the places left for the centre are those within reach of it less what the neighbouring villages need of
// them in the high variant's 2040 beyond their places out of the centre's reach.

export const DEMO_FORECAST_FIRST_YEAR = 2026;
export const DEMO_FORECAST_LAST_YEAR = 2040;
/** Reach (km) the calibration counts places within: the scenarios' default maximum added travel. */
const REACH_KM = 3;
const YEARS = DEMO_FORECAST_LAST_YEAR - DEMO_FORECAST_FIRST_YEAR;

/** Demand ÷ places today and yearly growth of the child population per variant, by district. */
interface Trend { today: number; growth: Record<ForecastVariant, number> }
const centre = (today: number, main2040: number, high2040: number, low2040: number): Trend => ({
  today,
  growth: { main: (main2040 / today) ** (1 / YEARS) - 1, high: (high2040 / today) ** (1 / YEARS) - 1, low: (low2040 / today) ** (1 / YEARS) - 1 },
});
const village = (today: number, main: number): Trend => ({ today, growth: { main, high: main + 0.006, low: main - 0.008 } });

const TRENDS: Record<string, Trend> = {
  Centrum: centre(0.85, 0.97, 0.99, 0.88),
  Gullestrup: village(0.72, 0.004),
  Tjørring: village(0.72, 0),
  Lind: village(0.7, -0.01),
  Sunds: village(0.7, -0.015),
  Hammerum: village(0.7, -0.008),
  Gjellerup: village(0.68, -0.015),
  Snejbjerg: village(0.7, -0.005),
};
const DEFAULT_TREND = village(0.7, 0);

/** Share of the whole population in each band besides the children (0–16 ≈ 19 %), Danish orders of magnitude. */
const ADULT_BANDS: Array<[from: number, to: number, share: number]> = [[17, 24, 0.1], [25, 44, 0.25], [45, 64, 0.26], [65, 79, 0.15], [80, 120, 0.05]];
const CHILD_SHARE = 0.19;

export interface DemoForecastRow {
  area: string;
  variant: ForecastVariant;
  year: number;
  ageFrom: number;
  ageTo: number;
  persons: number;
}

/** The reference point of a district the coverage check measures reach from (its centre of mass). */
export function districtReference(d: DemoOrganisation['districts'][number]): CoverageDistrict {
  const [lon, lat] = centerOfMass(d.geometry).geometry.coordinates;
  return { id: d.name, name: d.name, lon, lat };
}

/** Forecast rows (single years 0–16, bands above) for every district of the demo organisation. */
export function generateDemoForecast(org: DemoOrganisation): DemoForecastRow[] {
  const refs = org.districts.map(districtReference);
  const daycare = DEFAULT_SERVICES.daycare!;
  const school = DEFAULT_SERVICES.school!;
  const placesOf = (category: 'daycare' | 'school', takeUp: number) => {
    const facilities: (CoverageFacility & { district: string })[] = org.buildings
      .filter((b) => b.category === category && b.capacity)
      .map((b) => ({ id: b.registryId, places: b.capacity!, lon: b.point.lon, lat: b.point.lat, district: b.districtName }));
    const reach = facilitiesWithinReach(refs, facilities, REACH_KM);
    const own = (district: string) => facilities.filter((f) => f.district === district).reduce((s, f) => s + f.places, 0);
    const inCentre = new Set((reach.get('Centrum') ?? []).map((f) => f.id));
    // What each village needs of the centre's places at its highest (high variant, 2040): its need beyond the places
    // within its reach that the centre cannot reach.
    const villagesTake = org.districts
      .filter((d) => d.name !== 'Centrum')
      .reduce((sum, d) => {
        const trend = TRENDS[d.name] ?? DEFAULT_TREND;
        const need2040 = ((trend.today * own(d.name)) / takeUp) * (1 + trend.growth.high) ** YEARS * takeUp;
        const apart = (reach.get(d.name) ?? []).filter((f) => !inCentre.has(f.id)).reduce((s, f) => s + f.places, 0);
        return sum + Math.max(0, need2040 - apart);
      }, 0);
    return (district: string, centreOfTown: boolean) =>
      centreOfTown ? (reach.get(district) ?? []).reduce((s, f) => s + f.places, 0) - villagesTake : own(district);
  };
  const daycarePlaces = placesOf('daycare', daycare.takeUp);
  const schoolPlaces = placesOf('school', school.takeUp);
  const rows: DemoForecastRow[] = [];
  for (const d of org.districts) {
    const trend = TRENDS[d.name] ?? DEFAULT_TREND;
    // The centre is calibrated on everything within reach of it; a village on its own places, so that the districts'
    // demand added up stays below the municipality's places.
    const isCentre = d.name === 'Centrum';
    const under6Today = (trend.today * daycarePlaces(d.name, isCentre)) / daycare.takeUp;
    const schoolAgeToday = (trend.today * schoolPlaces(d.name, isCentre)) / school.takeUp;
    for (const variant of ['low', 'main', 'high'] as const) {
      for (let year = DEMO_FORECAST_FIRST_YEAR; year <= DEMO_FORECAST_LAST_YEAR; year++) {
        const factor = (1 + trend.growth[variant]) ** (year - DEMO_FORECAST_FIRST_YEAR);
        const under6 = under6Today * factor;
        const schoolAge = schoolAgeToday * factor;
        for (let age = 0; age <= 5; age++) rows.push({ area: d.name, variant, year, ageFrom: age, ageTo: age, persons: round1(under6 / 6) });
        for (let age = 6; age <= 16; age++) rows.push({ area: d.name, variant, year, ageFrom: age, ageTo: age, persons: round1(schoolAge / 11) });
        const total = (under6 + schoolAge) / CHILD_SHARE;
        for (const [from, to, share] of ADULT_BANDS) rows.push({ area: d.name, variant, year, ageFrom: from, ageTo: to, persons: Math.round(total * share) });
      }
    }
  }
  return rows;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
