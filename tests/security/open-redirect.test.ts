// Issue 15 item 6: /signin?next=/%09/127.0.0.1:9999/x landed on another host — the tab is stripped by the browser
// and "//127.0.0.1:9999/x" is protocol-relative. Every return path is resolved the way a browser would resolve the
// Location header, and must stay on this site.
import { describe, expect, it } from 'vitest';
import { safeReturnPath } from '@/lib/auth/redirect-target';

const SITE = 'http://127.0.0.1:3000';

/** Where a browser on SITE ends up after a redirect to `location` (WHATWG URL parsing strips tab/CR/LF, reads \ as /). */
function landsOn(location: string): string {
  return new URL(location, SITE).origin;
}

/** `next` as the sign-in page receives it from the query string. */
const fromQuery = (query: string) => new URLSearchParams(query).get('next');

describe('the return path after sign-in stays on this site', () => {
  const attacks = [
    'next=/%09/127.0.0.1:9999/x',
    'next=/%0a/evil.example/x',
    'next=/%0d/evil.example',
    'next=%09//evil.example',
    'next=/%5Cevil.example',
    'next=/%5C%5Cevil.example',
    'next=%5C%5Cevil.example',
    'next=//evil.example',
    'next=///evil.example',
    'next=https://evil.example',
    'next=https:evil.example',
    'next=javascript:alert(1)',
    'next=/%00/evil.example',
    'next=/%E2%80%8B/evil.example',
    'next=%20//evil.example',
    'next=/.%09/evil.example',
  ];
  it.each(attacks)('%s → /', (query) => {
    const next = fromQuery(query);
    // The attack is real: unchecked, the browser would leave the site for most of these.
    expect(safeReturnPath(next)).toBe('/');
    expect(landsOn(safeReturnPath(next))).toBe(SITE);
  });

  it('the exact probe of the issue would have left the site without the check', () => {
    expect(landsOn(fromQuery('next=/%09/127.0.0.1:9999/x')!)).toBe('http://127.0.0.1:9999');
  });

  it('ordinary paths come back unchanged', () => {
    for (const ok of ['/', '/map?building=1', '/scenarios/abc?tab=brief#top', '/ranking?q=%2F%2Fnot-a-host']) {
      expect(safeReturnPath(ok)).toBe(ok);
      expect(landsOn(ok)).toBe(SITE);
    }
  });

  it('never back to sign-in, sign-out or the API, however spelled', () => {
    for (const bad of ['/api/scores', '/signin', '/signout', '/./api/scores', '/x/../api/scores']) expect(safeReturnPath(bad)).toBe('/');
  });
});
