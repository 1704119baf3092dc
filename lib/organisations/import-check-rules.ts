import type { ImportChecks } from './settings';

// The plausibility rules as the settings page lists them: the issue code an import reports, the setting that
// makes it an error, a warning or off, and the settings that tune it (docs/imports.md § Plausibility).

type Severity = { [K in keyof ImportChecks]: ImportChecks[K] extends 'error' | 'warning' | 'off' ? K : never }[keyof ImportChecks];
type Param = { [K in keyof ImportChecks]: ImportChecks[K] extends number ? K : never }[keyof ImportChecks];

export interface ImportCheckRule {
  /** The issue code in previews and reports (also the message key of the rule's name). */
  code: string;
  severity: Severity;
  params: Param[];
}

export const IMPORT_CHECK_RULES: readonly ImportCheckRule[] = [
  { code: 'sentinel_value', severity: 'sentinel', params: [] },
  { code: 'thousands_separator_in_count', severity: 'thousandsSeparatorInCount', params: [] },
  { code: 'non_integer_count', severity: 'nonIntegerCount', params: [] },
  { code: 'over_capacity', severity: 'overCapacity', params: ['overCapacityFactor'] },
  { code: 'impossible_jump', severity: 'jump', params: ['jumpFactor'] },
  { code: 'implausible_area_per_user', severity: 'areaPerUser', params: ['areaPerUserFactor'] },
  { code: 'implausible_cost_per_m2', severity: 'costPerM2', params: ['costPerM2Min', 'costPerM2Max'] },
];
