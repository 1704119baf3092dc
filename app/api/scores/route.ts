// GET /api/scores?category=&district=&minConfidence=&weights= – every scored building of the organisation, best first
import { NextResponse } from 'next/server';
import { ZodError } from 'zod';
import { getPool } from '@/lib/db/pool';
import { parseOrganisationSettings } from '@/lib/organisations/settings';
import { scoringOrganisation } from '@/lib/scoring/current-org';
import { listScores } from '@/lib/scoring/query-scores';
import { scoresQuerySchema } from '@/lib/scoring/request-params';
import { parseWeightsParam } from '@/lib/scoring/user-weights';
import { withAuth } from '@/lib/api/with-auth';
import { PORTFOLIO_READERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: PORTFOLIO_READERS }, async (request: Request) => {
  const org = await scoringOrganisation(request);
  if (!org) return NextResponse.json({ error: { code: 'not_found', message: 'No organisation' } }, { status: 404 });
  try {
    const query = scoresQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const pool = getPool();
    const { rows } = await pool.query<{ settings: unknown }>('SELECT settings FROM organisation WHERE id = $1', [org.id]);
    const defaults = parseOrganisationSettings(rows[0]?.settings).scoreWeights;
    const weights = query.weights ? parseWeightsParam(query.weights, defaults) : defaults;
    const scores = await listScores(pool, org.id, query, weights);
    return NextResponse.json({ organisation: org.slug, weights, period: scores[0]?.period ?? null, count: scores.length, scores });
  } catch (error) {
    if (error instanceof ZodError) {
      return NextResponse.json({ error: { code: 'bad_request', message: 'Invalid query', issues: error.issues } }, { status: 400 });
    }
    throw error;
  }
});
