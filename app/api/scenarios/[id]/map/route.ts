// GET /api/scenarios/{id}/map – the scenario as map data: every building of the portfolio as a GeoJSON point with
//   its role (removed / let out / receiver / other), a line per move, the bounds of what is involved and counts
//   (lib/scenarios/scenario-geo.ts). The compare page's before/after maps read it.
import { NextResponse } from 'next/server';
import { scenarioIdSchema } from '@/lib/scenarios/api';
import { loadPortfolio } from '@/lib/scenarios/load-portfolio';
import { scenarioGeo } from '@/lib/scenarios/scenario-geo';
import { getScenario } from '@/lib/scenarios/scenario-store';
import { ApiError } from '@/lib/api/errors';
import { withAuth, type AuthedContext } from '@/lib/api/with-auth';
import { canSeeScenario, SCENARIO_READERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: SCENARIO_READERS }, async (_request: Request, ctx: AuthedContext<{ id: string }>) => {
  const { pool } = ctx;
  const { organisation } = ctx.auth;
  const scenario = await getScenario(pool, organisation.id, scenarioIdSchema.parse((await ctx.params).id));
  if (!scenario || !canSeeScenario(ctx.auth.role, scenario.status)) throw new ApiError('not_found', 'Scenario not found');
  const portfolio = await loadPortfolio(pool, organisation.id, new Date().getFullYear());
  return NextResponse.json(scenarioGeo(portfolio, scenario.actions), { headers: { 'cache-control': 'private, no-store' } });
});
