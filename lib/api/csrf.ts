// CSRF protection for requests that a cookie authenticates. Browsers send Sec-Fetch-Site on every request
// and Origin on every cross-origin or non-GET one; a state-changing request is accepted only when it comes from
// this origin. A request with neither header is not from a browser (curl, scripts) and cannot ride on a victim's
// cookies, so it passes. SameSite=Lax session cookies are the second layer.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a method changes state (everything but GET/HEAD/OPTIONS). */
export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** The origins this app is served from: AREAL_BASE_URL plus the Host the request came to. */
export function allowedOrigins(headers: Headers, baseURL: string | undefined = runtimeEnv().AREAL_BASE_URL): string[] {
  const origins: string[] = [];
  if (baseURL) origins.push(new URL(baseURL).origin);
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  if (host) {
    const proto = headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
    if (proto) origins.push(`${proto}://${host}`);
    else origins.push(`http://${host}`, `https://${host}`);
  }
  return origins;
}

export type CsrfVerdict = { ok: true } | { ok: false; reason: 'cross_site' | 'origin_mismatch' };

/** Decides whether a state-changing request may proceed (safe methods always may). */
export function checkCsrf(method: string, headers: Headers, baseURL?: string): CsrfVerdict {
  if (!isStateChanging(method)) return { ok: true };
  const site = headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return { ok: false, reason: 'cross_site' };
  const origin = headers.get('origin');
  if (origin && !allowedOrigins(headers, baseURL).includes(origin)) return { ok: false, reason: 'origin_mismatch' };
  return { ok: true };
}import { runtimeEnv } from '@/lib/config/env';

