// POST /api/scenarios/simulate – the outcome of a set of actions under the given (or the organisation's) assumptions,
// and whether the remaining buildings cover forecast demand per variant (null without a forecast)
import { NextResponse } from 'next/server';
import { assertKnownBuildings, mergeParams, simulateBodySchema } from '@/lib/scenarios/api';
import { cachedPortfolio, loadScenarioDefaults } from '@/lib/scenarios/load-portfolio';
import { simulateScenario } from '@/lib/scenarios/simulate';
import { cachedDemandInputs } from '@/lib/demand/cached-demand-inputs';
import { scenarioDemand } from '@/lib/demand/scenario-demand';
import { withAuth } from '@/lib/api/with-auth';
import { SCENARIO_WRITERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const POST = withAuth({ roles: SCENARIO_WRITERS }, async (request: Request, { auth, pool }) => {
  const { organisation } = auth;
  const body = simulateBodySchema.parse(await request.json());
  const params = mergeParams(await loadScenarioDefaults(pool, organisation.id), body.params);
  // Cached per data version (lib/scenarios/load-portfolio.ts): reading 10,000 buildings per request was the cost.
  const year = new Date().getFullYear();
  const [portfolio, demand] = await Promise.all([cachedPortfolio(pool, organisation.id, year), cachedDemandInputs(pool, organisation.id, year)]);
  assertKnownBuildings(portfolio, body.actions);
  return NextResponse.json({ params, outcome: simulateScenario(portfolio, body.actions, params), demand: scenarioDemand(demand, body.actions, params.maxAddedTravelKm) });
});
