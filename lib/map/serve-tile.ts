import type { Pool } from 'pg';
import { AsyncLru, type LruStats } from '@/lib/cache/lru';
import { ApiError } from '@/lib/api/errors';
import { buildingTile, districtTile } from './building-tiles';
import { mapDataVersion } from './data-version';
import { parseTileCoords } from './tile-coords';
import { matchesEtag, notModifiedResponse, tileEtag, tileResponse } from './tile-response';

export type TileLayer = 'buildings' | 'districts';

/** Tiles kept in the server process: at most this many, and about this many bytes of MVT. */
export const TILE_CACHE_MAX_ENTRIES = 20_000;
export const TILE_CACHE_MAX_BYTES = 64 * 1024 * 1024;

// Built tiles (null = empty) by organisation, map data version, layer and z/x/y. The version is part of the key, so a
// change to buildings, scores, districts or the boundary (the triggers behind mapDataVersion) makes every tile of the
// organisation a miss at once; the old entries are never asked for again and fall out as least recently used.
const tileCache = new AsyncLru<Buffer | null>({ maxEntries: TILE_CACHE_MAX_ENTRIES, maxBytes: TILE_CACHE_MAX_BYTES, sizeOf: (b) => 200 + (b?.length ?? 0) });

/** Hits, misses and size of the tile cache since the process started (diagnostics, tests). */
export function tileCacheStats(): LruStats {
  return tileCache.stats();
}

/** Empties the tile cache (tests). */
export function clearTileCache(): void {
  tileCache.clear();
}

/**
 * The shared body of the tile routes: validate z/x/y (400), for the caller's organisation answer a revalidation with
 * 304 from the map data version before building anything, else the tile (204 when empty) — from the process's tile
 * cache when this organisation's tile was already built at this data version.
 */
export async function serveTile(request: Request, pool: Pool, organisation: { id: string }, params: { z: string; x: string; y: string }, layer: TileLayer): Promise<Response> {
  const tile = parseTileCoords(params);
  if (!tile) throw new ApiError('bad_request', 'Invalid tile coordinates');
  const version = await mapDataVersion(pool, organisation.id); // read before the data it tags
  const etag = tileEtag(organisation.id, version, layer, tile);
  if (matchesEtag(request, etag)) return notModifiedResponse(etag);
  const key = `${organisation.id}/${version}/${layer}/${tile.z}/${tile.x}/${tile.y}`;
  const body = await tileCache.get(key, () =>
    layer === 'buildings' ? buildingTile(pool, organisation.id, tile, version) : districtTile(pool, organisation.id, tile));
  return tileResponse(body, etag);
}
