// Future demand on the main map and Areal's own estimate on /demand, in a real browser at 1440 and 390 px.
// The demo municipality's day-care is covered to 2040 at the default take-up (0,80); a planning officer who expects
// take-up to rise to 0,88 sees Centrum go from enough (2026) through "within two years" (2032) to over capacity
// (2034). The test sets that take-up in the organisation's settings (restored afterwards), turns the layer on, moves
// the year slider by keyboard and sees Centrum change class in the list and on the map itself.
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { Client } from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { env } from '@/lib/config/env';
import { DOCS_SCREENSHOTS, launchBrowser } from '../helpers/browser';
import { signIn } from '../helpers/sign-in';

const WIDTHS = [
  { width: 1440, height: 900, name: 'desktop' },
  { width: 390, height: 844, name: 'phone' },
] as const;

async function axeProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: page as never }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}
const mapIdle = (page: Page) => page.waitForFunction(() => window.__arealMap?.loaded() && window.__arealMap.areTilesLoaded() && !window.__arealMap.isMoving(), null, { timeout: 60_000 });
const centrum = (page: Page) => page.getByTestId('pressure-list').locator('li[data-district="Centrum"]');
/** Centrum's status as the map layer draws it (the rendered fill's feature), not only as the list says it. */
const drawnStatus = (page: Page) =>
  page.evaluate(() => window.__arealMap!.queryRenderedFeatures({ layers: ['pressure-fill'] }).find((f) => f.properties.name === 'Centrum')?.properties.status ?? null);

