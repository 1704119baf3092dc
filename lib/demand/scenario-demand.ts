import type { ScenarioAction } from '@/lib/scenarios/types';
import { availableVariants, demandReport, type DemandInputs, type NamedShortfall } from './demand-report';
import type { ForecastVariant } from './services';

// Whether a scenario's remaining buildings still cover forecast demand, per variant: every action takes its building out
// of municipal use (docs/scenarios.md), so its places go; places count within the scenario's maximum travel distance.

export interface ScenarioDemandVariant {
  variant: ForecastVariant;
  /** First shortfall with the scenario's actions; null = covered up to the horizon. */
  first: NamedShortfall | null;
  /** First shortfall of today's portfolio (no actions), to tell the scenario's own effect from an existing gap. */
  statusQuoFirst: NamedShortfall | null;
}

export interface ScenarioDemand {
  fromYear: number;
  horizonYear: number;
  reachKm: number;
  ownEstimate: boolean;
  variants: ScenarioDemandVariant[];
}

/** The scenario's demand check for every variant the forecast has; null when there is no forecast. */
export function scenarioDemand(inputs: DemandInputs, actions: readonly ScenarioAction[], reachKm: number): ScenarioDemand | null {
  const variants = availableVariants(inputs);
  if (variants.length === 0) return null;
  const removed = new Set(actions.map((a) => a.buildingId));
  return {
    fromYear: inputs.fromYear,
    horizonYear: inputs.settings.horizonYear,
    reachKm,
    ownEstimate: inputs.ownEstimate,
    variants: variants.map((variant) => ({
      variant,
      first: demandReport(inputs, variant, reachKm, removed).first,
      statusQuoFirst: demandReport(inputs, variant, reachKm).first,
    })),
  };
}
