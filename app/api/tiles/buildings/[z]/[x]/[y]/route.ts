// GET /api/tiles/buildings/{z}/{x}/{y} – the organisation's buildings as a Mapbox vector tile
import { NextResponse } from 'next/server';
import { getPool } from '@/lib/db/pool';
import { buildingTile } from '@/lib/map/building-tiles';
import { parseTileCoords } from '@/lib/map/tile-coords';
import { tileResponse } from '@/lib/map/tile-response';
import { currentOrganisation } from '@/lib/organisations/current';
import { withAuth } from '@/lib/api/with-auth';
import { PORTFOLIO_READERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: PORTFOLIO_READERS }, async (request: Request, ctx: { params: Promise<{ z: string; x: string; y: string }> }) => {
  const tile = parseTileCoords(await ctx.params);
  if (!tile) return NextResponse.json({ error: { code: 'bad_request', message: 'Invalid tile coordinates' } }, { status: 400 });
  const organisation = await currentOrganisation();
  if (!organisation) return NextResponse.json({ error: { code: 'not_found', message: 'No organisation' } }, { status: 404 });
  return tileResponse(request, await buildingTile(getPool(), organisation.id, tile));
});
