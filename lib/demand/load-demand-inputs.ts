import type { Pool } from 'pg';
import { loadOrganisationSettings } from '@/lib/organisations/load-settings';
import { isCategory, type Category } from '@/lib/registry/categories';
import { capacityPlaces } from './capacity-places';
import type { ForecastCell } from './demand';
import type { DemandInputs, ServiceBuilding } from './demand-report';
import { FORECAST_VARIANTS, type ForecastVariant } from './services';

// Reads what the demand report needs for one organisation: districts with their reference point, the buildings of
// every category that serves an age group with their places, and the forecast cells of areas matched to a district.

/** A district's reference point: its centroid, or a point on its surface when the centroid falls outside it. */
const REFERENCE_POINT = `CASE WHEN ST_Contains(d.geom, ST_Centroid(d.geom)) THEN ST_Centroid(d.geom) ELSE ST_PointOnSurface(d.geom) END`;

export async function loadDemandInputs(pool: Pool, organisationId: string, fromYear: number): Promise<DemandInputs> {
  const settings = await loadOrganisationSettings(pool, organisationId);
  const served = Object.keys(settings.demand.services).filter(isCategory);
  const [districts, buildings, cells] = await Promise.all([
    pool.query<{ id: string; name: string; lon: number; lat: number }>(
      `SELECT d.id, d.name, ST_X(${REFERENCE_POINT}) AS lon, ST_Y(${REFERENCE_POINT}) AS lat
         FROM district d WHERE d.organisation_id = $1 AND d.geom IS NOT NULL ORDER BY d.name`,
      [organisationId],
    ),
    pool.query<{ id: string; name: string; category: Category; district_id: string | null; capacity_places: number | null; capacity: number | null; gross_area_m2: number | null; lon: number | null; lat: number | null }>(
      `SELECT b.id, b.name, b.category, b.district_id, b.capacity_places, b.capacity, b.gross_area_m2, ST_X(b.point) AS lon, ST_Y(b.point) AS lat
         FROM building b
        WHERE b.organisation_id = $1 AND b.category = ANY($2::text[]) AND NOT COALESCE(b.use_code BETWEEN 910 AND 990, false)
        ORDER BY b.name, b.id`,
      [organisationId, served],
    ),
    pool.query<{ district_id: string; variant: ForecastVariant; year: number; age_from: number; age_to: number; persons: number; own: boolean; area_id: string }>(
      `SELECT fa.district_id, fa.id AS area_id, p.variant, p.year, p.age_from, p.age_to, p.persons, p.source = 'own_estimate' AS own
         FROM population_forecast p JOIN forecast_area fa ON fa.id = p.area_id
        WHERE fa.organisation_id = $1 AND fa.district_id IS NOT NULL AND p.year >= $2 AND p.year <= $3`,
      [organisationId, fromYear, settings.demand.horizonYear],
    ),
  ]);
  const serviceBuildings: ServiceBuilding[] = [];
  for (const b of buildings.rows) {
    const places = capacityPlaces({ capacityPlaces: b.capacity_places ?? b.capacity, grossAreaM2: b.gross_area_m2, m2PerPlaceNorm: settings.m2PerUserNorm[b.category] ?? null });
    if (!places) continue;
    serviceBuildings.push({ id: b.id, name: b.name, category: b.category, districtId: b.district_id, places: places.places, estimated: places.estimated, lon: b.lon, lat: b.lat });
  }
  return {
    districts: districts.rows,
    buildings: serviceBuildings,
    cells: cellsByVariant(cells.rows),
    settings: settings.demand,
    ownEstimate: cells.rows.some((r) => r.own),
    fromYear,
  };
}

/**
 * Cells per variant: an area's own figures of that variant, or its main figures where it has none (a consultancy
 * often delivers low/high for some areas only). A variant no area has is left out.
 */
export function cellsByVariant(rows: Array<{ district_id: string; area_id: string; variant: ForecastVariant; year: number; age_from: number; age_to: number; persons: number }>): Partial<Record<ForecastVariant, ForecastCell[]>> {
  const out: Partial<Record<ForecastVariant, ForecastCell[]>> = {};
  const areasWith = new Map<ForecastVariant, Set<string>>(FORECAST_VARIANTS.map((v) => [v, new Set(rows.filter((r) => r.variant === v).map((r) => r.area_id))]));
  for (const v of FORECAST_VARIANTS) {
    if (areasWith.get(v)!.size === 0) continue;
    out[v] = rows
      .filter((r) => r.variant === v || (r.variant === 'main' && !areasWith.get(v)!.has(r.area_id)))
      .map((r) => ({ areaId: r.district_id, year: r.year, ageFrom: r.age_from, ageTo: r.age_to, persons: r.persons }));
  }
  return out;
}
