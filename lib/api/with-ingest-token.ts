import type { Pool } from 'pg';
import { INGEST_FAILED_PER_CLIENT, INGEST_PER_TOKEN, clientAddress, sharedLimiter } from '@/lib/auth/rate-limit';
import { getPool } from '@/lib/db/pool';
import { verifyIngestToken } from '@/lib/imports/ingest-token';
import { errorJson, errorResponse } from './errors';
import { requestIdOf } from './with-auth';
import { applyApiSecurityHeaders } from './security-headers';

// The wrapper for machine routes (/api/ingest/*): `Authorization: Bearer areal_…` → organisation, rate limited
// per token; failed attempts are limited per client address so tokens cannot be guessed. No cookies, so no CSRF.

export interface IngestContext {
  organisationId: string;
  tokenId: string;
  pool: Pool;
  requestId: string;
}

/** Wraps an ingest route handler: token authentication, rate limit, body size limit, error mapping. */
export function withIngestToken(
  options: { maxBodyBytes: number },
  handler: (request: Request, ctx: IngestContext) => Promise<Response>,
): (request: Request) => Promise<Response> {
  return async (request) => applyApiSecurityHeaders(await run(request));

  async function run(request: Request): Promise<Response> {
    const requestId = requestIdOf(request);
    try {
      const client = clientAddress(request.headers);
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
      const pool = getPool();
      const verified = token ? await verifyIngestToken(pool, token) : null;
      if (!verified) {
        // Counted in PostgreSQL, shared by every server instance (lib/auth/rate-limit.ts).
        const f = await sharedLimiter(pool, 'ingest:failed-client', INGEST_FAILED_PER_CLIENT).take(client);
        if (!f.allowed) return errorJson('rate_limited', requestId, undefined, { headers: { 'Retry-After': String(f.retryAfterSeconds) } });
        return errorJson('unauthorized', requestId, 'Missing, unknown or revoked ingest token', { headers: { 'WWW-Authenticate': 'Bearer' } });
      }
      const limit = await sharedLimiter(pool, 'ingest:token', INGEST_PER_TOKEN).take(verified.tokenId);
      if (!limit.allowed) return errorJson('rate_limited', requestId, undefined, { headers: { 'Retry-After': String(limit.retryAfterSeconds) } });
      const length = Number(request.headers.get('content-length') ?? 0);
      if (length > options.maxBodyBytes) return errorJson('payload_too_large', requestId);
      return await handler(request, { organisationId: verified.organisationId, tokenId: verified.tokenId, pool, requestId });
    } catch (error) {
      return errorResponse(error, requestId);
    }
  }
}
