import { NextResponse } from 'next/server';
import type { Pool } from 'pg';
import { z, ZodError } from 'zod';
import { OPTIMISER_MAX_TIME_LIMIT_SECONDS } from '@/lib/config/limits';
import { getPool } from '@/lib/db/pool';
import { currentOrganisation, type OrganisationRef } from '@/lib/organisations/current';
import { optimiseOptions, type OptimiseOptions } from './optimise-model';
import { OPTIMISER_DEFAULTS as D, type OptimiserDefaults } from './optimiser-defaults';
import { scenarioActionsSchema, scenarioParamsSchema, type ScenarioParams } from './types';

// Request schemas and the one wrapper every scenario route uses: resolve the organisation, map errors to
// { error: { code, message } } with an HTTP status, never leak an unexpected error's message.

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export interface ScenarioRouteContext {
  pool: Pool;
  organisation: OrganisationRef;
}

/** Runs a scenario route handler with the current organisation and uniform error responses. */
export async function scenarioRoute(handler: (ctx: ScenarioRouteContext) => Promise<Response>): Promise<Response> {
  try {
    const organisation = await currentOrganisation();
    if (!organisation) throw new ApiError(404, 'not_found', 'No organisation');
    return await handler({ pool: getPool(), organisation });
  } catch (error) {
    if (error instanceof ApiError) return NextResponse.json({ error: { code: error.code, message: error.message } }, { status: error.status });
    if (error instanceof ZodError) return NextResponse.json({ error: { code: 'bad_request', message: 'Invalid request', issues: error.issues } }, { status: 400 });
    if (error instanceof SyntaxError) return NextResponse.json({ error: { code: 'bad_request', message: 'Body is not JSON' } }, { status: 400 });
    console.error(error);
    return NextResponse.json({ error: { code: 'internal', message: 'Internal error' } }, { status: 500 });
  }
}

export const scenarioIdSchema = z.string().uuid();

/**
 * Refuses actions naming a building that is not in the organisation's portfolio — one answer (400
 * unknown_building) whether the id belongs to another organisation or to nobody, so the answer reveals nothing
 * about other organisations' buildings (issue 15 item 13), and no id is echoed.
 */
export function assertKnownBuildings(portfolio: readonly { id: string }[], actions: readonly { buildingId: string; receivers: readonly { buildingId: string }[] }[]): void {
  const known = new Set(portfolio.map((b) => b.id));
  const unknown = actions.some((a) => !known.has(a.buildingId) || a.receivers.some((r) => !known.has(r.buildingId)));
  if (unknown) throw new ApiError(400, 'unknown_building', "A building in the actions is not in this organisation's portfolio");
}

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
  targetMin: z.number().min(0).max(1).default(D.targetMin),
  targetMax: z.number().min(0).max(1).default(D.targetMax),
  maxDistanceKm: z.number().min(0).max(100).optional(),
  ceiling: z.number().min(0.1).max(1.5).optional(),
  mode: z.enum(['savings', 'service']).default(D.mode),
  mustKeep: z.array(z.string()).default([]),
  /** Which kinds may move into which; omitted = the organisation's default rules, {} = same kind only. */
  compatibility: z.record(z.string(), z.array(z.string())).optional(),
  horizonYears: z.number().int().min(1).max(50).default(D.horizonYears),
  timeLimitSeconds: z.number().min(1).max(OPTIMISER_MAX_TIME_LIMIT_SECONDS).default(D.timeLimitSeconds),
  mipRelGap: z.number().min(0).max(0.5).default(D.mipRelGap),
  includeSaleValue: z.boolean().default(D.includeSaleValue),
  savingsFloorDkk: z.number().nullable().default(D.savingsFloorDkk),
  unknownUtilisation: z.enum(['cannot_receive', 'assume_users']).default(D.unknownUtilisation),
  /** Omitted = the organisation's minimum data confidence for a closure. */
  minClosureConfidence: z.number().min(0).max(1).optional(),
  /** Close on registry data where use is not measured well enough (said building by building in the brief). */
  allowRegistryClosures: z.boolean().default(D.allowRegistryClosures),
  /** Future demand the plan must keep covered in every district and year (docs/demand.md); 'none' = leave it out. */
  demandVariant: z.enum(['none', 'low', 'main', 'high']).default('main'),
  /** Also solve with the other of main/high and report both savings: the price of a robust plan. */
  priceOfRobustness: z.boolean().default(false),
  params: scenarioParamsSchema.partial().default({}),
});

/** Scenario params: organisation defaults overridden by the request. */
export function mergeParams(defaults: ScenarioParams, override: Partial<ScenarioParams>): ScenarioParams {
  return scenarioParamsSchema.parse({ ...defaults, ...override });
}

/** Optimiser options from a parsed body and the organisation's rules; the body's ceiling and distance also become the scenario's params. */
export function optimiseFromBody(
  body: z.infer<typeof optimiseBodySchema>,
  defaults: ScenarioParams,
  rules: OptimiserDefaults = { compatibility: {}, minClosureConfidence: D.minClosureConfidence, placesCeiling: D.placesCeiling },
): { params: ScenarioParams; options: OptimiseOptions } {
  const params = mergeParams(defaults, {
    ...body.params,
    ...(body.ceiling !== undefined ? { peakUtilisationCeiling: body.ceiling } : {}),
    ...(body.maxDistanceKm !== undefined ? { maxAddedTravelKm: body.maxDistanceKm } : {}),
  });
  const compatibility = body.compatibility ?? (rules.compatibility as Record<string, string[]>);
  const { targetMin, targetMax, mode, mustKeep, horizonYears, timeLimitSeconds, mipRelGap, includeSaleValue, savingsFloorDkk, unknownUtilisation, allowRegistryClosures } = body;
  const chosen = {
    targetMin, targetMax, mode, mustKeep, compatibility, horizonYears, timeLimitSeconds, mipRelGap, includeSaleValue, savingsFloorDkk, unknownUtilisation,
    allowRegistryClosures,
    minClosureConfidence: body.minClosureConfidence ?? rules.minClosureConfidence,
    placesCeiling: rules.placesCeiling,
  };
  return { params, options: optimiseOptions(params, chosen) };
}
