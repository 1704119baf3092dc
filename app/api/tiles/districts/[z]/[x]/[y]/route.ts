// GET /api/tiles/districts/{z}/{x}/{y} – districts and the municipal boundary as a vector tile
import { NextResponse } from 'next/server';
import { withAuth } from '@/lib/api/with-auth';
import { PORTFOLIO_READERS } from '@/lib/auth/roles';
import { getPool } from '@/lib/db/pool';
import { districtTile } from '@/lib/map/building-tiles';
import { mapDataVersion } from '@/lib/map/data-version';
import { parseTileCoords } from '@/lib/map/tile-coords';
import { matchesEtag, notModifiedResponse, tileEtag, tileResponse } from '@/lib/map/tile-response';
import { currentOrganisation } from '@/lib/organisations/current';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: PORTFOLIO_READERS }, async (request: Request, ctx: { params: Promise<{ z: string; x: string; y: string }> }) => {
  const tile = parseTileCoords(await ctx.params);
  if (!tile) return NextResponse.json({ error: { code: 'bad_request', message: 'Invalid tile coordinates' } }, { status: 400 });
  const organisation = await currentOrganisation();
  if (!organisation) return NextResponse.json({ error: { code: 'not_found', message: 'No organisation' } }, { status: 404 });
  const pool = getPool();
  const version = await mapDataVersion(pool, organisation.id); // read before the data it tags
  const etag = tileEtag(organisation.id, version, 'districts', tile);
  if (matchesEtag(request, etag)) return notModifiedResponse(etag);
  return tileResponse(await districtTile(pool, organisation.id, tile), etag);
});
