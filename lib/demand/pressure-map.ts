import type { PressureStatus } from './coverage';
import { availableVariants, demandReport, type DemandInputs } from './demand-report';
import type { ForecastVariant } from './services';

// The map layer "capacity pressure in year Y" (the main /map): per service, district and year from the current year to
// the horizon, the status the /demand page shows (over capacity / within two years of it / enough), computed by the same
// demand report. Plain data, small: services × districts × years statuses, no figures beyond what the legend needs.

export interface PressureMap {
  variant: ForecastVariant;
  variants: ForecastVariant[];
  reachKm: number;
  /** Every year from the current year to the horizon that has figures, ascending. */
  years: number[];
  /** True when any figure is Areal's own estimate (labelled as such on the map). */
  ownEstimate: boolean;
  services: Array<{
    category: string;
    /** District id → status per year of `years` (null = no figures for that district and year). */
    statuses: Record<string, Array<PressureStatus | null>>;
  }>;
}

/** The statuses per service, district and year in one variant (the organisation's default where it has figures). */
export function pressureMap(inputs: DemandInputs, reachKm: number, wanted?: ForecastVariant): PressureMap | null {
  const variants = availableVariants(inputs);
  const variant = wanted && variants.includes(wanted) ? wanted : variants.includes(inputs.settings.defaultVariant) ? inputs.settings.defaultVariant : variants[0];
  if (!variant) return null;
  const report = demandReport(inputs, variant, reachKm);
  const years = [...new Set(report.services.flatMap((s) => s.report.districts.map((r) => r.year)))].sort((a, b) => a - b);
  const index = new Map(years.map((y, i) => [y, i]));
  const services = report.services.map((s) => {
    const statuses: Record<string, Array<PressureStatus | null>> = {};
    for (const r of s.report.districts) {
      const row = (statuses[r.districtId] ??= years.map(() => null));
      row[index.get(r.year)!] = r.status;
    }
    return { category: s.category, statuses };
  });
  return { variant, variants, reachKm, years, ownEstimate: inputs.ownEstimate, services };
}
