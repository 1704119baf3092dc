import { z } from 'zod';
import { READINGS_DEFAULT_MAX_FUTURE_HOURS } from '@/lib/config/limits';
import { DEFAULT_TIME_ZONE, isTimeZone } from '@/lib/config/time-zone';
import { demandSettingsSchema } from '@/lib/demand/services';
import { CATEGORIES, type Category } from '@/lib/registry/categories';
import { optimiserDefaultsSchema } from '@/lib/scenarios/optimiser-defaults';

// Per-organisation defaults: norms, score weights and scenario assumptions. Stored in organisation.settings
// (jsonb); anything missing falls back to these defaults, so old rows stay valid as fields are added.

const perCategory = (defaults: Record<Category, number | null>) =>
  z.object(Object.fromEntries(CATEGORIES.map((c) => [c, z.number().positive().nullable().default(defaults[c])])) as Record<
    Category,
    z.ZodDefault<z.ZodNullable<z.ZodNumber>>
  >);

/** Gross m² per user considered normal for each category (null = no norm). */
export const DEFAULT_M2_PER_USER: Record<Category, number | null> = {
  administration: 18, // per workstation incl. shared space
  daycare: 7, // ~6–7 m² gross per child over 3
  school: 9,
  elderly: 60,
  culture: null,
  sport: null,
  health: 25,
  letting: null,
  other: null,
};

export const scoreWeightsSchema = z.object({
  utilisation: z.number().min(0).max(1).default(0.5),
  cost: z.number().min(0).max(1).default(0.3),
  condition: z.number().min(0).max(1).default(0.2),
});

export const scenarioDefaultsSchema = z.object({
  movingCostPerUserDkk: z.number().min(0).default(2_500),
  refurbishCostPerM2Dkk: z.number().min(0).default(3_000),
  salePricePerM2Dkk: z.number().min(0).default(8_000),
  rentIncomePerM2Dkk: z.number().min(0).default(600),
  energyKwhPerM2Year: z.number().min(0).default(110),
  emissionKgCo2PerKwh: z.number().min(0).default(0.12),
  /** Share of an avoided maintenance backlog counted as a saving per year, spread over this many years. */
  backlogSpreadYears: z.number().int().min(1).default(10),
  peakUtilisationCeiling: z.number().min(0.1).max(1.5).default(0.85),
  maxAddedTravelKm: z.number().min(0).default(3),
});

// The optimiser's defaults and their organisation overrides live with the optimiser (one place).
export { optimiserDefaultsSchema, type OptimiserDefaults } from '@/lib/scenarios/optimiser-defaults';

/**
 * The plausibility window of occupancy readings (lib/occupancy/readings-window.ts): the first accepted day and how
 * many hours ahead of now a reading may lie. Values beyond the hard bounds of lib/config/limits.ts are clamped there.
 */
export const readingsWindowSettingsSchema = z.object({
  earliest: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).default('2000-01-01'),
  maxFutureHours: z.number().min(0).default(READINGS_DEFAULT_MAX_FUTURE_HOURS),
});

const checkSeverity = z.enum(['error', 'warning', 'off']);

/**
 * The plausibility checks every import runs on each row (lib/imports/plausibility.ts), per organisation: each an
 * error (the row, and by default the file, is rejected), a warning (the row lands, the user is told) or off.
 * The defaults are documented in docs/imports.md § Plausibility.
 */
export const importChecksSchema = z.object({
  /** Codes sensor portals write for "no reading"; a count equal to one is not a count. */
  sentinelValues: z.array(z.number()).default([9999, 99999, -1, -99, -999, -9999]),
  sentinel: checkSeverity.default('error'),
  /** `1.204` people in a decimal-comma file: a thousands separator in a count (or a typo). */
  thousandsSeparatorInCount: checkSeverity.default('error'),
  nonIntegerCount: checkSeverity.default('warning'),
  /** A count above the room's (else the building's) capacity × overCapacityFactor. */
  overCapacity: checkSeverity.default('warning'),
  overCapacityFactor: z.number().min(1).default(1.5),
  /** A count changing by more than jumpFactor × capacity from one reading of the sensor to the next. */
  jump: checkSeverity.default('warning'),
  jumpFactor: z.number().positive().default(1),
  /** Registry: gross m² per user outside [norm ÷ factor, norm × factor] of the category's norm. */
  areaPerUser: checkSeverity.default('warning'),
  areaPerUserFactor: z.number().min(1).default(4),
  /** Costs: one cost line's kr per m² of the building a year outside [min, max]. */
  costPerM2: checkSeverity.default('warning'),
  costPerM2Min: z.number().min(0).default(1),
  costPerM2Max: z.number().positive().default(5_000),
});
export type ImportChecks = z.infer<typeof importChecksSchema>;

export const organisationSettingsSchema = z.object({
  m2PerUserNorm: perCategory(DEFAULT_M2_PER_USER).default(DEFAULT_M2_PER_USER as never),
  scoreWeights: scoreWeightsSchema.default({ utilisation: 0.5, cost: 0.3, condition: 0.2 }),
  scenarioDefaults: scenarioDefaultsSchema.default(scenarioDefaultsSchema.parse({})),
  optimiserDefaults: optimiserDefaultsSchema.default(optimiserDefaultsSchema.parse({})),
  readingsWindow: readingsWindowSettingsSchema.default({ earliest: '2000-01-01', maxFutureHours: READINGS_DEFAULT_MAX_FUTURE_HOURS }),
  /** Services per category (age band, take-up), the forecast horizon and variant (docs/demand.md). */
  demand: demandSettingsSchema.default(demandSettingsSchema.parse({})),
  importChecks: importChecksSchema.default(importChecksSchema.parse({})),
  /**
   * The IANA time zone of the organisation's buildings: local times in files, opening hours, the daily rollups,
   * the scoring period and the heatmap (lib/config/time-zone.ts has the default).
   */
  timeZone: z.string().refine(isTimeZone, 'an IANA time zone, e.g. Europe/Copenhagen').default(DEFAULT_TIME_ZONE),
});

export type OrganisationSettings = z.infer<typeof organisationSettingsSchema>;
export type ScenarioDefaults = z.infer<typeof scenarioDefaultsSchema>;
export type ScoreWeights = z.infer<typeof scoreWeightsSchema>;

/** Parses stored settings, filling every missing field with its default. */
export function parseOrganisationSettings(raw: unknown): OrganisationSettings {
  return organisationSettingsSchema.parse(raw ?? {});
}
