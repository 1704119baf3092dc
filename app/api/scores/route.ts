// GET /api/scores?period=&category=&district=&minConfidence=&weights=&limit=&offset=&sort=&order=&fields=&ancillary= – one page
// (default 100, at most 1,000) of the organisation's scored buildings, weakest combined score first by default, with
// the total and the next page's offset (null on the last page).
import { NextResponse } from 'next/server';
import { ZodError } from 'zod';
import { getPool } from '@/lib/db/pool';
import { parseOrganisationSettings } from '@/lib/organisations/settings';
import { scoringOrganisation } from '@/lib/scoring/current-org';
import { pageScores } from '@/lib/scoring/query-scores';
import { cachedScorePage } from '@/lib/scoring/score-page-cache';
import { scoresPageQuerySchema } from '@/lib/scoring/request-params';
import { parseWeightsParam } from '@/lib/scoring/user-weights';
import { withAuth } from '@/lib/api/with-auth';
import { PORTFOLIO_READERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: PORTFOLIO_READERS }, async (request: Request) => {
  const org = await scoringOrganisation(request);
  if (!org) return NextResponse.json({ error: { code: 'not_found', message: 'No organisation' } }, { status: 404 });
  try {
    const query = scoresPageQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const pool = getPool();
    // Cached per organisation, data version and query (lib/scoring/score-page-cache.ts): the same page is asked for
    // again and again (the ranking's first page) and is ~230 KB of JSON to build.
    const body = await cachedScorePage(pool, org.id, query, async () => {
      const { rows } = await pool.query<{ settings: unknown }>('SELECT settings FROM organisation WHERE id = $1', [org.id]);
      const defaults = parseOrganisationSettings(rows[0]?.settings).scoreWeights;
      const weights = query.weights ? parseWeightsParam(query.weights, defaults) : defaults;
      const page = { ...query, excludeAncillary: query.ancillary === 'false' };
      const { total, rows: scores } = query.fields === 'compact'
        ? await pageScores(pool, org.id, page, weights, true)
        : await pageScores(pool, org.id, page, weights, false);
      const next = query.offset + scores.length;
      return {
        organisation: org.slug, weights, period: scores[0]?.period ?? null,
        sort: query.sort, order: query.order, limit: query.limit, offset: query.offset,
        total, count: scores.length, nextOffset: next < total ? next : null, scores,
      };
    });
    return new NextResponse(new Uint8Array(body), { headers: { 'content-type': 'application/json' } });
  } catch (error) {
    if (error instanceof ZodError) {
      return NextResponse.json({ error: { code: 'bad_request', message: 'Invalid query', issues: error.issues } }, { status: 400 });
    }
    throw error;
  }
});
