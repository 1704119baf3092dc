import { getSessionCookie } from 'better-auth/cookies';
import { NextResponse, type NextRequest } from 'next/server';
import { checkCsrf } from '@/lib/api/csrf';
import { API_CSP, commonSecurityHeaders, originsOf, pageCsp } from '@/lib/api/security-headers';

// Runs before every page request (not /api — route handlers authorise themselves with withAuth, and keeping the
// proxy off /api means upload bodies are never buffered here): a request id, a per-request CSP nonce and the
// security headers, and a redirect to /signin for anyone without a session cookie. The cookie is only checked for
// presence here; pages verify the session itself through requirePageAuth/currentAuth.

const PUBLIC_PATHS = [/^\/signin(\/|$)/, /^\/health(\/|$)/];

function isPublic(pathname: string): boolean {
  return PUBLIC_PATHS.some((re) => re.test(pathname)) || /\.[a-z0-9]+$/i.test(pathname); // public/ files: icon.svg, worker
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const requestId = crypto.randomUUID();
  const https = request.nextUrl.protocol === 'https:' || (process.env.AREAL_BASE_URL?.startsWith('https://') ?? false);

  // A cross-site POST to a page is a server action (or form) someone else's site submitted: 403 here, before
  // Next.js's own origin check, which refuses it with a 500 (issue 15 item 15). Same rule as the API (lib/api/csrf.ts).
  const csrf = checkCsrf(request.method, request.headers);
  if (!csrf.ok) {
    const refused = NextResponse.json({ error: { code: 'csrf_rejected', message: 'Cross-site request refused', requestId } }, { status: 403 });
    refused.headers.set('Content-Security-Policy', API_CSP);
    for (const [k, v] of commonSecurityHeaders(https)) refused.headers.set(k, v);
    refused.headers.set('x-request-id', requestId);
    return refused;
  }

  if (!isPublic(pathname) && !getSessionCookie(request, { cookiePrefix: 'areal' })) {
    const target = new URL('/signin', request.url);
    if (pathname !== '/') target.searchParams.set('next', pathname + search);
    const redirect = NextResponse.redirect(target, 303);
    for (const [k, v] of commonSecurityHeaders(https)) redirect.headers.set(k, v);
    redirect.headers.set('x-request-id', requestId);
    return redirect;
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = pageCsp({
    nonce,
    dev: process.env.NODE_ENV === 'development',
    mapOrigins: originsOf(process.env.AREAL_BASEMAP_STYLE_URL),
    formOrigins: originsOf(process.env.AREAL_OIDC_ISSUER),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('x-request-id', requestId);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  response.headers.set('x-request-id', requestId);
  for (const [k, v] of commonSecurityHeaders(https)) response.headers.set(k, v);
  return response;
}

export const config = {
  matcher: [
    {
      source: '/((?!api/|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
