// GET|POST /api/auth/* – better-auth's own endpoints, limited to the ones Areal uses: the OpenID Connect
// redirect and callback, session lookup and sign-out. Password sign-in goes through the rate-limited form action
// on /signin, so /api/auth/sign-in/email (and sign-up, which is off) answer 404 here.
import { toNextJsHandler } from 'better-auth/next-js';
import { auth } from '@/lib/auth/auth';
import { readBodyBytesLimited } from '@/lib/api/body-limit';
import { errorJson } from '@/lib/api/errors';
import { JSON_BODY_MAX_BYTES } from '@/lib/config/limits';
import { requestIdOf } from '@/lib/api/with-auth';
import { applyApiSecurityHeaders } from '@/lib/api/security-headers';
import { secured, withoutSessionToken } from '@/lib/auth/auth-response';

export const dynamic = 'force-dynamic';

const ALLOWED: Record<string, RegExp> = {
  GET: /^\/api\/auth\/(get-session|callback\/[a-z0-9-]+|error|ok)$/,
  POST: /^\/api\/auth\/(sign-out|sign-in\/social|callback\/[a-z0-9-]+)$/,
};

async function handle(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (!ALLOWED[request.method]?.test(pathname)) return applyApiSecurityHeaders(errorJson('not_found', requestIdOf(request)));
  const { GET, POST } = toNextJsHandler(auth());
  if (request.method === 'GET') {
    const response = await GET(request);
    return secured(pathname.endsWith('/get-session') ? await withoutSessionToken(response) : response);
  }
  // better-auth parses bodies without a limit: count the bytes here (lib/api/body-limit.ts), as withAuth does.
  const body = await readBodyBytesLimited(request, JSON_BODY_MAX_BYTES);
  if (body === 'too_large') return applyApiSecurityHeaders(errorJson('payload_too_large', requestIdOf(request)));
  return secured(await POST(new Request(request.url, { method: request.method, headers: request.headers, body: body as BodyInit, signal: request.signal })));
}

export { handle as GET, handle as POST };
