import type { OptimiseOptions } from '@/lib/scenarios/optimise-model';
import { demandLimits } from './demand-limits';
import type { DemandInputs } from './demand-report';
import type { ForecastVariant } from './services';

// The optimiser's options with the future-demand rule of one forecast variant (or without it), places counted within
// the optimiser's maximum distance — the same reach a scenario's simulation checks coverage with.

export type DemandChoice = ForecastVariant | 'none';

/** Options carrying the demand limits of `variant`; unchanged limits (none) when there is no forecast for it. */
export function withDemandLimits(options: OptimiseOptions, inputs: DemandInputs, variant: DemandChoice): OptimiseOptions {
  if (variant === 'none') return { ...options, demandLimits: [] };
  return { ...options, demandLimits: demandLimits(inputs, variant, options.maxDistanceKm) };
}

/** The other variant a robustness price compares with: main ↔ high; null for low or none. */
export function robustnessCounterpart(variant: DemandChoice): ForecastVariant | null {
  return variant === 'main' ? 'high' : variant === 'high' ? 'main' : null;
}
