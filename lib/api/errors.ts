import { NextResponse } from 'next/server';
import { ZodError } from 'zod';
import { log } from '@/lib/log/logger';

// The one error module: typed codes → HTTP status. Unknown errors never leak their message; the client gets a
// generic message and a request id, the server log gets the details under the same id.

export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  no_membership: 403,
  csrf_rejected: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

const GENERIC_MESSAGE: Record<ErrorCode, string> = {
  bad_request: 'Invalid request',
  unauthorized: 'Sign in to continue',
  forbidden: 'Your role does not allow this',
  no_membership: 'Your account has no role in any organisation yet',
  csrf_rejected: 'Cross-site request refused',
  not_found: 'Not found',
  conflict: 'Conflict',
  payload_too_large: 'Request body too large',
  unsupported_media_type: 'Unsupported content type',
  rate_limited: 'Too many requests; try again later',
  internal: 'Internal error',
};

/** An error a route handler throws on purpose: its code and message go to the client. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string = GENERIC_MESSAGE[code],
    readonly extra: { details?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export interface ErrorBody {
  error: { code: string; message: string; requestId: string; issues?: unknown; details?: unknown };
}

/** A JSON error response with the code's status. */
export function errorJson(code: ErrorCode, requestId: string, message: string = GENERIC_MESSAGE[code], extra: ApiError['extra'] = {}): NextResponse<ErrorBody> {
  const body: ErrorBody = { error: { code, message, requestId, ...(extra.details !== undefined ? { details: extra.details } : {}) } };
  return NextResponse.json(body, { status: ERROR_STATUS[code], headers: { 'x-request-id': requestId, ...extra.headers } });
}

/** Maps anything thrown by a handler to a response; unexpected errors are logged with the request id only. */
export function errorResponse(error: unknown, requestId: string): Response {
  if (error instanceof ApiError) return errorJson(error.code, requestId, error.message, error.extra);
  if (error instanceof ZodError) {
    const body: ErrorBody = { error: { code: 'bad_request', message: 'Invalid request', requestId, issues: error.issues } };
    return NextResponse.json(body, { status: 400, headers: { 'x-request-id': requestId } });
  }
  if (error instanceof SyntaxError) return errorJson('bad_request', requestId, 'Body is not valid JSON');
  // Errors of other libraries that carry a deliberate status and code (e.g. lib/scenarios' ApiError).
  if (isDeliberate(error)) {
    const body: ErrorBody = { error: { code: error.code, message: error.message, requestId } };
    return NextResponse.json(body, { status: error.status, headers: { 'x-request-id': requestId } });
  }
  log().error({ requestId, err: error }, 'request failed');
  return errorJson('internal', requestId);
}

function isDeliberate(error: unknown): error is { status: number; code: string; message: string } {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { status?: unknown; code?: unknown };
  return typeof e.status === 'number' && e.status >= 400 && e.status < 500 && typeof e.code === 'string';
}
