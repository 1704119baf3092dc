// GET /api/buildings/{id}/scores?weights= – one building's scores, KPIs and explanation (latest period)
import { NextResponse } from 'next/server';
import { ZodError } from 'zod';
import { getPool } from '@/lib/db/pool';
import { parseOrganisationSettings } from '@/lib/organisations/settings';
import { scoringOrganisation } from '@/lib/scoring/current-org';
import { getBuildingScores } from '@/lib/scoring/query-scores';
import { buildingIdSchema, scoresQuerySchema } from '@/lib/scoring/request-params';
import { parseWeightsParam } from '@/lib/scoring/user-weights';
import { withAuth } from '@/lib/api/with-auth';
import { PORTFOLIO_READERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: PORTFOLIO_READERS }, async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const org = await scoringOrganisation(request);
  if (!org) return NextResponse.json({ error: { code: 'not_found', message: 'No organisation' } }, { status: 404 });
  try {
    const id = buildingIdSchema.parse((await ctx.params).id);
    const query = scoresQuerySchema.pick({ weights: true }).parse(Object.fromEntries(new URL(request.url).searchParams));
    const pool = getPool();
    const { rows } = await pool.query<{ settings: unknown }>('SELECT settings FROM organisation WHERE id = $1', [org.id]);
    const defaults = parseOrganisationSettings(rows[0]?.settings).scoreWeights;
    const weights = query.weights ? parseWeightsParam(query.weights, defaults) : defaults;
    const score = await getBuildingScores(pool, org.id, id, weights);
    if (!score) return NextResponse.json({ error: { code: 'not_found', message: 'Building not scored' } }, { status: 404 });
    return NextResponse.json(score);
  } catch (error) {
    if (error instanceof ZodError) {
      return NextResponse.json({ error: { code: 'bad_request', message: 'Invalid request', issues: error.issues } }, { status: 400 });
    }
    throw error;
  }
});
