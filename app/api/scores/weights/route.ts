// GET /api/scores/weights – the signed-in user's own score weights ({weights, saved, defaults})
// PUT /api/scores/weights – save them ({utilisation, cost, condition}, each 0..1, not all 0)
// DELETE /api/scores/weights – forget them (back to the organisation's defaults)
import { NextResponse } from 'next/server';
import { ZodError } from 'zod';
import { withAuth, type AuthedContext } from '@/lib/api/with-auth';
import { PORTFOLIO_READERS } from '@/lib/auth/roles';
import { parseOrganisationSettings, scoreWeightsSchema } from '@/lib/organisations/settings';
import { deleteUserWeights, parseSavedWeights, saveUserWeights } from '@/lib/scoring/user-weights';

export const dynamic = 'force-dynamic';

async function defaultsOf(ctx: AuthedContext<Record<string, never>>) {
  const { rows } = await ctx.pool.query<{ settings: unknown }>('SELECT settings FROM organisation WHERE id = $1', [ctx.auth.organisation.id]);
  return parseOrganisationSettings(rows[0]?.settings).scoreWeights;
}

export const GET = withAuth({ roles: PORTFOLIO_READERS }, async (_request, ctx) => {
  // The organisation's defaults and the user's saved weights in one round trip.
  const { rows } = await ctx.pool.query<{ settings: unknown; weights: unknown }>(
    `SELECT o.settings, w.weights FROM organisation o
       LEFT JOIN user_score_weights w ON w.organisation_id = o.id AND w.user_id = $2
      WHERE o.id = $1`,
    [ctx.auth.organisation.id, ctx.auth.user.id],
  );
  const defaults = parseOrganisationSettings(rows[0]?.settings).scoreWeights;
  const saved = parseSavedWeights(rows[0]?.weights);
  return NextResponse.json({ weights: saved ?? defaults, saved: saved !== null, defaults });
});

export const PUT = withAuth({ roles: PORTFOLIO_READERS }, async (request, ctx) => {
  try {
    const weights = scoreWeightsSchema.strict().refine((w) => w.utilisation + w.cost + w.condition > 0, 'at least one weight above 0').parse(await request.json());
    const stored = await saveUserWeights(ctx.pool, ctx.auth.user.id, ctx.auth.organisation.id, weights);
    return NextResponse.json({ weights: stored, saved: true, defaults: await defaultsOf(ctx) });
  } catch (error) {
    if (error instanceof ZodError || error instanceof SyntaxError) {
      return NextResponse.json({ error: { code: 'bad_request', message: 'Invalid weights', issues: error instanceof ZodError ? error.issues : undefined } }, { status: 400 });
    }
    throw error;
  }
});

export const DELETE = withAuth({ roles: PORTFOLIO_READERS }, async (_request, ctx) => {
  await deleteUserWeights(ctx.pool, ctx.auth.user.id, ctx.auth.organisation.id);
  const defaults = await defaultsOf(ctx);
  return NextResponse.json({ weights: defaults, saved: false, defaults });
});
