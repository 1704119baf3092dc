// Security headers. Pages get a per-request nonce CSP from proxy.ts (Next.js puts the nonce on its own inline
// scripts when it finds the policy on the request); API responses get a locked-down policy from withAuth.

export interface CspOptions {
  nonce: string;
  /** `next dev` needs 'unsafe-eval' (React's error overlays) and a websocket for hot reload. */
  dev?: boolean;
  /** Extra origins the map may fetch a basemap style, tiles, glyphs and sprites from (AREAL_BASEMAP_STYLE_URL). */
  mapOrigins?: string[];
  /** The OpenID Connect issuer, which a no-JavaScript sign-in form is redirected to. */
  formOrigins?: string[];
}

/** The Content-Security-Policy for HTML pages. */
export function pageCsp({ nonce, dev = false, mapOrigins = [], formOrigins = [] }: CspOptions): string {
  const map = mapOrigins.join(' ');
  const directives: [string, string][] = [
    ['default-src', "'self'"],
    // Next.js inline bootstrap scripts carry the nonce; the chunks they load are trusted through 'strict-dynamic'.
    ['script-src', `'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`],
    // React style attributes (swatches, charts) and MapLibre's injected CSS need inline styles; no script runs from CSS.
    ['style-src', "'self' 'unsafe-inline'"],
    ['img-src', `'self' data: blob: ${map}`.trim()],
    ['font-src', "'self' data:"],
    // Vector tiles and APIs are same-origin; a configured basemap is the only other origin.
    ['connect-src', `'self' ${map}${dev ? ' ws: wss:' : ''}`.trim()],
    // MapLibre runs its worker from /maplibre-gl-worker.mjs and may fall back to a blob: worker.
    ['worker-src', "'self' blob:"],
    ['child-src', "'self' blob:"],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', `'self' ${formOrigins.join(' ')}`.trim()],
    ['frame-ancestors', "'none'"],
    ['manifest-src', "'self'"],
  ];
  return directives.map(([k, v]) => `${k} ${v}`).join('; ');
}

/** For JSON and tile responses: nothing may be loaded or framed by them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/** Headers every response carries (pages and API), besides the CSP. */
export function commonSecurityHeaders(https: boolean): [string, string][] {
  return [
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()'],
    ...(https ? ([['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']] as [string, string][]) : []),
  ];
}

/** Origins (scheme://host[:port]) of the given URLs, skipping empty or malformed ones. */
export function originsOf(...urls: (string | undefined)[]): string[] {
  const out: string[] = [];
  for (const u of urls) {
    if (!u) continue;
    try {
      out.push(new URL(u).origin);
    } catch {
      /* ignore */
    }
  }
  return out;
}

/** Sets the API security headers on a response (skips immutable ones). */
export function applyApiSecurityHeaders(response: Response, https = process.env.AREAL_BASE_URL?.startsWith('https://') ?? false): Response {
  try {
    if (!response.headers.has('Content-Security-Policy')) response.headers.set('Content-Security-Policy', API_CSP);
    for (const [k, v] of commonSecurityHeaders(https)) if (!response.headers.has(k)) response.headers.set(k, v);
  } catch {
    /* immutable headers */
  }
  return response;
}
