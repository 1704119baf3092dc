// GET /api/buildings/{id}/scores?weights= – one building's scores, KPIs and explanation (latest period)
import { NextResponse } from 'next/server';
import { ZodError } from 'zod';
import { getPool } from '@/lib/db/pool';
import { scoringOrganisation } from '@/lib/scoring/current-org';
import { getBuildingScoresForRequest } from '@/lib/scoring/query-scores';
import { buildingIdSchema, scoresQuerySchema } from '@/lib/scoring/request-params';
import { withAuth } from '@/lib/api/with-auth';
import { PORTFOLIO_READERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: PORTFOLIO_READERS }, async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const org = await scoringOrganisation(request);
  if (!org) return NextResponse.json({ error: { code: 'not_found', message: 'No organisation' } }, { status: 404 });
  try {
    const id = buildingIdSchema.parse((await ctx.params).id);
    const query = scoresQuerySchema.pick({ weights: true }).parse(Object.fromEntries(new URL(request.url).searchParams));
    const score = await getBuildingScoresForRequest(getPool(), org.id, id, query.weights);
    if (!score) return NextResponse.json({ error: { code: 'not_found', message: 'Building not scored' } }, { status: 404 });
    return NextResponse.json(score);
  } catch (error) {
    if (error instanceof ZodError) {
      return NextResponse.json({ error: { code: 'bad_request', message: 'Invalid request', issues: error.issues } }, { status: 400 });
    }
    throw error;
  }
});
