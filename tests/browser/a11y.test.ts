// Accessibility: every page found from the file system (app/**/page.tsx), checked with axe-core (WCAG 2.0/2.1
// A and AA rules) signed in as a role that can see it, in Danish, on a desktop and on a tablet-sized viewport.
// Serious and critical violations fail the test and are printed. A page without a URL mapping below fails too,
// so a new page cannot be forgotten.
import AxeBuilder from '@axe-core/playwright';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deleteTestScenarios, testStamp } from '@/tests/helpers/test-scenarios';
import type { DemoAccount } from '@/lib/auth/demo-users';
import { LOCALE_COOKIE } from '@/lib/i18n/config';
import { launchBrowser, screenshot } from '../helpers/browser';
import { signIn } from '../helpers/sign-in';

type Account = DemoAccount | 'anonymous';
interface Ids { building: string; scenarioA: string; scenarioB: string }
interface PageCheck { account: Account; url: (ids: Ids) => string }

/** The route pattern of a page file: app/scenarios/[id]/page.tsx → /scenarios/[id]; route groups dropped. */
export function routeOf(file: string): string {
  const segments = path.dirname(path.relative('app', file)).split(path.sep).filter((s) => s !== '.' && !/^\(.*\)$/.test(s));
  return '/' + segments.join('/');
}

function pageFiles(dir = 'app'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name.startsWith('_') || name === 'api' ? [] : pageFiles(full);
    return name === 'page.tsx' ? [full] : [];
  });
}

// Every page, who checks it, and its URL (dynamic segments from the demo data or a scenario created below).
// Pages several roles see are checked as the role with the most on the page, and as the politician where
// the politician reads them.
const PAGES: Record<string, PageCheck[]> = {
  '/': [{ account: 'property_manager', url: () => '/' }, { account: 'facility_staff', url: () => '/' }],
  '/signin': [{ account: 'anonymous', url: () => '/signin' }],
  '/signin/forbidden': [{ account: 'facility_staff', url: () => '/signin/forbidden' }],
  '/map': [
    { account: 'property_manager', url: () => '/map?lng=8.9738&lat=56.1393&z=13' },
    { account: 'property_manager', url: (ids) => `/map?lng=8.9738&lat=56.1393&z=13&b=${ids.building}` },
  ],
  '/ranking': [{ account: 'property_manager', url: () => '/ranking' }, { account: 'viewer', url: () => '/ranking' }],
  '/demand': [{ account: 'admin', url: () => '/demand' }, { account: 'viewer', url: () => '/demand?variant=high&service=school' }],
  '/scenarios': [{ account: 'property_manager', url: () => '/scenarios' }, { account: 'viewer', url: () => '/scenarios' }],
  '/scenarios/new': [{ account: 'property_manager', url: (ids) => `/scenarios/new?building=${ids.building}` }],
  '/scenarios/[id]': [{ account: 'property_manager', url: (ids) => `/scenarios/${ids.scenarioA}` }, { account: 'viewer', url: (ids) => `/scenarios/${ids.scenarioA}` }],
  '/scenarios/[id]/brief': [{ account: 'viewer', url: (ids) => `/scenarios/${ids.scenarioA}/brief` }],
  '/scenarios/compare': [{ account: 'viewer', url: (ids) => `/scenarios/compare?ids=${ids.scenarioA},${ids.scenarioB}` }],
  '/uploads': [{ account: 'facility_staff', url: () => '/uploads' }, { account: 'property_manager', url: () => '/uploads' }],
  '/admin': [{ account: 'admin', url: () => '/admin' }],
  '/admin/users': [{ account: 'admin', url: () => '/admin/users' }],
  '/admin/audit': [{ account: 'admin', url: () => '/admin/audit' }],
  '/admin/tokens': [{ account: 'admin', url: () => '/admin/tokens' }],
  '/admin/settings': [{ account: 'admin', url: () => '/admin/settings' }],
  '/admin/status': [{ account: 'admin', url: () => '/admin/status' }],
  '/invitations': [{ account: 'viewer', url: () => '/invitations' }],
};

