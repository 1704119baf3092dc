// Sign-in, CSRF and security headers against the running production server (next start).
import { execFileSync } from 'node:child_process';
import { Pool } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_FACILITY_BUILDINGS, DEMO_PASSWORD, DEMO_USERS, type DemoAccount } from '@/lib/auth/demo-users';
import { env } from '@/lib/config/env';
import { launchBrowser, screenshot } from '../helpers/browser';
import { sessionCookie, signIn } from '../helpers/sign-in';

const baseURL = inject('baseURL');
let browser: Browser;
let managerCookie: string;

beforeAll(async () => {
  execFileSync('npx', ['tsx', 'scripts/demo-users.ts'], { stdio: 'inherit' }); // idempotent
  browser = await launchBrowser();
  managerCookie = await sessionCookie(baseURL, 'property_manager');
});
afterAll(async () => browser?.close());

describe('anonymous visitors', () => {
  it('are sent from a page to /signin, coming back afterwards', async () => {
    const res = await fetch(`${baseURL}/map?category=Skoler`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!, baseURL);
    expect(location.pathname + location.search).toBe('/signin?next=%2Fmap%3Fcategory%3DSkoler');
  });

  it('get 401 JSON with a code and a request id from the API, and no details', async () => {
    const res = await fetch(`${baseURL}/api/scores`);
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body.error.code).toBe('unauthorized');
    expect(body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-request-id')).toBe(body.error.requestId);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('cannot use better-auth’s password endpoint around the rate-limited form', async () => {
    const res = await fetch(`${baseURL}/api/auth/sign-in/email`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: DEMO_USERS.admin.email, password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe('security headers on pages', () => {
  it('a nonce CSP that Next.js’ own inline scripts carry, frame-ancestors none, referrer policy, nosniff', async () => {
    const res = await fetch(`${baseURL}/signin`);
    const csp = res.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((attrs) => !attrs.includes(`nonce="${nonce}"`))).toEqual([]);
    // A fresh nonce per response.
    const again = (await fetch(`${baseURL}/signin`)).headers.get('content-security-policy');
    expect(again).not.toBe(csp);
  });

  it('the map (MapLibre worker, vector tiles, charts) works under the CSP without violations', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text()); });
    // Listen before the map loads: its first tiles can arrive before the canvas check returns.
    const firstTile = page.waitForResponse((r) => r.url().includes('/api/tiles/buildings/') && r.status() === 200, { timeout: 30_000 });
    await signIn(page, baseURL, 'viewer', '/map');
    await page.locator('canvas.maplibregl-canvas').waitFor();
    const tile = await firstTile;
    expect(tile.headers()['content-type']).toContain('vector-tile');
    await page.waitForTimeout(1500);
    expect(violations).toEqual([]);
    // A politician sees who they are, and no administration link.
    expect(await page.getByTestId('signed-in-role').innerText()).toContain('politiker');
    expect(await page.locator('a[href="/admin"]').count()).toBe(0);
    await context.close();
  });
});

