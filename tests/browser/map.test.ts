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

    // Click on a rendered building: project its coordinates to the screen and click there.
    const target = await page.evaluate(() => {
      const map = window.__arealMap!;
      const feature = map.queryRenderedFeatures({ layers: ['buildings-point'] }).find((f) => f.properties.id)!;
      const [lng, lat] = (feature.geometry as GeoJSON.Point).coordinates;
      const p = map.project([lng, lat]);
      const box = map.getCanvas().getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y, id: feature.properties.id as string, name: feature.properties.name as string };
    });
    await page.mouse.click(target.x, target.y);
    const panel = page.getByTestId('building-panel');
    await panel.getByRole('heading', { level: 2, name: target.name }).waitFor({ timeout: 30_000 });
    await panel.getByTestId('chart-costs').locator('svg').first().waitFor();
    expect(await panel.getByText('Nøgletal').count() + (await panel.getByText('Bruttoareal').count())).toBeGreaterThan(0);
    expect(page.url()).toContain(`b=${target.id}`);
    await screenshot(page, 'map-building-panel');

    // The shareable URL opens the same building again.
    const shared = await context.newPage();
    await shared.goto(page.url());
    await shared.getByTestId('building-panel').getByRole('heading', { level: 2, name: target.name }).waitFor({ timeout: 30_000 });
    await shared.close();
    expect(errors).toEqual([]);
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
