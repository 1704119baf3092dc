import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { auth as getAuth } from '@/lib/auth/auth';
import { ROLES, type Role } from '@/lib/auth/roles';
import { resolveAuth, type AuthContext } from '@/lib/auth/session';
import { getPool } from '@/lib/db/pool';
import { checkCsrf } from './csrf';
import { errorJson, errorResponse } from './errors';
import { runWithRequestContext } from './request-context';
import { applyApiSecurityHeaders } from './security-headers';

// THE wrapper every route handler under app/api uses (except /api/auth, run by better-auth, and /api/ingest,
// which authenticates with tokens through withIngestToken). It resolves session → user → membership →
// organisation, enforces the roles, refuses cross-site state changes and oversized bodies, and maps errors.

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024; // 1 MiB for JSON bodies; uploads raise it per route

export interface AuthedContext<P> {
  /** The route's params, as Next.js passes them (a promise). */
  params: Promise<P>;
  auth: AuthContext;
  pool: Pool;
  requestId: string;
}

export interface WithAuthOptions {
  /** Roles allowed through; every other signed-in user gets 403. */
  roles: readonly Role[];
  /** Largest accepted request body in bytes (by Content-Length). */
  maxBodyBytes?: number;
}

type RouteContext<P> = { params: Promise<P> };

/** The request id the proxy assigned (x-request-id), or a new one. */
export function requestIdOf(request: Request): string {
  const id = request.headers.get('x-request-id');
  return id && /^[A-Za-z0-9-]{8,64}$/.test(id) ? id : randomUUID();
}

/** Wraps a route handler: authorisation, CSRF, body size and error mapping in one place. */
export function withAuth<P = Record<string, never>>(
  options: WithAuthOptions,
  handler: (request: Request, ctx: AuthedContext<P>) => Promise<Response>,
): (request: Request, routeContext: RouteContext<P>) => Promise<Response> {
  return async (request, routeContext) => applyApiSecurityHeaders(await run(request, routeContext));

  async function run(request: Request, routeContext: RouteContext<P>): Promise<Response> {
    const requestId = requestIdOf(request);
    try {
      const csrf = checkCsrf(request.method, request.headers);
      if (!csrf.ok) return errorJson('csrf_rejected', requestId);
      const length = Number(request.headers.get('content-length') ?? 0);
      if (length > (options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)) return errorJson('payload_too_large', requestId);

      const pool = getPool();
      const resolved = await resolveAuth(getAuth(), pool, request.headers);
      if (resolved.status === 'anonymous') return errorJson('unauthorized', requestId);
      if (resolved.status === 'no_membership') return errorJson('no_membership', requestId);
      if (!options.roles.includes(resolved.auth.role)) return errorJson('forbidden', requestId);

      const params = routeContext?.params ?? Promise.resolve({} as P);
      const response = await runWithRequestContext({ requestId, headers: request.headers, auth: resolved.auth }, () =>
        handler(request, { params, auth: resolved.auth, pool, requestId }),
      );
      if (!response.headers.has('x-request-id')) {
        try { response.headers.set('x-request-id', requestId); } catch { /* immutable headers (e.g. Response.redirect) */ }
      }
      return response;
    } catch (error) {
      return errorResponse(error, requestId);
    }
  }
}

/** Every role: for reads every member of the organisation may do. */
export const ANY_ROLE: readonly Role[] = ROLES;