describe('sign-in and sign-out in the browser', () => {
  it('a wrong password is refused with a message and no session', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseURL}/signin`);
    await page.locator('input[name="email"]').fill(DEMO_USERS.admin.email);
    await page.locator('input[name="password"]').fill('forkert-adgangskode');
    await page.locator('form.sign-in-form button[type="submit"]').click();
    await page.getByText('Forkert e-mail eller adgangskode.').waitFor();
    expect((await context.cookies()).filter((c) => c.name.includes('session_token'))).toEqual([]);
    await context.close();
  });

  it('the session cookie is HTTP-only and SameSite=Lax; signing out ends it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, baseURL, 'admin');
    const session = (await context.cookies()).find((c) => c.name.endsWith('areal.session_token'))!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    const cookie = `${session.name}=${session.value}`;
    expect((await fetch(`${baseURL}/api/scores`, { headers: { cookie } })).status).toBe(200);
    await page.getByRole('button', { name: 'Log ud' }).click();
    await page.waitForURL(/\/signin/);
    expect((await fetch(`${baseURL}/api/scores`, { headers: { cookie } })).status).toBe(401);
    await context.close();
  });
});

describe('the client address in the real server (issue 15 item 7)', () => {
  it('a spoofed X-Forwarded-For / X-Real-IP does not become the address the session and the limits see', async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.77', 'x-real-ip': '203.0.113.78' } });
    const page = await context.newPage();
    await signIn(page, baseURL, 'viewer');
    const pool = new Pool({ connectionString: env().DATABASE_URL, max: 1 });
    try {
      const { rows } = await pool.query(
        `SELECT s.ip_address FROM auth_session s JOIN app_user u ON u.id = s.user_id WHERE u.email = $1 ORDER BY s.created_at DESC LIMIT 1`,
        [DEMO_USERS.viewer.email],
      );
      expect(rows[0].ip_address).toBe('127.0.0.1');
    } finally {
      await pool.end();
      await context.close();
    }
  });
});

describe('server actions from another site (issue 15 item 15)', () => {
  it('answer 403, not 500', async () => {
    const res = await fetch(`${baseURL}/admin/users`, {
      method: 'POST',
      headers: { cookie: managerCookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'next-action': '0'.repeat(42), 'content-type': 'text/plain;charset=UTF-8' },
      body: '[]',
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('csrf_rejected');
  });
});

describe('CSRF and body limits on cookie-authenticated requests', () => {
  const post = (headers: Record<string, string>, body = '{"name":1}') =>
    fetch(`${baseURL}/api/scenarios`, { method: 'POST', headers: { cookie: managerCookie, 'content-type': 'application/json', ...headers }, body });

  it('refuses a state change from another origin or another site', async () => {
    const byOrigin = await post({ origin: 'https://evil.example' });
    expect(byOrigin.status).toBe(403);
    expect((await byOrigin.json()).error.code).toBe('csrf_rejected');
    const bySite = await post({ 'sec-fetch-site': 'cross-site' });
    expect(bySite.status).toBe(403);
  });

  it('lets the same origin through to validation', async () => {
    const res = await post({ origin: new URL(baseURL).origin, 'sec-fetch-site': 'same-origin' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('bad_request');
  });

  it('refuses a JSON body over 1 MiB with 413', async () => {
    const res = await post({ origin: new URL(baseURL).origin }, JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }));
    expect(res.status).toBe(413);
  });
});

/** A fresh browser context signed in as the demo account; the page is on `path`. */
async function pageAs(account: DemoAccount, path = '/'): Promise<Page> {
  const context = await browser.newContext({ locale: 'da-DK' });
  const page = await context.newPage();
  await signIn(page, baseURL, account, path);
  return page;
}

describe('home page per role', () => {
  let pool: Pool;
  const scenarioIds: string[] = [];
  beforeAll(async () => {
    pool = new Pool({ connectionString: env().DATABASE_URL, max: 2 });
    const { rows: [org] } = await pool.query<{ id: string }>(`SELECT id FROM organisation WHERE slug = 'demo'`);
    for (const [name, status] of [['Browsertest: kladde', 'draft'], ['Browsertest: forslag', 'proposed']]) {
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO scenario (organisation_id, name, status, status_changed_at, result) VALUES ($1, $2, $3, now(), '{"areaRemovedM2": 2500, "annualSavingsDkk": 1250000}') RETURNING id`,
        [org.id, name, status],
      );
      scenarioIds.push(rows[0].id);
    }
  });
  afterAll(async () => {
    await pool?.query('DELETE FROM scenario WHERE id = ANY($1::uuid[])', [scenarioIds]);
    await pool?.end();
  });

  it('facility staff see their assigned buildings and the upload link, not the organisation’s totals', async () => {
    const page = await pageAs('facility_staff');
    await page.getByTestId('assigned-buildings').waitFor();
    expect(await page.locator('[data-testid="assigned-buildings"] tbody tr').count()).toBe(DEMO_FACILITY_BUILDINGS);
    expect(await page.getByTestId('portfolio-totals').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Upload sensordata eller udgifter' }).getAttribute('href')).toBe('/uploads');
    const firstRow = await page.locator('[data-testid="assigned-buildings"] tbody tr').first().innerText();
    expect(firstRow).toMatch(/\d{2}-\d{2}-\d{4} \d{2}:\d{2}/); // last reading, Danish date and time
    expect(firstRow).toMatch(/\d+ %/); // coverage
    await screenshot(page, 'home-facility-staff');
    await page.context().close();
  });

  it('a viewer sees proposed scenarios first, then the figures — never a draft', async () => {
    const page = await pageAs('viewer');
    await page.getByTestId('home-scenarios').waitFor();
    const text = await page.locator('main, body').first().innerText();
    expect(text).toContain('Browsertest: forslag');
    expect(text).not.toContain('Browsertest: kladde');
    expect(text.indexOf('Browsertest: forslag')).toBeLessThan(text.indexOf('Porteføljen i tal'));
    expect(await page.getByTestId('portfolio-totals').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Upload sensordata eller udgifter' }).count()).toBe(0);
    await screenshot(page, 'home-viewer');
    await page.context().close();
  });
});

