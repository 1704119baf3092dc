// GET /api/buildings/{id}/panel – key figures, scores, charts' data and data quality for the map's panel
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { buildingPanel } from '@/lib/buildings/building-panel';
import { ApiError } from '@/lib/api/errors';
import { withAuth, type AuthedContext } from '@/lib/api/with-auth';
import { PORTFOLIO_READERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: PORTFOLIO_READERS }, async (_request: Request, ctx: AuthedContext<{ id: string }>) => {
  const id = z.string().uuid().safeParse((await ctx.params).id);
  if (!id.success) throw new ApiError('bad_request', { en: 'Invalid building id', da: 'Ugyldigt bygnings-id' });
  const panel = await buildingPanel(ctx.pool, ctx.auth.organisation.id, id.data, new Date().getFullYear());
  if (!panel) throw new ApiError('not_found', { en: 'Building not found', da: 'Bygningen findes ikke' });
  return NextResponse.json(panel);
});
