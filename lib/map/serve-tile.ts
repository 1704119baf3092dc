import { NextResponse } from 'next/server';
import { getPool } from '@/lib/db/pool';
import { currentOrganisation } from '@/lib/organisations/current';
import { buildingTile, districtTile } from './building-tiles';
import { mapDataVersion } from './data-version';
import { parseTileCoords } from './tile-coords';
import { matchesEtag, notModifiedResponse, tileEtag, tileResponse } from './tile-response';

export type TileLayer = 'buildings' | 'districts';

/**
 * The shared body of the tile routes: validate z/x/y (400), resolve the organisation, answer a revalidation with
 * 304 from the map data version before building anything, else the tile (204 when empty).
 */
export async function serveTile(request: Request, params: { z: string; x: string; y: string }, layer: TileLayer): Promise<Response> {
  const tile = parseTileCoords(params);
  if (!tile) return NextResponse.json({ error: { code: 'bad_request', message: 'Invalid tile coordinates' } }, { status: 400 });
  const organisation = await currentOrganisation();
  if (!organisation) return NextResponse.json({ error: { code: 'not_found', message: 'No organisation' } }, { status: 404 });
  const pool = getPool();
  const version = await mapDataVersion(pool, organisation.id); // read before the data it tags
  const etag = tileEtag(organisation.id, version, layer, tile);
  if (matchesEtag(request, etag)) return notModifiedResponse(etag);
  const body = layer === 'buildings' ? await buildingTile(pool, organisation.id, tile, version) : await districtTile(pool, organisation.id, tile);
  return tileResponse(body, etag);
}
