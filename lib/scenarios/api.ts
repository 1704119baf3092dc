import { z } from 'zod';
import { OPTIMISER_MAX_TIME_LIMIT_SECONDS } from '@/lib/config/limits';
import { optimiseOptions, type OptimiseOptions } from './optimise-model';
import { scenarioActionsSchema, scenarioParamsSchema, type ScenarioParams } from './types';

// Request schemas of the scenario routes and the merging of their parameters (errors go through lib/api/errors.ts,
// mapped by the one route wrapper, lib/api/with-auth.ts).

export const scenarioIdSchema = z.string().uuid();

export const simulateBodySchema = z.object({
  actions: scenarioActionsSchema,
  params: scenarioParamsSchema.partial().default({}),
});

const scenarioFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(4000).nullish(),
  actions: scenarioActionsSchema,
  params: scenarioParamsSchema.partial().default({}),
};

/**
 * A saved optimiser proposal says how it was found (kept in the audit row of its creation): the options, the solver's
 * status and proven gap, its objective and the greedy baseline's. Reported by the client that ran the optimiser.
 */
export const optimiserOriginSchema = z.object({
  options: z.record(z.string(), z.unknown()),
  status: z.enum(['optimal', 'feasible']),
  gap: z.number().nullable(),
  objective: z.number(),
  greedyObjective: z.number().nullable(),
  seconds: z.number().min(0),
});

/** A new scenario; `format` is set when the body is a JSON export being imported again (lib/scenarios/export.ts). */
export const scenarioBodySchema = z.object({ ...scenarioFields, optimiser: optimiserOriginSchema.optional(), format: z.literal('areal.scenario/v1').optional() });

export const patchBodySchema = z.union([
  z.object({ status: z.enum(['draft', 'proposed', 'approved', 'rejected']) }).strict(),
  z.object(scenarioFields).partial().strict(),
]);

export const optimiseBodySchema = z.object({
  targetMin: z.number().min(0).max(1).default(0.05),
  targetMax: z.number().min(0).max(1).default(0.1),
  maxDistanceKm: z.number().min(0).max(100).optional(),
  ceiling: z.number().min(0.1).max(1.5).optional(),
  mode: z.enum(['savings', 'service']).default('savings'),
  mustKeep: z.array(z.string()).default([]),
  /** Which categories may move into which; omitted = the organisation's default rules, {} = same category only. */
  compatibility: z.record(z.string(), z.array(z.string())).optional(),
  horizonYears: z.number().int().min(1).max(50).default(10),
  timeLimitSeconds: z.number().min(1).max(OPTIMISER_MAX_TIME_LIMIT_SECONDS).default(30),
  mipRelGap: z.number().min(0).max(0.5).default(0.01),
  includeSaleValue: z.boolean().default(false),
  savingsFloorDkk: z.number().nullable().default(null),
  unknownUtilisation: z.enum(['cannot_receive', 'assume_users']).default('cannot_receive'),
  params: scenarioParamsSchema.partial().default({}),
});

/** Scenario params: organisation defaults overridden by the request. */
export function mergeParams(defaults: ScenarioParams, override: Partial<ScenarioParams>): ScenarioParams {
  return scenarioParamsSchema.parse({ ...defaults, ...override });
}

/** Optimiser options from a parsed body; the body's ceiling and distance also become the scenario's params. */
export function optimiseFromBody(
  body: z.infer<typeof optimiseBodySchema>,
  defaults: ScenarioParams,
  defaultCompatibility: Record<string, string[]> = {},
): { params: ScenarioParams; options: OptimiseOptions } {
  const params = mergeParams(defaults, {
    ...body.params,
    ...(body.ceiling !== undefined ? { peakUtilisationCeiling: body.ceiling } : {}),
    ...(body.maxDistanceKm !== undefined ? { maxAddedTravelKm: body.maxDistanceKm } : {}),
  });
  const compatibility = body.compatibility ?? defaultCompatibility;
  const { targetMin, targetMax, mode, mustKeep, horizonYears, timeLimitSeconds, mipRelGap, includeSaleValue, savingsFloorDkk, unknownUtilisation } = body;
  const chosen = { targetMin, targetMax, mode, mustKeep, compatibility, horizonYears, timeLimitSeconds, mipRelGap, includeSaleValue, savingsFloorDkk, unknownUtilisation };
  return { params, options: optimiseOptions(params, chosen) };
}
