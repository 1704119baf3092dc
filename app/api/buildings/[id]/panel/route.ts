// GET /api/buildings/{id}/panel – key figures, scores, charts' data and data quality for the map's panel, and the
// future-demand pressure on the building's service in its district (null when none)
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { buildingPanel } from '@/lib/buildings/building-panel';
import { districtPressure } from '@/lib/demand/district-pressure';
import { cachedDemandInputs } from '@/lib/demand/cached-demand-inputs';
import { loadScenarioDefaults } from '@/lib/scenarios/load-portfolio';
import { ApiError } from '@/lib/api/errors';
import { withAuth, type AuthedContext } from '@/lib/api/with-auth';
import { PORTFOLIO_READERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: PORTFOLIO_READERS }, async (_request: Request, ctx: AuthedContext<{ id: string }>) => {
  const id = z.string().uuid().safeParse((await ctx.params).id);
  if (!id.success) throw new ApiError('bad_request', { en: 'Invalid building id', da: 'Ugyldigt bygnings-id' });
  const organisationId = ctx.auth.organisation.id;
  const year = new Date().getFullYear();
  const panel = await buildingPanel(ctx.pool, organisationId, id.data, year);
  if (!panel) throw new ApiError('not_found', { en: 'Building not found', da: 'Bygningen findes ikke' });
  const [inputs, defaults] = await Promise.all([cachedDemandInputs(ctx.pool, organisationId, year), loadScenarioDefaults(ctx.pool, organisationId)]);
  return NextResponse.json({ ...panel, demand: districtPressure(inputs, id.data, defaults.maxAddedTravelKm) });
});