const VIEWPORTS = [
  { name: 'desktop', width: 1400, height: 900 },
  { name: 'tablet', width: 820, height: 1180 },
] as const;

interface Violation { id: string; impact?: string | null; help: string; nodes: { target: unknown; failureSummary?: string }[] }

/** Loads a page and waits until it has settled (the map: until its tiles are drawn). */
async function settle(page: Page, url: string): Promise<void> {
  const response = await page.goto(url, { waitUntil: 'load' });
  expect(response?.status(), url).toBeLessThan(400);
  await page.waitForLoadState('networkidle', { timeout: 20_000 }).catch(() => undefined);
  if (new URL(page.url()).pathname === '/map') {
    await page.waitForFunction(() => window.__arealMap?.loaded() && !window.__arealMap.isMoving(), null, { timeout: 60_000 });
    await page.getByTestId('building-list').locator('li').first().waitFor({ timeout: 30_000 });
    if (url.includes('&b=')) await page.getByTestId('building-panel').locator('h2').first().waitFor({ timeout: 30_000 });
  }
}

async function seriousViolations(page: Page): Promise<Violation[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(result.passes.length, 'axe ran its rules').toBeGreaterThan(10);
  return (result.violations as Violation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function describeViolations(where: string, violations: Violation[]): string {
  return violations
    .map((v) => `${where}: [${v.impact}] ${v.id} — ${v.help}\n` + v.nodes.slice(0, 5).map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary?.split('\n').slice(1, 3).join(' ') ?? ''}`).join('\n'))
    .join('\n');
}

describe('accessibility of every page (axe-core, WCAG 2.1 A/AA)', () => {
  const baseURL = inject('baseURL');
  let browser: Browser;
  const contexts = new Map<Account, BrowserContext>();
  let ids: Ids;
  const stamp = testStamp();

  beforeAll(async () => {
    browser = await launchBrowser();
    for (const account of ['anonymous', 'admin', 'property_manager', 'facility_staff', 'viewer'] as const) {
      const context = await browser.newContext({ locale: 'da-DK' });
      if (account !== 'anonymous') await signIn(await context.newPage(), baseURL, account);
      await context.addCookies([{ name: LOCALE_COOKIE, value: 'da', url: baseURL }]);
      contexts.set(account, context);
    }
    // Dynamic segments: a demo building, and two proposed scenarios created through the API (so the politician sees them).
    const page = await contexts.get('property_manager')!.newPage();
    await page.goto(`${baseURL}/`);
    ids = await page.evaluate(async (stamp) => {
      const hits = (await (await fetch('/api/buildings/search?q=skole')).json()).hits as { id: string }[];
      const create = async (name: string) => {
        const res = await fetch('/api/scenarios', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, actions: [] }) });
        const { id } = (await res.json()) as { id: string };
        await fetch(`/api/scenarios/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'proposed' }) });
        return id;
      };
      return { building: hits[0].id, scenarioA: await create(`Tilgængelighedstest A ${stamp}`), scenarioB: await create(`Tilgængelighedstest B ${stamp}`) };
    }, stamp);
    await page.close();
  });
  afterAll(async () => {
    await deleteTestScenarios(stamp);
    await browser?.close();
  });

  it('has a URL for every page in app/ (add a row to PAGES for a new page)', () => {
    const routes = pageFiles().map(routeOf).sort();
    expect(routes.length).toBeGreaterThan(10);
    const unmapped = routes.filter((r) => !PAGES[r]);
    expect(unmapped, `pages without a URL in tests/browser/a11y.test.ts: ${unmapped.join(', ')}`).toEqual([]);
    const stale = Object.keys(PAGES).filter((r) => !routes.includes(r));
    expect(stale, 'PAGES rows for pages that no longer exist').toEqual([]);
  });

  it('has no serious or critical axe violations on any page, in Danish, on desktop and tablet', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const [route, checks] of Object.entries(PAGES)) {
      for (const check of checks) {
        const page = await contexts.get(check.account)!.newPage();
        for (const viewport of VIEWPORTS) {
          await page.setViewportSize({ width: viewport.width, height: viewport.height });
          const url = `${baseURL}${check.url(ids)}`;
          await settle(page, url);
          expect(new URL(page.url()).pathname, `${check.account} was sent away from ${route}`).toBe(new URL(url).pathname);
          expect(await page.getAttribute('html', 'lang'), url).toBe('da');
          const violations = await seriousViolations(page);
          checked++;
          if (violations.length > 0) {
            failures.push(describeViolations(`${check.url(ids)} (${check.account}, ${viewport.name})`, violations));
            await screenshot(page, `a11y-${route.replace(/\W+/g, '_')}-${check.account}-${viewport.name}`);
          }
        }
        await page.close();
      }
    }
    if (failures.length > 0) console.error(failures.join('\n'));
    expect(checked).toBeGreaterThanOrEqual(Object.keys(PAGES).length * VIEWPORTS.length);
    expect(failures, failures.join('\n')).toEqual([]);
  }, 900_000);

  it('says lang="en" after switching to English, and English pages pass axe too', async () => {
    const context = await browser.newContext({ locale: 'da-DK' });
    const page = await context.newPage();
    await signIn(page, baseURL, 'property_manager');
    await settle(page, `${baseURL}/ranking`);
    expect(await page.getAttribute('html', 'lang')).toBe('da');
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 30_000 });
    const failures: string[] = [];
    for (const url of ['/', '/map?lng=8.9738&lat=56.1393&z=13', '/ranking', '/scenarios', '/uploads']) {
      await settle(page, `${baseURL}${url}`);
      expect(await page.getAttribute('html', 'lang'), url).toBe('en');
      const violations = await seriousViolations(page);
      if (violations.length > 0) failures.push(describeViolations(`${url} (en)`, violations));
    }
    await context.close();
    expect(failures, failures.join('\n')).toEqual([]);
  }, 300_000);
});

