import { describe, expect, it } from 'vitest';
import { checkCsrf } from '@/lib/api/csrf';
import { ApiError, errorResponse } from '@/lib/api/errors';
import { pageCsp } from '@/lib/api/security-headers';
import { safeReturnPath } from '@/lib/auth/redirect-target';
import { oidcConfig } from '@/lib/auth/oidc';
import { secureCookies } from '@/lib/auth/auth';

const host = { host: 'areal.example.dk' };

describe('CSRF check', () => {
  it('lets reads through whatever their origin', () => {
    expect(checkCsrf('GET', new Headers({ ...host, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).ok).toBe(true);
  });
  it('refuses a cross-site state change by Sec-Fetch-Site or by Origin', () => {
    expect(checkCsrf('POST', new Headers({ ...host, 'sec-fetch-site': 'cross-site' }))).toEqual({ ok: false, reason: 'cross_site' });
    expect(checkCsrf('DELETE', new Headers({ ...host, 'sec-fetch-site': 'same-site' }))).toEqual({ ok: false, reason: 'cross_site' });
    expect(checkCsrf('PATCH', new Headers({ ...host, origin: 'https://evil.example' }))).toEqual({ ok: false, reason: 'origin_mismatch' });
    expect(checkCsrf('POST', new Headers({ ...host, origin: 'null' }))).toEqual({ ok: false, reason: 'origin_mismatch' });
  });
  it('accepts same-origin browsers and non-browser clients without Origin', () => {
    expect(checkCsrf('POST', new Headers({ ...host, origin: 'https://areal.example.dk', 'sec-fetch-site': 'same-origin' })).ok).toBe(true);
    expect(checkCsrf('POST', new Headers({ ...host, origin: 'http://areal.example.dk' })).ok).toBe(true);
    expect(checkCsrf('POST', new Headers(host)).ok).toBe(true);
    expect(checkCsrf('POST', new Headers({ host: 'internal:3000', origin: 'https://areal.example.dk' }), 'https://areal.example.dk').ok).toBe(true);
  });
});

describe('errors', () => {
  it('a deliberate error keeps its code and message; an unexpected one says only "Internal error" and the request id', async () => {
    const deliberate = errorResponse(new ApiError('not_found', 'Scenario not found'), 'req-1');
    expect(deliberate.status).toBe(404);
    expect(await deliberate.json()).toEqual({
      error: { code: 'not_found', message: 'Scenario not found', messages: { en: 'Scenario not found', da: 'Scenario not found' }, requestId: 'req-1' },
    });
    const translated = errorResponse(new ApiError('not_draft'), 'req-3');
    expect([translated.status, (await translated.json()).error]).toEqual([409, { code: 'not_draft', message: 'Only a draft can be edited', messages: { en: 'Only a draft can be edited', da: 'Kun en kladde kan redigeres' }, requestId: 'req-3' }]);
    const original = console.error;
    console.error = () => undefined;
    const unexpected = errorResponse(new Error('password authentication failed for user "areal" at 10.0.0.5'), 'req-2');
    console.error = original;
    expect(unexpected.status).toBe(500);
    expect(await unexpected.text()).toBe('{"error":{"code":"internal","message":"Internal error","messages":{"en":"Internal error","da":"Intern fejl"},"requestId":"req-2"}}');
  });
});

describe('content security policy', () => {
  it('allows the nonce, the MapLibre worker (self and blob:) and a configured basemap; forbids framing', () => {
    const csp = pageCsp({ nonce: 'abc', mapOrigins: ['https://tiles.example'] });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("connect-src 'self' https://tiles.example");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(pageCsp({ nonce: 'abc', dev: true })).toContain("'unsafe-eval'");
  });
});

describe('sign-in details', () => {
  it('returns only to local paths', () => {
    expect(safeReturnPath('/map?building=1')).toBe('/map?building=1');
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', '/api/scores', '/signin', 42]) expect(safeReturnPath(bad)).toBe('/');
  });
  it('OpenID Connect is on only when issuer, client id and secret are all set', () => {
    expect(oidcConfig({})).toBeNull();
    const original = console.error;
    console.error = () => undefined;
    expect(oidcConfig({ AREAL_OIDC_ISSUER: 'https://login.kommune.dk/' })).toBeNull();
    console.error = original;
    expect(oidcConfig({ AREAL_OIDC_ISSUER: 'https://login.kommune.dk/', AREAL_OIDC_CLIENT_ID: 'areal', AREAL_OIDC_CLIENT_SECRET: 's' })).toMatchObject({
      discoveryUrl: 'https://login.kommune.dk/.well-known/openid-configuration',
      scopes: ['openid', 'email', 'profile'],
      organisation: null,
      defaultRole: 'viewer',
    });
  });
  it('OpenID Connect users may join an organisation by default, but never as administrators', () => {
    const base = { AREAL_OIDC_ISSUER: 'https://login.kommune.dk', AREAL_OIDC_CLIENT_ID: 'areal', AREAL_OIDC_CLIENT_SECRET: 's', AREAL_OIDC_ORGANISATION: 'herning' };
    expect(oidcConfig({ ...base, AREAL_OIDC_DEFAULT_ROLE: 'facility_staff' })).toMatchObject({ organisation: 'herning', defaultRole: 'facility_staff' });
    const original = console.error;
    console.error = () => undefined;
    expect(oidcConfig({ ...base, AREAL_OIDC_DEFAULT_ROLE: 'admin' })).toBeNull();
    console.error = original;
  });
  it('cookies are Secure over https and in production, overridable', () => {
    expect(secureCookies('https://areal.kommune.dk', {})).toBe(true);
    expect(secureCookies('http://localhost:3000', {})).toBe(false);
    expect(secureCookies(undefined, { NODE_ENV: 'production' })).toBe(true);
    expect(secureCookies(undefined, { NODE_ENV: 'production', AREAL_SECURE_COOKIES: '0' })).toBe(false);
  });
});
