import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser';
import { signIn } from '../helpers/sign-in';

describe('the portfolio map in a real browser', () => {
  let browser: Browser;
  let context: BrowserContext;
  const baseURL = inject('baseURL');

  beforeAll(async () => {
    browser = await launchBrowser();
    // The property manager's home: one signed-in context for the whole file.
    context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'da-DK' });
    await signIn(await context.newPage(), baseURL, 'property_manager');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders the demo buildings from vector tiles, and a click opens the panel with its charts', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Zoom 13: individual points, all of central Herning in view.
    await page.goto(`${baseURL}/map?lng=8.9738&lat=56.1393&z=13`);
    await page.waitForFunction(() => window.__arealMap?.loaded() && window.__arealMap.areTilesLoaded() && !window.__arealMap.isMoving(), null, { timeout: 60_000 });
    const rendered = await page.evaluate(() => window.__arealMap!.queryRenderedFeatures({ layers: ['buildings-point'] }).length);
    expect(rendered).toBeGreaterThan(20);
    await page.getByTestId('view-summary').getByText(/m²/).waitFor();
    await screenshot(page, 'map-overview');

    // Click on the rendered building with the most data behind it (highest confidence), so the panel has
    // sensor charts: project its coordinates to the screen and click there.
    const target = await page.evaluate(() => {
      const map = window.__arealMap!;
      const box = map.getCanvas().getBoundingClientRect();
      const at = map.queryRenderedFeatures({ layers: ['buildings-point'] })
        .filter((f) => f.properties.id)
        .map((f) => ({ f, p: map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]) }));
      // Clickable without doubt: away from the edges and the controls, and no other building within 16 px.
      const clear = at.filter(({ p }) => p.x > 60 && p.y > 60 && p.x < box.width - 60 && p.y < box.height - 60)
        .filter(({ f, p }) => at.every((o) => o.f === f || Math.hypot(o.p.x - p.x, o.p.y - p.y) > 16));
      const { f, p } = clear.sort((a, b) => Number(b.f.properties.conf ?? 0) - Number(a.f.properties.conf ?? 0))[0];
      return { x: box.left + p.x, y: box.top + p.y, id: f.properties.id as string, name: f.properties.name as string };
    });
    await page.mouse.click(target.x, target.y);
    const panel = page.getByTestId('building-panel');
    await panel.getByRole('heading', { level: 2, name: target.name }).waitFor({ timeout: 30_000 });
    for (const chart of ['chart-costs', 'chart-monthly']) await panel.getByTestId(chart).locator('svg').first().waitFor();
    expect(await panel.getByTestId('heatmap').locator('td[title]').count()).toBeGreaterThan(24); // hour × weekday cells with data
    expect(await panel.getByText('Nøgletal').count() + (await panel.getByText('Bruttoareal').count())).toBeGreaterThan(0);
    // A property manager may add the building to a scenario (the flow itself: tests/browser/journeys/property-manager.test.ts).
    expect(await panel.getByRole('button', { name: 'Tilføj til scenarie' }).count()).toBe(1);
    expect(page.url()).toContain(`b=${target.id}`);
    await screenshot(page, 'map-building-panel');
    // The whole panel, charts included, in one picture: a tall window so nothing scrolls.
    await page.setViewportSize({ width: 1400, height: 2300 });
    await page.waitForFunction(() => window.__arealMap?.loaded() && !window.__arealMap.isMoving(), null, { timeout: 30_000 });
    await screenshot(page, 'map-building-panel-full');
    await page.setViewportSize({ width: 1400, height: 900 });

    // The shareable URL opens the same building again.
    const shared = await context.newPage();
    await shared.goto(page.url());
    await shared.getByTestId('building-panel').getByRole('heading', { level: 2, name: target.name }).waitFor({ timeout: 30_000 });
    await shared.close();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws the base map the app serves itself: named streets, places, district and building labels, nothing from elsewhere', async () => {
    const page = await context.newPage();
    const foreign: string[] = [];
    const archive: number[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(baseURL) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url());
    });
    page.on('response', (r) => {
      if (r.url().includes('/api/basemap/archive')) archive.push(r.status());
    });
    const csp: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) csp.push(m.text());
    });
    await page.goto(`${baseURL}/map?lng=8.9738&lat=56.1393&z=15.2`);
    await page.waitForFunction(() => window.__arealMap?.loaded() && window.__arealMap.areTilesLoaded() && !window.__arealMap.isMoving(), null, { timeout: 60_000 });
    const names = await page.evaluate(() => {
      const map = window.__arealMap!;
      const of = (layer: string) => map.queryRenderedFeatures({ layers: [layer] }).map((f) => String(f.properties.name));
      return { roads: of('roads-label'), buildings: of('buildings-label'), districts: of('district-label') };
    });
    // The demo archive's streets are the ones the demo addresses use in Centrum.
    expect(names.roads.length).toBeGreaterThan(0);
    expect(names.roads.some((n) => ['Bredgade', 'Østergade', 'Vestergade', 'Nørregade', 'Søndergade', 'Dalgasgade', 'Torvet', 'Fredhøjgade', 'Smallegade', 'Bethaniagade', 'Kirkegade', 'Skolegade', 'Gl. Landevej', 'Fabriksvej'].includes(n))).toBe(true);
    expect(names.buildings.length).toBeGreaterThan(0);
    expect(archive.length).toBeGreaterThan(0);
    expect(archive.every((s) => s === 206 || s === 304)).toBe(true);
    expect(foreign).toEqual([]);
    expect(csp).toEqual([]);
    expect(await page.getByTestId('basemap-note').count()).toBe(0);
    await screenshot(page, 'map-streets');

    // Zoomed out: district names label the districts.
    await page.evaluate(() => window.__arealMap!.jumpTo({ center: [8.99, 56.15], zoom: 12 }));
    await page.waitForFunction(() => window.__arealMap!.areTilesLoaded() && !window.__arealMap!.isMoving(), null, { timeout: 60_000 });
    await expect.poll(() => page.evaluate(() => window.__arealMap!.queryRenderedFeatures({ layers: ['district-label'] }).map((f) => String(f.properties.name))), { timeout: 20_000 })
      .toEqual(expect.arrayContaining(['Centrum']));
    await screenshot(page, 'map-streets-districts');
  });

  it('draws clusters at low zoom, and a category filter keeps only the cells holding that category', async () => {
    const page = await context.newPage();
    await page.goto(`${baseURL}/map?lng=8.9738&lat=56.1393&z=9.5`);
    const idle = () => page.waitForFunction(() => window.__arealMap?.loaded() && window.__arealMap.areTilesLoaded() && !window.__arealMap.isMoving(), null, { timeout: 60_000 });
    await idle();
    const all = await page.evaluate(() => window.__arealMap!.queryRenderedFeatures({ layers: ['buildings-cluster'] }).map((f) => f.properties));
    expect(all.length).toBeGreaterThan(3);
    expect(all.some((p) => Number(p.n) > 1)).toBe(true);
    await page.getByLabel('Kategori').selectOption('sport');
    await page.waitForFunction(
      (before) => window.__arealMap!.queryRenderedFeatures({ layers: ['buildings-cluster'] }).length < before,
      all.length,
      { timeout: 30_000 },
    );
    const sport = await page.evaluate(() => window.__arealMap!.queryRenderedFeatures({ layers: ['buildings-cluster'] }).map((f) => f.properties));
    expect(sport.length).toBeGreaterThan(0);
    expect(sport.every((p) => Number(p.n_sport) > 0)).toBe(true);
    expect(page.url()).toContain('category=sport');
    // The summary and list beside the map follow the filter.
    const list = page.getByTestId('building-list');
    await page.waitForFunction(() => {
      const items = [...document.querySelectorAll('[data-testid="building-list"] li')];
      return items.length > 0 && items.every((li) => li.textContent?.includes('Fritid/Idræt'));
    }, null, { timeout: 30_000 });
    expect(await list.locator('li').count()).toBeGreaterThan(0);
    await screenshot(page, 'map-clusters-sport');
    await page.close();
  });

  it('filters to day-care and lists the weakest day-care first', async () => {
    const page = await context.newPage();
    await page.goto(`${baseURL}/map?category=daycare&colour=util`);
    await page.waitForFunction(() => window.__arealMap?.loaded() && !window.__arealMap.isMoving(), null, { timeout: 60_000 });
    const list = page.getByTestId('building-list');
    await list.locator('li').first().waitFor();
    const badges = await list.locator('.score-badge').allInnerTexts();
    const scored = badges.filter((b) => b !== '–').map(Number);
    expect(scored.length).toBeGreaterThan(3);
    expect([...scored].sort((a, b) => a - b)).toEqual(scored);
    expect(await list.getByText('Dagtilbud').count()).toBe(await list.locator('li').count());
    await screenshot(page, 'map-daycare-filter');
    await page.close();
  });
});
