import type { PressureStatus } from './coverage';
import { demandReport, type DemandInputs } from './demand-report';
import type { ForecastVariant } from './services';

// The building panel's line on future demand: the pressure on the building's service in its district, this year, and
// the district's first shortfall year, in the organisation's default variant.

export interface DistrictPressure {
  districtName: string;
  category: string;
  variant: ForecastVariant;
  year: number;
  status: PressureStatus;
  /** Places needed and within reach this year, persons (rounded). */
  demand: number;
  places: number;
  firstShortfall: { year: number; places: number } | null;
  ownEstimate: boolean;
}

/** The pressure for a building's service in its district, or null when the building serves no age group or no forecast covers its district. */
export function districtPressure(inputs: DemandInputs, buildingId: string, reachKm: number): DistrictPressure | null {
  const building = inputs.buildings.find((b) => b.id === buildingId);
  if (!building?.districtId) return null;
  const variant = inputs.cells[inputs.settings.defaultVariant] ? inputs.settings.defaultVariant : (['main', 'high', 'low'] as const).find((v) => inputs.cells[v]);
  if (!variant) return null;
  const service = demandReport(inputs, variant, reachKm).services.find((s) => s.category === building.category);
  const rows = service?.report.districts.filter((r) => r.districtId === building.districtId) ?? [];
  if (rows.length === 0) return null;
  const now = rows[0];
  const short = rows.find((r) => r.shortfall > 0);
  return {
    districtName: inputs.districts.find((d) => d.id === building.districtId)?.name ?? '',
    category: building.category,
    variant,
    year: now.year,
    status: now.status,
    demand: Math.round(now.demand),
    places: Math.round(now.placesWithinReach),
    firstShortfall: short ? { year: short.year, places: Math.ceil(short.shortfall - 1e-9) } : null,
    ownEstimate: inputs.ownEstimate,
  };
}
