// GET /api/scenarios/{id} – one scenario with its actions and last outcome
// PATCH /api/scenarios/{id} – {status} moves it draft → proposed → approved/rejected (who and when recorded);
//   {name, description, params, actions} edits it (re-simulated)
// DELETE /api/scenarios/{id} – delete it
// Every change is audited in its own transaction by lib/scenarios/scenario-store.ts (edits with before/after of what changed).
import { NextResponse } from 'next/server';
import { ApiError, assertKnownBuildings, mergeParams, patchBodySchema, scenarioIdSchema, scenarioRoute } from '@/lib/scenarios/api';
import { loadPortfolio } from '@/lib/scenarios/load-portfolio';
import { changeStatus, deleteScenario, getScenario, updateScenario } from '@/lib/scenarios/scenario-store';
import { simulateScenario } from '@/lib/scenarios/simulate';
import { withAuth, type AuthedContext } from '@/lib/api/with-auth';
import { canSeeScenario, SCENARIO_READERS, SCENARIO_WRITERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';
type Ctx = AuthedContext<{ id: string }>;

export const GET = withAuth({ roles: SCENARIO_READERS }, async (_request: Request, ctx: Ctx) => {
  return scenarioRoute(async ({ pool, organisation }) => {
    const scenario = await getScenario(pool, organisation.id, scenarioIdSchema.parse((await ctx.params).id));
    if (!scenario || !canSeeScenario(ctx.auth.role, scenario.status)) throw new ApiError(404, 'not_found', 'Scenario not found');
    return NextResponse.json(scenario);
  });
});

export const PATCH = withAuth({ roles: SCENARIO_WRITERS }, async (request: Request, ctx: Ctx) => {
  return scenarioRoute(async ({ pool, organisation }) => {
    const id = scenarioIdSchema.parse((await ctx.params).id);
    const body = patchBodySchema.parse(await request.json());
    const current = await getScenario(pool, organisation.id, id);
    if (!current) throw new ApiError(404, 'not_found', 'Scenario not found');
    if ('status' in body && body.status) {
      const change = await changeStatus(pool, organisation.id, id, body.status, ctx.auth.user.id);
      if (!change.ok) throw new ApiError(409, change.reason, `Cannot change status from ${change.from} to ${body.status}`);
    } else if (!('status' in body)) {
      if (current.status !== 'draft') throw new ApiError(409, 'not_draft', 'Only a draft can be edited');
      const params = mergeParams(current.params, body.params ?? {});
      const actions = body.actions ?? current.actions;
      const portfolio = await loadPortfolio(pool, organisation.id, new Date().getFullYear());
      assertKnownBuildings(portfolio, actions);
      const result = simulateScenario(portfolio, actions, params);
      await updateScenario(pool, organisation.id, id, { name: body.name, description: body.description, params, actions, result }, ctx.auth.user.id);
    }
    return NextResponse.json(await getScenario(pool, organisation.id, id));
  });
});

export const DELETE = withAuth({ roles: SCENARIO_WRITERS }, async (_request: Request, ctx: Ctx) => {
  return scenarioRoute(async ({ pool, organisation }) => {
    const id = scenarioIdSchema.parse((await ctx.params).id);
    const deleted = await deleteScenario(pool, organisation.id, id, ctx.auth.user.id);
    if (!deleted) throw new ApiError(404, 'not_found', 'Scenario not found');
    return new Response(null, { status: 204 });
  });
});