describe('capacity pressure on the map, and Areal’s own estimate', () => {
  let browser: Browser;
  let db: Client;
  let organisationId: string;
  let saved: unknown;
  const baseURL = inject('baseURL');

  beforeAll(async () => {
    mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
    db = new Client({ connectionString: env().DATABASE_URL });
    await db.connect();
    const { rows } = await db.query<{ id: string; settings: unknown }>(`SELECT id, settings FROM organisation WHERE slug = 'demo'`);
    organisationId = rows[0].id;
    saved = rows[0].settings;
    const demand = { services: { daycare: { minAge: 0, maxAge: 5, takeUp: 0.88 }, school: { minAge: 6, maxAge: 16, takeUp: 0.78 } } };
    await db.query(`UPDATE organisation SET settings = jsonb_set(COALESCE(settings, '{}'::jsonb), '{demand}', $2::jsonb) WHERE id = $1`, [organisationId, JSON.stringify(demand)]);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await db?.query(`UPDATE organisation SET settings = $2 WHERE id = $1`, [organisationId, saved === null ? null : JSON.stringify(saved)]);
    await db?.query(`DELETE FROM forecast_area WHERE organisation_id = $1 AND name = 'Browsertest: Sønderby'`, [organisationId]);
    await db?.end();
    await browser?.close();
  });

  describe.each(WIDTHS)('at $width px ($name)', ({ width, height, name }) => {
    let context: BrowserContext;
    beforeAll(async () => {
      context = await browser.newContext({ viewport: { width, height }, locale: 'da-DK' });
      await signIn(await context.newPage(), baseURL, 'property_manager');
    });

    it('the year slider moves Centrum from enough to over capacity, by keyboard', async () => {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${baseURL}/map?lng=8.9738&lat=56.1393&z=11.5`);
      await mapIdle(page);
      if (name === 'phone') await page.getByTestId('toggle-filters').click();
      await page.getByTestId('pressure-toggle').focus();
      await page.keyboard.press('Space');
      await page.getByTestId('pressure-list').waitFor();
      // Day-care (the demo's schools have room to 2040), chosen by keyboard.
      await page.getByTestId('pressure-service').focus();
      await page.getByTestId('pressure-service').selectOption({ label: 'Dagtilbud' });
      expect(await page.getByTestId('pressure-list').getAttribute('aria-label')).toMatch(/^Dagtilbud i \d{4}/);
      expect(await page.getByTestId('pressure-year').innerText()).toBe(String(new Date().getFullYear()));
      expect(await centrum(page).getAttribute('data-status')).toBe('enough');
      expect(await page.getByTestId('pressure-list').locator('li').count()).toBe(8);
      await expect.poll(() => drawnStatus(page), { timeout: 20_000 }).toBe('enough');

      // Step through the years with the arrow key until Centrum warns; then End: over capacity.
      const slider = page.getByTestId('pressure-slider');
      await slider.focus();
      const seen: string[] = [];
      for (let i = 0; i < 14 && (await centrum(page).getAttribute('data-status')) !== 'warning'; i++) {
        await page.keyboard.press('ArrowRight');
        seen.push(await page.getByTestId('pressure-year').innerText());
      }
      expect({ status: await centrum(page).getAttribute('data-status'), seen }).toMatchObject({ status: 'warning' });
      expect(Number(seen.at(-1))).toBeGreaterThan(new Date().getFullYear());
      await page.keyboard.press('End');
      expect(await page.getByTestId('pressure-year').innerText()).toBe('2040');
      expect(await centrum(page).getAttribute('data-status')).toBe('over');
      expect(await centrum(page).innerText()).toContain('Over kapacitet');
      // Villages shrink: still enough in 2040.
      expect(await page.getByTestId('pressure-list').locator('li[data-district="Sunds"]').getAttribute('data-status')).toBe('enough');
      if (name === 'phone') {
        // The drawer gives way so the map shows the colours.
        await page.getByTestId('toggle-filters').click();
        await expect.poll(() => page.locator('#map-sidebar').isVisible()).toBe(false);
      }
      await mapIdle(page);
      await expect.poll(() => drawnStatus(page), { timeout: 20_000 }).toBe('over');
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${DOCS_SCREENSHOTS}/${name === 'phone' ? 'phone-' : ''}map-capacity-pressure.png` });
      if (name === 'phone') {
        await page.getByTestId('toggle-filters').click();
        await page.getByTestId('pressure-list').waitFor();
        await page.screenshot({ path: `${DOCS_SCREENSHOTS}/phone-map-capacity-pressure-legend.png` });
      }
      expect(await axeProblems(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  });

  it('the button on /demand makes Areal’s own estimate for an area with only today’s population', async () => {
    // An area the forecast does not cover, with today's population by age only (not matched to a district, so the
    // coverage figures of the other tests stay as they are); removed again in afterAll.
    const area = (await db.query(`INSERT INTO forecast_area (organisation_id, name, kind) VALUES ($1, 'Browsertest: Sønderby', 'planning_area') RETURNING id`, [organisationId])).rows[0].id;
    const year = new Date().getFullYear();
    for (let age = 0; age <= 10; age++) await db.query(`INSERT INTO population_forecast (area_id, year, age_from, age_to, persons) VALUES ($1, $2, $3, $3, 40)`, [area, year, age]);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'da-DK' });
    await signIn(await context.newPage(), baseURL, 'property_manager');
    const page = await context.newPage();
    await page.goto(`${baseURL}/demand`);
    const form = page.getByTestId('own-estimate-form');
    await form.getByLabel('Fødselsrate').fill('11,2');
    await form.getByRole('button', { name: 'Lav Areals eget skøn' }).click();
    await expect.poll(() => form.getByTestId('own-estimate-result').innerText().catch(() => ''), { timeout: 20_000 }).toMatch(/1 område fremskrevet/);
    const { rows } = await db.query<{ persons: number }>(`SELECT persons FROM population_forecast WHERE area_id = $1 AND source = 'own_estimate' AND year = $2 AND age_from = 0`, [area, year + 1]);
    expect(rows[0].persons).toBeCloseTo((11.2 * 440) / 1000, 6);
    const audit = await db.query(`SELECT after FROM audit_log WHERE organisation_id = $1 AND action = 'forecast.own_estimate' ORDER BY at DESC LIMIT 1`, [organisationId]);
    expect(audit.rows[0].after).toMatchObject({ birthsPer1000: 11.2, areas: 1 });
    expect(await axeProblems(page)).toEqual([]);
    await context.close();
  });
});
