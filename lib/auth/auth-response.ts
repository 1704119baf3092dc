import { applyApiSecurityHeaders } from '@/lib/api/security-headers';

// better-auth's responses, made fit to leave the server (issue 15 item 11): the same security headers as every
// other API response (its redirects have immutable headers, so they are copied into a new response), and no raw
// session token in the JSON of get-session — the token is the credential the HTTP-only cookie protects, and page
// JavaScript (or an injected script) must never be able to read it.

/** A copy of `response` carrying the API security headers (status, body and every Set-Cookie kept). */
export function secured(response: Response): Response {
  const copy = new Response(response.body, { status: response.status, statusText: response.statusText, headers: new Headers(response.headers) });
  return applyApiSecurityHeaders(copy);
}

/** get-session's JSON without `session.token` (the rest — user, expiry — is what a page may know). */
export async function withoutSessionToken(response: Response): Promise<Response> {
  if (!response.ok || !response.headers.get('content-type')?.includes('application/json')) return response;
  const data = (await response.json()) as { session?: Record<string, unknown> } | null;
  if (data?.session) delete data.session.token;
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(data), { status: response.status, statusText: response.statusText, headers });
}
