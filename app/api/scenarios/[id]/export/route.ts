// GET /api/scenarios/{id}/export?format=csv|json – actions and moves as Danish CSV, or everything as re-importable JSON
// (each export audited: who took which scenario out, in which format)
import { z } from 'zod';
import { scenarioIdSchema } from '@/lib/scenarios/api';
import { scenarioToCsv, scenarioToJson } from '@/lib/scenarios/export';
import { loadPortfolio } from '@/lib/scenarios/load-portfolio';
import { getScenario, recordScenarioExport } from '@/lib/scenarios/scenario-store';
import { ApiError } from '@/lib/api/errors';
import { withAuth, type AuthedContext } from '@/lib/api/with-auth';
import { canSeeScenario, SCENARIO_READERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: SCENARIO_READERS }, async (request: Request, ctx: AuthedContext<{ id: string }>) => {
  const { pool } = ctx;
  const { organisation } = ctx.auth;
  const id = scenarioIdSchema.parse((await ctx.params).id);
  const format = z.enum(['csv', 'json']).default('json').parse(new URL(request.url).searchParams.get('format') ?? undefined);
  const scenario = await getScenario(pool, organisation.id, id);
  if (!scenario || !canSeeScenario(ctx.auth.role, scenario.status)) throw new ApiError('not_found', 'Scenario not found');
  await recordScenarioExport(pool, organisation.id, id, format, ctx.auth.user.id);
  const file = `scenarie-${scenario.name.replace(/[^\p{L}\p{N}]+/gu, '-').toLowerCase()}`;
  if (format === 'json') {
    return new Response(JSON.stringify(scenarioToJson(scenario), null, 2), {
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${encodeURIComponent(file)}.json"` },
    });
  }
  const csv = scenarioToCsv(scenario, await loadPortfolio(pool, organisation.id, new Date().getFullYear()));
  return new Response('\uFEFF' + csv, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${encodeURIComponent(file)}.csv"` },
  });
});
