// GET /api/scores/weights – the signed-in user's own score weights ({weights, saved, defaults})
// PUT /api/scores/weights – save them ({utilisation, cost, condition}, each 0..1, not all 0)
// DELETE /api/scores/weights – forget them (back to the organisation's defaults)
import { NextResponse } from 'next/server';
import { withAuth, type AuthedContext } from '@/lib/api/with-auth';
import { PORTFOLIO_READERS } from '@/lib/auth/roles';
import { loadOrganisationSettings } from '@/lib/organisations/load-settings';
import { scoreWeightsSchema } from '@/lib/organisations/settings';
import { deleteUserWeights, loadWeightsView, saveUserWeights } from '@/lib/scoring/user-weights';

export const dynamic = 'force-dynamic';

async function defaultsOf(ctx: AuthedContext<Record<string, never>>) {
  return (await loadOrganisationSettings(ctx.pool, ctx.auth.organisation.id)).scoreWeights;
}

export const GET = withAuth({ roles: PORTFOLIO_READERS }, async (_request, ctx) => {
  return NextResponse.json(await loadWeightsView(ctx.pool, ctx.auth.user.id, ctx.auth.organisation.id));
});

export const PUT = withAuth({ roles: PORTFOLIO_READERS }, async (request, ctx) => {
  // Not JSON, or weights out of 0..1 / all 0 → 400 bad_request with the issues (lib/api/errors.ts).
  const weights = scoreWeightsSchema.strict().refine((w) => w.utilisation + w.cost + w.condition > 0, 'at least one weight above 0').parse(await request.json());
  const stored = await saveUserWeights(ctx.pool, ctx.auth.user.id, ctx.auth.organisation.id, weights);
  return NextResponse.json({ weights: stored, saved: true, defaults: await defaultsOf(ctx) });
});

export const DELETE = withAuth({ roles: PORTFOLIO_READERS }, async (_request, ctx) => {
  await deleteUserWeights(ctx.pool, ctx.auth.user.id, ctx.auth.organisation.id);
  const defaults = await defaultsOf(ctx);
  return NextResponse.json({ weights: defaults, saved: false, defaults });
});
