import { createHash } from 'node:crypto';
import type { TileCoords } from './tile-coords';

/** Bump when the tiles' SQL or properties change, so browsers drop tiles cached under the old shape. */
export const TILE_REVISION = 2;

const CACHE_HEADERS = { 'Cache-Control': 'private, max-age=60, must-revalidate', Vary: 'Cookie' };

/**
 * The ETag of one tile: a hash of the organisation, its map data version (lib/map/data-version.ts), the layer,
 * z/x/y and the tile revision — it changes whenever the data behind the map changes, and can be checked before
 * the tile is built.
 */
export function tileEtag(organisationId: string, dataVersion: string, layer: string, t: TileCoords): string {
  const key = [organisationId, dataVersion, layer, t.z, t.x, t.y, TILE_REVISION].join('/');
  return `"${createHash('sha1').update(key).digest('base64url')}"`;
}

/** True when the request's If-None-Match holds this ETag (weak or strong, possibly in a list). */
export function matchesEtag(request: Request, etag: string): boolean {
  const header = request.headers.get('if-none-match');
  if (!header) return false;
  return header.trim() === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** 304 for a revalidation whose ETag still holds. */
export function notModifiedResponse(etag: string): Response {
  return new Response(null, { status: 304, headers: { ...CACHE_HEADERS, ETag: etag } });
}

/** The HTTP answer for a tile: 204 when empty, else the MVT bytes; both with Cache-Control and the ETag. */
export function tileResponse(tile: Buffer | null, etag: string): Response {
  if (!tile) return new Response(null, { status: 204, headers: { ...CACHE_HEADERS, ETag: etag } });
  return new Response(new Uint8Array(tile), {
    status: 200,
    headers: { ...CACHE_HEADERS, ETag: etag, 'Content-Type': 'application/vnd.mapbox-vector-tile' },
  });
}
