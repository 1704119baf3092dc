// POST /api/scenarios/{id}/buildings – {buildingIds} adds buildings to a draft with a default action each (merge into
//   the nearest same-category building with room, else close — lib/scenarios/default-action.ts); re-simulated and
//   saved. Used by the map panel's "add to scenario", the ranking's selection and /scenarios/new.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { scenarioIdSchema } from '@/lib/scenarios/api';
import { withDefaultActions } from '@/lib/scenarios/default-action';
import { loadPortfolio } from '@/lib/scenarios/load-portfolio';
import { getScenario, updateScenario } from '@/lib/scenarios/scenario-store';
import { simulateScenario } from '@/lib/scenarios/simulate';
import { ApiError } from '@/lib/api/errors';
import { withAuth, type AuthedContext } from '@/lib/api/with-auth';
import { SCENARIO_WRITERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

const bodySchema = z.object({ buildingIds: z.array(z.string().uuid()).min(1).max(500) }).strict();

export const POST = withAuth({ roles: SCENARIO_WRITERS }, async (request: Request, ctx: AuthedContext<{ id: string }>) => {
  const { pool } = ctx;
  const { organisation } = ctx.auth;
  const id = scenarioIdSchema.parse((await ctx.params).id);
  const body = bodySchema.parse(await request.json());
  const current = await getScenario(pool, organisation.id, id);
  if (!current) throw new ApiError('not_found', 'Scenario not found');
  if (current.status !== 'draft') throw new ApiError('not_draft', 'Only a draft can be edited');
  const portfolio = await loadPortfolio(pool, organisation.id, new Date().getFullYear());
  const known = new Set(portfolio.map((b) => b.id));
  const unknown = body.buildingIds.filter((b) => !known.has(b));
  if (unknown.length > 0) throw new ApiError('unknown_building', `Unknown building(s): ${[...new Set(unknown)].join(', ')}`);
  const { actions, added } = withDefaultActions(portfolio, current.actions, body.buildingIds, current.params);
  const result = simulateScenario(portfolio, actions, current.params);
  await updateScenario(pool, organisation.id, id, { actions, result });
  return NextResponse.json({ added, scenario: await getScenario(pool, organisation.id, id) });
});
