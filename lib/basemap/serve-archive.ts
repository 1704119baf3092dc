import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { ApiError } from '@/lib/api/errors';
import { runtimeEnv } from '@/lib/config/env';

// Serves the deployment's PMTiles archive (AREAL_BASEMAP_PMTILES) by HTTP range requests, as the pmtiles
// protocol reads it: the header and root directory first (16 KiB), then one range per tile or leaf directory.
// One range per request, at most MAX_RANGE_BYTES, so a request's cost is bounded whatever the archive's size.

export const MAX_RANGE_BYTES = 4 * 1024 * 1024;

export type ByteRange = { start: number; end: number };

/** The single byte range a `Range` header asks for within a file of `size` bytes; null when unsatisfiable. */
export function parseRange(header: string, size: number): ByteRange | null {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    // bytes=-N: the last N bytes
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start > end || start >= size) return null;
  return { start, end };
}

/** The archive's configured path, or null when the deployment has none (the map then draws offline). */
export function archivePath(): string | null {
  return runtimeEnv().AREAL_BASEMAP_PMTILES?.trim() || null;
}

/** A response for one range of the archive at `file` (206) or a revalidation (304); throws ApiError 404 / 416 (why not). */
export function serveArchive(request: Request, file: string): Response {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    throw new ApiError('not_found', 'The base map archive is missing');
  }
  const etag = `"${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}"`;
  const headers = new Headers({
    'Accept-Ranges': 'bytes',
    ETag: etag,
    'Cache-Control': 'private, max-age=3600',
    'Content-Type': 'application/octet-stream',
  });
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  const rangeHeader = request.headers.get('range');
  const range = rangeHeader ? parseRange(rangeHeader, stat.size) : { start: 0, end: stat.size - 1 };
  if (!range || range.end - range.start + 1 > MAX_RANGE_BYTES) {
    throw new ApiError('range_not_satisfiable', `One range within the archive, at most ${MAX_RANGE_BYTES} bytes`, { headers: { 'Content-Range': `bytes */${stat.size}` } });
  }
  headers.set('Content-Length', String(range.end - range.start + 1));
  if (rangeHeader) headers.set('Content-Range', `bytes ${range.start}-${range.end}/${stat.size}`);
  const body = Readable.toWeb(createReadStream(file, { start: range.start, end: range.end })) as ReadableStream<Uint8Array>;
  return new Response(body, { status: rangeHeader ? 206 : 200, headers });
}
