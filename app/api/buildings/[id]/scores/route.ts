// GET /api/buildings/{id}/scores?weights= – one building's scores, KPIs and explanation (latest period)
import { NextResponse } from 'next/server';
import { getBuildingScoresForRequest } from '@/lib/scoring/query-scores';
import { buildingIdSchema, scoresQuerySchema } from '@/lib/scoring/request-params';
import { ApiError } from '@/lib/api/errors';
import { withAuth, type AuthedContext } from '@/lib/api/with-auth';
import { PORTFOLIO_READERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: PORTFOLIO_READERS }, async (request: Request, ctx: AuthedContext<{ id: string }>) => {
  const id = buildingIdSchema.parse((await ctx.params).id);
  const query = scoresQuerySchema.pick({ weights: true }).parse(Object.fromEntries(new URL(request.url).searchParams));
  const score = await getBuildingScoresForRequest(ctx.pool, ctx.auth.organisation.id, id, query.weights);
  if (!score) throw new ApiError('not_found', { en: 'Building not scored', da: 'Bygningen har ingen score' });
  return NextResponse.json(score);
});