describe('the map by keyboard only', () => {
  const baseURL = inject('baseURL');
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('skips to the list, highlights and opens buildings from it, returns focus, and pans/zooms the focused map', async () => {
    const context = await browser.newContext({ locale: 'da-DK', viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await signIn(page, baseURL, 'property_manager');
    await settle(page, `${baseURL}/map?lng=8.9738&lat=56.1393&z=13`);
    const active = () => page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return { tag: el?.tagName ?? '', id: el?.id ?? '', building: el?.dataset.buildingId ?? '', text: el?.textContent ?? '', cls: el?.className ?? '' };
    });
    const tabUntil = async (done: (a: Awaited<ReturnType<typeof active>>) => boolean, max = 60) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        const a = await active();
        if (done(a)) return a;
      }
      throw new Error('never reached the element by Tab');
    };

    // The text alternative says what the map shows.
    const textAlt = page.getByTestId('map-text-alt');
    await page.waitForFunction(() => /bygninger i visningen/.test(document.querySelector('[data-testid="map-text-alt"]')?.textContent ?? ''), null, { timeout: 30_000 });
    expect(await textAlt.innerText()).toMatch(/^[\d.]+ bygninger i visningen, [\d.]+ med lav samlet score \(under 40\)/);
    expect(await textAlt.getAttribute('aria-live')).toBe('polite');

    // Skip link → the list heading; Tab → the first building, which the map rings.
    await page.locator('body').focus();
    await tabUntil((a) => a.text === 'Spring til bygningslisten');
    await page.keyboard.press('Enter');
    expect((await active()).id).toBe('list-title');
    const first = await tabUntil((a) => a.building !== '');
    const ringed = () => page.evaluate(() => JSON.stringify(window.__arealMap!.getFilter('buildings-selected')));
    expect(await ringed()).toContain(first.building);
    const second = await tabUntil((a) => a.building !== '');
    expect(second.building).not.toBe(first.building);
    expect(await ringed()).toContain(second.building);

    // Enter opens the panel and moves focus to its heading; the URL and the list mark the selection.
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('building-panel');
    await panel.locator('h2').first().waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.activeElement?.matches('[data-testid="building-panel"] h2'), null, { timeout: 10_000 });
    expect(second.text).toContain((await active()).text);
    expect(page.url()).toContain(`b=${second.building}`);
    expect(await page.locator(`[data-building-id="${second.building}"]`).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'a11y-map-keyboard-panel');

    // Shift+Tab to "Luk", Enter: the panel closes and focus returns to the building in the list.
    await page.keyboard.press('Shift+Tab');
    expect((await active()).text).toBe('Luk');
    await page.keyboard.press('Enter');
    await panel.waitFor({ state: 'detached' });
    expect((await active()).building).toBe(second.building);

    // Tab on to the map canvas: it shows its focus, and arrow keys pan and + / − zoom.
    const canvas = await tabUntil((a) => String(a.cls).includes('maplibregl-canvas'), 400);
    expect(canvas.tag).toBe('CANVAS');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
    expect(await page.evaluate(() => document.activeElement!.getAttribute('aria-label'))).toMatch(/piletasterne/);
    const view = () => page.evaluate(() => ({ lng: window.__arealMap!.getCenter().lng, lat: window.__arealMap!.getCenter().lat, zoom: window.__arealMap!.getZoom() }));
    // One key at a time, as a person presses them: each key's easing runs to its end before the next key. (Pressed
    // faster than the map draws its first frame, each key's easing restarts the previous one from where it stood, so
    // three quick ArrowRights on the heavier base-map style moved the map by nothing.) A key that moves nothing
    // fails the expectations below after 10 s.
    const press = async (key: string) => {
      const moved = page.evaluate(() => new Promise<void>((resolve) => {
        window.__arealMap!.once('moveend', () => resolve());
        setTimeout(resolve, 10_000);
      }));
      await page.keyboard.press(key);
      await moved;
    };
    const before = await view();
    for (let i = 0; i < 3; i++) await press('ArrowRight');
    await press('ArrowUp');
    const panned = await view();
    expect(panned.lng).toBeGreaterThan(before.lng);
    expect(panned.lat).toBeGreaterThan(before.lat);
    await press('Equal'); // "+" on a Danish keyboard's US position
    expect((await view()).zoom).toBeGreaterThan(panned.zoom + 0.5);
    await press('Minus');
    await press('Minus');
    expect((await view()).zoom).toBeLessThan(panned.zoom);
    await screenshot(page, 'a11y-map-keyboard-canvas');

    // The search, by keyboard: type, Tab to the hit, Enter — the map flies there and the list marks it.
    const name = second.text.split(' · ')[0];
    await page.getByLabel('Søg bygning').focus();
    await page.keyboard.type(name.slice(0, 12));
    await page.locator('.search-hits button').first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await panel.locator('h2').first().waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('[data-building-id][aria-pressed="true"]'), null, { timeout: 30_000 });
    await context.close();
  }, 180_000);

});