describe('organisation switcher', () => {
  it('the demo administrator switches to demo-nabo as a viewer and back; users of one organisation see no switcher', async () => {
    const page = await pageAs('admin');
    const switcher = page.getByTestId('organisation-switch');
    await switcher.waitFor();
    expect(await page.getByTestId('signed-in-role').innerText()).toContain('Administrator');
    const nabo = await page.locator('#organisation-switch-select option', { hasText: 'Ikast-Brande' }).getAttribute('value');
    await page.selectOption('#organisation-switch-select', nabo!);
    await Promise.all([page.waitForURL(`${baseURL}/`), switcher.getByRole('button').click()]);
    await page.waitForFunction(() => document.querySelector('[data-testid="signed-in-role"]')?.textContent?.includes('Læser'));
    expect(await page.locator('[data-home]').getAttribute('data-home')).toBe('viewer');
    expect(await page.locator('.brand').innerText()).toContain('Ikast-Brande');
    await screenshot(page, 'organisation-switched');
    // The API follows the session's organisation: a viewer may not read the audit export.
    const cookie = (await page.context().cookies(baseURL)).map((c) => `${c.name}=${c.value}`).join('; ');
    expect((await fetch(`${baseURL}/api/audit/export`, { headers: { cookie } })).status).toBe(403);
    const demo = await page.locator('#organisation-switch-select option').first().getAttribute('value');
    await page.selectOption('#organisation-switch-select', demo!);
    await Promise.all([page.waitForURL(`${baseURL}/`), switcher.getByRole('button').click()]);
    await page.waitForFunction(() => document.querySelector('[data-testid="signed-in-role"]')?.textContent?.includes('Administrator'));
    expect((await fetch(`${baseURL}/api/audit/export`, { headers: { cookie } })).status).toBe(200);
    await page.context().close();

    const single = await pageAs('property_manager');
    expect(await single.getByTestId('organisation-switch').count()).toBe(0);
    await single.context().close();
  });
});

describe('audit log page', () => {
  it('property managers filter it, see Danish times and before/after, and export the same filter as CSV', async () => {
    const page = await pageAs('property_manager', '/admin/audit');
    await page.getByTestId('audit-table').waitFor();
    await page.selectOption('select[name="action"]', 'session.switch_organisation');
    await Promise.all([page.waitForURL(/action=session.switch_organisation/), page.getByRole('button', { name: 'Filtrér' }).click()]);
    const rows = page.locator('[data-testid="audit-table"] tbody tr[data-action]');
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await rows.evaluateAll((trs) => trs.every((tr) => tr.getAttribute('data-action') === 'session.switch_organisation'))).toBe(true);
    expect(await rows.first().locator('time').innerText()).toMatch(/^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(await rows.first().innerText()).toContain('Skiftet organisation'); // translated action
    expect(await rows.first().getByTestId('audit-change').innerText()).toMatch(/^Aktiv organisation: (ja → nej|nej → ja)$/);
    const href = await page.getByTestId('audit-export').getAttribute('href');
    expect(href).toBe('/api/audit/export?action=session.switch_organisation');
    await screenshot(page, 'audit-log');
    const cookie = (await page.context().cookies(baseURL)).map((c) => `${c.name}=${c.value}`).join('; ');
    const csv = await fetch(`${baseURL}${href}`, { headers: { cookie } });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    const shown = await rows.count(); // one page holds 50; the export has every matching row
    if (shown < 50) expect(lines.length).toBe(shown + 1);
    else expect(lines.length).toBeGreaterThan(shown);
    expect(lines.slice(1).every((l) => l.includes(';session.switch_organisation;'))).toBe(true);
    await page.context().close();
  });

  it('facility staff and viewers are sent away from it', async () => {
    for (const account of ['facility_staff', 'viewer'] as const) {
      const page = await pageAs(account);
      await page.goto(`${baseURL}/admin/audit`);
      // The segment has a loading state, so the response streams and the redirect arrives inside it, not as a 307.
      await page.waitForURL((url) => url.pathname === '/signin/forbidden', { timeout: 10_000 });
      expect(await page.getByRole('table').count()).toBe(0); // no audit rows reached the browser
      await page.context().close();
    }
  });
});
