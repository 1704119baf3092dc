// GET /api/scenarios/{id} – one scenario with its actions and last outcome
// PATCH /api/scenarios/{id} – {status} moves it draft → proposed → approved/rejected (who and when recorded);
//   {name, description, params, actions} edits it (re-simulated)
// DELETE /api/scenarios/{id} – delete it
import { NextResponse } from 'next/server';
import { ApiError, mergeParams, patchBodySchema, scenarioIdSchema, scenarioRoute } from '@/lib/scenarios/api';
import { loadPortfolio } from '@/lib/scenarios/load-portfolio';
import { changeStatus, deleteScenario, getScenario, updateScenario } from '@/lib/scenarios/scenario-store';
import { simulateScenario } from '@/lib/scenarios/simulate';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string }> };

export async function GET(_request: Request, ctx: Ctx) {
  return scenarioRoute(async ({ pool, organisation }) => {
    const scenario = await getScenario(pool, organisation.id, scenarioIdSchema.parse((await ctx.params).id));
    if (!scenario) throw new ApiError(404, 'not_found', 'Scenario not found');
    return NextResponse.json(scenario);
  });
}

export async function PATCH(request: Request, ctx: Ctx) {
  return scenarioRoute(async ({ pool, organisation }) => {
    const id = scenarioIdSchema.parse((await ctx.params).id);
    const body = patchBodySchema.parse(await request.json());
    const current = await getScenario(pool, organisation.id, id);
    if (!current) throw new ApiError(404, 'not_found', 'Scenario not found');
    if ('status' in body && body.status) {
      // No signed-in user yet (auth issue): the change is recorded with its time and an unknown user.
      const change = await changeStatus(pool, organisation.id, id, body.status, null);
      if (!change.ok) throw new ApiError(409, change.reason, `Cannot change status from ${change.from} to ${body.status}`);
    } else if (!('status' in body)) {
      if (current.status !== 'draft') throw new ApiError(409, 'not_draft', 'Only a draft can be edited');
      const params = mergeParams(current.params, body.params ?? {});
      const actions = body.actions ?? current.actions;
      const result = simulateScenario(await loadPortfolio(pool, organisation.id, new Date().getFullYear()), actions, params);
      await updateScenario(pool, organisation.id, id, { name: body.name, description: body.description, params, actions, result });
    }
    return NextResponse.json(await getScenario(pool, organisation.id, id));
  });
}

export async function DELETE(_request: Request, ctx: Ctx) {
  return scenarioRoute(async ({ pool, organisation }) => {
    const deleted = await deleteScenario(pool, organisation.id, scenarioIdSchema.parse((await ctx.params).id));
    if (!deleted) throw new ApiError(404, 'not_found', 'Scenario not found');
    return new Response(null, { status: 204 });
  });
}