describe('the map never carries meaning by colour alone', () => {
  const baseURL = inject('baseURL');

  it('draws categories as shapes as well as colours, with the same shapes in the legend', async () => {
    const browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'da-DK', viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await signIn(page, baseURL, 'property_manager');
    await settle(page, `${baseURL}/map?lng=8.9738&lat=56.1393&z=13`);
    expect(await page.evaluate(() => window.__arealMap!.getLayoutProperty('buildings-shape', 'visibility'))).toBe('none');
    await page.getByLabel('Farv efter').selectOption('category');
    await page.waitForFunction(() => window.__arealMap!.getLayoutProperty('buildings-shape', 'visibility') === 'visible'
      && window.__arealMap!.queryRenderedFeatures({ layers: ['buildings-shape'] }).length > 20, null, { timeout: 30_000 });
    expect(await page.evaluate(() => window.__arealMap!.getLayoutProperty('buildings-point', 'visibility'))).toBe('none');
    const categories = await page.evaluate(() => [...new Set(window.__arealMap!.queryRenderedFeatures({ layers: ['buildings-shape'] }).map((f) => f.properties.category))]);
    expect(categories.length).toBeGreaterThan(3);
    const legend = page.locator('ul.legend li');
    expect(await legend.locator('svg polygon').count()).toBe(await legend.count());
    expect(new Set(await legend.locator('svg polygon').evaluateAll((ps) => ps.map((p) => p.getAttribute('points')))).size).toBe(await legend.count());
    await page.waitForFunction(() => /flest/.test(document.querySelector('[data-testid="map-text-alt"]')?.textContent ?? ''), null, { timeout: 30_000 });
    await page.screenshot({ path: 'test-results/a11y-map-category-shapes.png' });
    await browser.close();
  }, 120_000);
});

