// GET /api/scenarios – the organisation's scenarios, newest first
// POST /api/scenarios – save a new draft scenario (also imports a JSON export); its outcome is simulated and stored,
//   the creation audited (with the optimiser's options, status and gap when `optimiser` says it is a proposal)
import { NextResponse } from 'next/server';
import { assertKnownBuildings, mergeParams, scenarioBodySchema, scenarioRoute } from '@/lib/scenarios/api';
import { loadPortfolio, loadScenarioDefaults } from '@/lib/scenarios/load-portfolio';
import { createScenario, listScenarios } from '@/lib/scenarios/scenario-store';
import { simulateScenario } from '@/lib/scenarios/simulate';
import { withAuth } from '@/lib/api/with-auth';
import { canSeeScenario, SCENARIO_READERS, SCENARIO_WRITERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: SCENARIO_READERS }, async (_request, { auth }) => {
  return scenarioRoute(async ({ pool, organisation }) => NextResponse.json({ scenarios: (await listScenarios(pool, organisation.id)).filter((s) => canSeeScenario(auth.role, s.status)) }));
});

export const POST = withAuth({ roles: SCENARIO_WRITERS }, async (request: Request, { auth }) => {
  return scenarioRoute(async ({ pool, organisation }) => {
    const body = scenarioBodySchema.parse(await request.json());
    const params = mergeParams(await loadScenarioDefaults(pool, organisation.id), body.params);
    const portfolio = await loadPortfolio(pool, organisation.id, new Date().getFullYear());
    assertKnownBuildings(portfolio, body.actions);
    const result = simulateScenario(portfolio, body.actions, params);
    const actor = body.optimiser
      ? { userId: auth.user.id, source: 'optimiser' as const, details: { optimiser: body.optimiser } }
      : { userId: auth.user.id, source: body.format ? ('import' as const) : ('app' as const) };
    const id = await createScenario(pool, organisation.id, { name: body.name, description: body.description, params, actions: body.actions, result }, actor);
    return NextResponse.json({ id, outcome: result }, { status: 201 });
  });
});
