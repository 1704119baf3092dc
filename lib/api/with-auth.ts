import { randomUUID } from 'node:crypto';
import { log } from '@/lib/log/logger';
import type { Pool } from 'pg';
import { auth as getAuth } from '@/lib/auth/auth';
import { ROLES, type Role } from '@/lib/auth/roles';
import { resolveAuth, type AuthContext } from '@/lib/auth/session';
import { getPool } from '@/lib/db/pool';
import { JSON_BODY_MAX_BYTES } from '@/lib/config/limits';
import { BodyTooLarge, limitBodyStream, readBodyBytesLimited } from './body-limit';
import { checkCsrf } from './csrf';
import { errorJson, errorResponse } from './errors';
import { runWithRequestContext } from './request-context';
import { applyApiSecurityHeaders } from './security-headers';

// THE wrapper every route handler under app/api uses (except /api/auth, run by better-auth, and /api/ingest,
// which authenticates with tokens through withIngestToken). It resolves session → user → membership →
// organisation, enforces the roles, refuses cross-site state changes and oversized bodies, and maps errors.

/** 1 MiB for JSON bodies (lib/config/limits.ts); uploads raise it per route. */
export const DEFAULT_MAX_BODY_BYTES = JSON_BODY_MAX_BYTES;

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
  /**
   * Largest accepted request body in bytes, counted as the bytes arrive (Content-Length is checked first). Up to
   * JSON_BODY_MAX_BYTES the body is read here and the handler gets it buffered; larger limits (uploads) stream it
   * to the handler through a counter that errors with BodyTooLarge past the limit.
   */
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
    const t0 = performance.now();
    let who: { organisation?: string; user?: string; role?: string } = {};
    const logged = (response: Response): Response => {
      // One line per request: never the query string (it may carry names or tokens) nor a body.
      log().info({ requestId, method: request.method, path: new URL(request.url).pathname, status: response.status, ms: Math.round(performance.now() - t0), ...who }, 'request');
      return response;
    };
    try {
      const csrf = checkCsrf(request.method, request.headers);
      if (!csrf.ok) return errorJson('csrf_rejected', requestId);
      const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      const length = Number(request.headers.get('content-length') ?? 0);
      if (length > maxBody) return errorJson('payload_too_large', requestId);

      const pool = getPool();
      const resolved = await resolveAuth(getAuth(), pool, request.headers);
      if (resolved.status === 'anonymous') return errorJson('unauthorized', requestId);
      if (resolved.status === 'no_membership') return errorJson('no_membership', requestId);
      who = { organisation: resolved.auth.organisation.id, user: resolved.auth.user.id, role: resolved.auth.role };
      if (!options.roles.includes(resolved.auth.role)) return logged(errorJson('forbidden', requestId));

      // The body only after authorisation: an anonymous client cannot make the server read a megabyte.
      let body: Request = request;
      if (request.body && request.method !== 'GET' && request.method !== 'HEAD') {
        if (maxBody <= JSON_BODY_MAX_BYTES) {
          const bytes = await readBodyBytesLimited(request, maxBody);
          if (bytes === 'too_large') return errorJson('payload_too_large', requestId);
          body = new Request(request.url, { method: request.method, headers: request.headers, body: bytes as BodyInit, signal: request.signal });
        } else body = limitBodyStream(request, maxBody);
      }
      const params = routeContext?.params ?? Promise.resolve({} as P);
      const response = await runWithRequestContext({ requestId, headers: request.headers, auth: resolved.auth }, () =>
        handler(body, { params, auth: resolved.auth, pool, requestId }),
      );
      if (!response.headers.has('x-request-id')) {
        try { response.headers.set('x-request-id', requestId); } catch { /* immutable headers (e.g. Response.redirect) */ }
      }
      return logged(response);
    } catch (error) {
      if (error instanceof BodyTooLarge || (error as { cause?: unknown })?.cause instanceof BodyTooLarge) return logged(errorJson('payload_too_large', requestId));
      return logged(errorResponse(error, requestId));
    }
  }
}

/** Every role: for reads every member of the organisation may do. */
export const ANY_ROLE: readonly Role[] = ROLES;
