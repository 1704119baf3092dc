import { createHash } from 'node:crypto';

/**
 * The HTTP answer for a tile: 204 when empty, else the MVT bytes with Cache-Control and an ETag that is a
 * hash of the bytes — so it changes exactly when the data in the tile does; If-None-Match → 304.
 */
export function tileResponse(request: Request, tile: Buffer | null): Response {
  const headers = { 'Cache-Control': 'private, max-age=60, must-revalidate', Vary: 'Cookie' };
  if (!tile) return new Response(null, { status: 204, headers });
  const etag = `"${createHash('sha1').update(tile).digest('base64url')}"`;
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers: { ...headers, ETag: etag } });
  return new Response(new Uint8Array(tile), {
    status: 200,
    headers: { ...headers, ETag: etag, 'Content-Type': 'application/vnd.mapbox-vector-tile' },
  });
}
