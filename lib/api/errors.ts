import { NextResponse } from 'next/server';
import { ZodError } from 'zod';
import { log } from '@/lib/log/logger';

// The one error module: typed codes → HTTP status, and one response shape for every route:
//   { error: { code, message, messages: { da, en }, requestId, issues?, details? } }
// (`message` is the English text, `messages` both languages). Unknown errors never leak their message; the client
// gets a generic message and a request id, the server log gets the details under the same id.

export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  no_membership: 403,
  csrf_rejected: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  range_not_satisfiable: 416,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  // Scenarios.
  unknown_building: 400,
  not_draft: 409,
  invalid_transition: 409,
  pdf_unavailable: 503,
  busy: 503,
  // Imports: an upload or a file the import refuses before reading a row (the issue, in details, says why).
  quota_exceeded: 413,
  kind_not_permitted: 403,
  file_too_large: 413,
  unreadable_file: 422,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** A message in both languages of the app. */
export interface Messages {
  da: string;
  en: string;
}

const GENERIC_MESSAGE: Record<ErrorCode, Messages> = {
  bad_request: { en: 'Invalid request', da: 'Ugyldig forespørgsel' },
  unauthorized: { en: 'Sign in to continue', da: 'Log ind for at fortsætte' },
  forbidden: { en: 'Your role does not allow this', da: 'Din rolle giver ikke adgang til dette' },
  no_membership: { en: 'Your account has no role in any organisation yet', da: 'Din konto har endnu ingen rolle i en organisation' },
  csrf_rejected: { en: 'Cross-site request refused', da: 'Forespørgsel fra et andet websted afvist' },
  not_found: { en: 'Not found', da: 'Ikke fundet' },
  conflict: { en: 'Conflict', da: 'Konflikt' },
  payload_too_large: { en: 'Request body too large', da: 'Forespørgslen er for stor' },
  range_not_satisfiable: { en: 'The range cannot be served', da: 'Intervallet kan ikke leveres' },
  unsupported_media_type: { en: 'Unsupported content type', da: 'Indholdstypen understøttes ikke' },
  rate_limited: { en: 'Too many requests; try again later', da: 'For mange forespørgsler; prøv igen senere' },
  internal: { en: 'Internal error', da: 'Intern fejl' },
  unknown_building: { en: 'Unknown building', da: 'Ukendt bygning' },
  not_draft: { en: 'Only a draft can be edited', da: 'Kun en kladde kan redigeres' },
  invalid_transition: { en: 'That status change is not allowed', da: 'Det statusskift er ikke tilladt' },
  pdf_unavailable: { en: 'The PDF could not be rendered; print the brief page instead', da: 'PDF’en kunne ikke dannes; udskriv i stedet notatsiden' },
  busy: { en: 'The server is busy; try again shortly', da: 'Serveren har travlt; prøv igen om lidt' },
  quota_exceeded: { en: "The organisation's upload quota is used", da: 'Organisationens uploadkvote er brugt' },
  kind_not_permitted: { en: 'Your role may not import this kind of file', da: 'Din rolle må ikke importere denne slags fil' },
  file_too_large: { en: 'The file is larger than the limit', da: 'Filen er større end grænsen' },
  unreadable_file: { en: 'The file cannot be read', da: 'Filen kan ikke læses' },
};

/** A message in both languages; a plain string is used for both (details such as ids need no translation). */
function bothLanguages(code: ErrorCode, message?: string | Messages): Messages {
  if (message === undefined) return GENERIC_MESSAGE[code];
  return typeof message === 'string' ? { en: message, da: message } : message;
}

/** An error a route handler (or the lib code it calls) throws on purpose: its code and message go to the client. */
export class ApiError extends Error {
  readonly status: number;
  readonly messages: Messages;
  constructor(
    readonly code: ErrorCode,
    message?: string | Messages,
    readonly extra: { details?: unknown; issues?: unknown; headers?: Record<string, string> } = {},
  ) {
    const messages = bothLanguages(code, message);
    super(messages.en);
    this.messages = messages;
    this.status = ERROR_STATUS[code];
  }
}

export interface ErrorBody {
  error: { code: string; message: string; messages: Messages; requestId: string; issues?: unknown; details?: unknown };
}

/** The one error shape, as a value (a response's body, or an error event of a streamed response). */
export function errorBody(code: ErrorCode, requestId: string, message?: string | Messages, extra: ApiError['extra'] = {}): ErrorBody {
  const messages = bothLanguages(code, message);
  return {
    error: {
      code, message: messages.en, messages, requestId,
      ...(extra.issues !== undefined ? { issues: extra.issues } : {}), ...(extra.details !== undefined ? { details: extra.details } : {}),
    },
  };
}

/** A JSON error response with the code's status: the one error shape of every route. */
export function errorJson(code: ErrorCode, requestId: string, message?: string | Messages, extra: ApiError['extra'] = {}): NextResponse<ErrorBody> {
  return NextResponse.json(errorBody(code, requestId, message, extra), { status: ERROR_STATUS[code], headers: { 'x-request-id': requestId, ...extra.headers } });
}

/** The answer to a batch that was read whole: 200 when it was taken, 422 when its content was refused (rows that
 *  failed validation, devices nobody mapped). The body is the outcome — which rows, why — not an error body: the
 *  request itself was understood, and a sender retrying it would be told the same. */
export const OUTCOME_REFUSED_STATUS = 422;
export function outcomeJson<T>(body: T, taken: boolean): NextResponse<T> {
  return NextResponse.json(body, { status: taken ? 200 : OUTCOME_REFUSED_STATUS });
}

/** Maps anything thrown by a handler to a response; unexpected errors are logged with the request id only. */
export function errorResponse(error: unknown, requestId: string): Response {
  if (error instanceof ApiError) return errorJson(error.code, requestId, error.messages, error.extra);
  if (error instanceof ZodError) return errorJson('bad_request', requestId, undefined, { issues: error.issues });
  if (error instanceof SyntaxError) return errorJson('bad_request', requestId, { en: 'Body is not valid JSON', da: 'Indholdet er ikke gyldig JSON' });
  log().error({ requestId, err: error }, 'request failed');
  return errorJson('internal', requestId);
}