describe('inline KPI help', () => {
  const baseURL = inject('baseURL');
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('explains every KPI where it is shown (ranking headers, building panel, map legend), by keyboard and by touch', async () => {
    const context = await browser.newContext({ locale: 'da-DK', viewport: { width: 820, height: 1180 }, hasTouch: true });
    const page = await context.newPage();
    await signIn(page, baseURL, 'property_manager');
    const names = ['Om samlet score', 'Om udnyttelse', 'Om omkostning', 'Om tilstand', 'Om datasikkerhed'];

    await settle(page, `${baseURL}/ranking`);
    const header = page.locator('thead');
    for (const name of names) expect(await header.getByRole('button', { name }).count(), name).toBe(1);
    // Keyboard: Enter opens it (aria-expanded, text with what/formula/norm), Escape closes it and returns focus.
    const help = header.getByRole('button', { name: 'Om udnyttelse' });
    const text = page.locator(`[id="${await help.getAttribute('aria-controls')}"]`);
    expect(await help.getAttribute('aria-expanded')).toBe('false');
    expect(await text.isVisible()).toBe(false);
    await help.focus();
    await page.keyboard.press('Enter');
    expect(await help.getAttribute('aria-expanded')).toBe('true');
    const explanation = await text.innerText();
    expect(explanation).toMatch(/Måler:.*kapaciteten/s);
    expect(explanation).toMatch(/Formel:.*÷ kapacitet/s);
    expect(explanation).toMatch(/Norm:.*median/s);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'a11y-kpi-help-ranking');
    await page.keyboard.press('Escape');
    expect(await help.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Om udnyttelse');
    // Touch: a tap opens, a tap elsewhere closes.
    const combined = header.getByRole('button', { name: 'Om samlet score' });
    await combined.tap();
    expect(await combined.getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator(`[id="${await combined.getAttribute('aria-controls')}"]`).innerText()).toMatch(/Σ vægt × score ÷ Σ vægt/);
    await page.locator('h1').tap();
    expect(await combined.getAttribute('aria-expanded')).toBe('false');

    // The building panel and the map legend.
    const building = (await (await page.request.get(`${baseURL}/api/buildings/search?q=skole`)).json()).hits[0].id as string;
    await settle(page, `${baseURL}/map?lng=8.9738&lat=56.1393&z=13&b=${building}`);
    const panel = page.getByTestId('building-panel');
    for (const name of names) expect(await panel.getByRole('button', { name }).count(), name).toBe(1);
    await panel.getByRole('button', { name: 'Om tilstand' }).tap();
    expect(await panel.getByRole('note').innerText()).toMatch(/efterslæb/i);
    expect(await page.locator('.legend-head').getByRole('button', { name: 'Om samlet score' }).count()).toBe(1);
    await page.getByLabel('Farv efter').selectOption('util');
    expect(await page.locator('.legend-head').getByRole('button', { name: 'Om udnyttelse' }).count()).toBe(1);
    await context.close();
  }, 120_000);
});
