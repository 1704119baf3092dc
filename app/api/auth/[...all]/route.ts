// GET|POST /api/auth/* – better-auth's own endpoints, limited to the ones Areal uses: the OpenID Connect
// redirect and callback, session lookup and sign-out. Password sign-in goes through the rate-limited form action
// on /signin, so /api/auth/sign-in/email (and sign-up, which is off) answer 404 here.
import { toNextJsHandler } from 'better-auth/next-js';
import { auth } from '@/lib/auth/auth';
import { errorJson } from '@/lib/api/errors';
import { requestIdOf } from '@/lib/api/with-auth';
import { applyApiSecurityHeaders } from '@/lib/api/security-headers';

export const dynamic = 'force-dynamic';

const ALLOWED: Record<string, RegExp> = {
  GET: /^\/api\/auth\/(get-session|callback\/[a-z0-9-]+|error|ok)$/,
  POST: /^\/api\/auth\/(sign-out|sign-in\/social|callback\/[a-z0-9-]+)$/,
};

async function handle(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (!ALLOWED[request.method]?.test(pathname)) return applyApiSecurityHeaders(errorJson('not_found', requestIdOf(request)));
  const { GET, POST } = toNextJsHandler(auth());
  return (request.method === 'GET' ? GET : POST)(request);
}

export { handle as GET, handle as POST };
