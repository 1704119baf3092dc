import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deleteTestScenarios, testStamp } from '@/tests/helpers/test-scenarios';
import { CHROMIUM_ARGS, launchBrowser, DOCS_SCREENSHOTS } from '../../helpers/browser';
import { signIn } from '../../helpers/sign-in';

// The property manager's journey, on the demo municipality in the main database: map → day-care only → the
// weakest day-care (first in the keyboard list, which is sorted weakest first) → add it to a new scenario → the
// builder shows it with its outcome and its map. Then a second scenario from the ranking's selection and both side
// by side with before/after maps. axe (WCAG 2.1 A/AA) on the builder and the compare page: no serious or critical
// violations. Screenshots under test-results/journeys/.

const DIR = 'test-results/journeys';
const shot = async (page: Page, name: string) => {
  mkdirSync(DIR, { recursive: true });
  await page.screenshot({ path: `${DIR}/property-manager-${name}.png`, fullPage: true });
};

async function seriousViolations(page: Page): Promise<string[]> {
  // Playwright-core pages are what @axe-core/playwright drives; its types name the full playwright package.
  const result = await new AxeBuilder({ page: page as never }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(result.passes.length, 'axe ran its rules on the page').toBeGreaterThan(10);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

describe('journey: a property manager picks the weakest day-care into a scenario', () => {
  let browser: Browser;
  const baseURL = inject('baseURL');
  const stamp = testStamp();

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await deleteTestScenarios(stamp);
    await browser?.close();
  });

  it('map → filter to day-care → open the weakest → add to a new scenario → builder with outcome → compare', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'da-DK' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, baseURL, 'property_manager', '/map');

    // The map, filtered to day-care.
    await page.goto(`${baseURL}/map`);
    await page.waitForFunction(() => window.__arealMap?.loaded() && !window.__arealMap.isMoving(), null, { timeout: 60_000 });
    await page.getByLabel('Kategori').selectOption('daycare');
    const list = page.getByTestId('building-list');
    await expect.poll(async () => {
      const items = await list.locator('li .hint').allInnerTexts();
      return items.length > 0 && items.every((t) => t.includes('Dagtilbud'));
    }, { timeout: 30_000 }).toBe(true);

    // The weakest: the list is sorted by the combined score, weakest first.
    const badges = (await list.locator('.score-badge').allInnerTexts()).map((s) => (s === '–' ? Infinity : Number(s)));
    expect(badges[0]).toBeLessThanOrEqual(Math.min(...badges));
    const first = list.locator('li button').first();
    const name = (await first.locator('span').first().innerText()).split(' · ')[0].trim();
    await first.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('building-panel');
    await panel.getByRole('heading', { level: 2, name }).waitFor({ timeout: 30_000 });
    await shot(page, '1-map-weakest-daycare');

    // Add it to a new scenario, from the keyboard.
    const add = panel.getByRole('button', { name: 'Tilføj til scenarie' });
    await add.focus();
    await page.keyboard.press('Enter');
    await panel.getByLabel('Scenarie', { exact: true }).waitFor();
    expect(await panel.getByLabel('Scenarie', { exact: true }).inputValue()).toBe(''); // "new scenario" is the default
    await panel.getByLabel('Navn på det nye scenarie').fill(`Rejse ${stamp}: ${name}`);
    await panel.getByRole('button', { name: 'Tilføj', exact: true }).click();
    const status = panel.getByRole('status').filter({ hasText: name });
    await status.waitFor({ timeout: 30_000 });
    expect(await status.innerText()).toMatch(/sammenlægges med|lukkes/);
    await shot(page, '2-added-to-scenario');

    // The builder shows the building with its action and the outcome.
    await status.getByRole('link', { name: 'Åbn scenariet' }).click();
    await page.waitForURL(/\/scenarios\/[0-9a-f-]{36}$/);
    const firstScenario = page.url().split('/').pop()!;
    const actions = page.getByTestId('scenario-actions');
    await actions.getByRole('cell', { name }).waitFor();
    expect(await actions.locator('tbody tr').count()).toBe(1);
    const figures = page.getByTestId('outcome-figures');
    expect(await figures.locator('[data-figure="areaRemoved"] dd').innerText()).toMatch(/^[1-9][\d.]* m²$/);
    const builderMap = page.getByTestId('builder-map');
    await expect.poll(() => builderMap.getAttribute('data-ready'), { timeout: 60_000 }).toBe('true');
    expect(await builderMap.getAttribute('data-removed')).toBe('1');
    await shot(page, '3-builder');
    expect(await seriousViolations(page)).toEqual([]);

    // Clicking an untouched building on the builder's map adds it; the outcome follows.
    const areaBefore = await figures.locator('[data-figure="areaRemoved"] dd').innerText();
    await builderMap.scrollIntoViewIfNeeded();
    const target = await page.evaluate(() => {
      const map = window.__arealScenarioMaps!['builder-map'];
      const box = map.getCanvas().getBoundingClientRect();
      const at = map.queryRenderedFeatures({ layers: ['scenario-other'] })
        .map((f) => ({ f, p: map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]) }));
      const clear = at.filter(({ p }) => p.x > 50 && p.y > 50 && p.x < box.width - 60 && p.y < box.height - 30)
        .filter(({ f, p }) => at.every((o) => o.f === f || Math.hypot(o.p.x - p.x, o.p.y - p.y) > 14));
      const { f, p } = clear[0];
      return { x: box.left + p.x, y: box.top + p.y, name: String(f.properties.name) };
    });
    await page.mouse.click(target.x, target.y);
    await actions.getByRole('cell', { name: target.name }).waitFor();
    expect(await builderMap.getAttribute('data-removed')).toBe('2');
    await expect.poll(() => figures.locator('[data-figure="areaRemoved"] dd').innerText()).not.toBe(areaBefore);
    // Saved as it was added (no button to press).
    await page.getByTestId('save-state').filter({ hasText: 'Gemt kl.' }).waitFor({ timeout: 20_000 });
    await shot(page, '3b-builder-map-pick');

    // A second scenario from the ranking: the two weakest day-cares, chosen with the keyboard.
    await page.goto(`${baseURL}/ranking`);
    await page.getByLabel('Kategori').selectOption('daycare');
    await page.getByTestId('ranking-table').locator('th[aria-sort="ascending"]').filter({ hasText: /Samlet/ }).waitFor(); // weakest first by default
    const boxes = page.locator('table.data-table tbody input[type="checkbox"]');
    for (const i of [0, 1]) {
      await boxes.nth(i).focus();
      await page.keyboard.press('Space');
    }
    const fromSelection = page.getByRole('link', { name: 'Nyt scenarie med valgte (2)' });
    await fromSelection.click();
    await page.waitForURL(/\/scenarios\/new\?building=.+&building=/);
    // The route has a loading state (loading.tsx): wait for the page itself rather than counting at once.
    await expect.poll(() => page.getByTestId('new-scenario-buildings').locator('li').count()).toBe(2);
    await page.getByLabel('Navn').fill(`Rejse ${stamp}: to svageste`);
    await page.getByRole('button', { name: 'Opret scenarie' }).click();
    await page.waitForURL(/\/scenarios\/[0-9a-f-]{36}$/);
    const secondScenario = page.url().split('/').pop()!;
    await expect.poll(() => page.getByTestId('scenario-actions').locator('tbody tr').count()).toBe(2);

    // Both side by side, with before/after maps.
    await page.goto(`${baseURL}/scenarios/compare?ids=${firstScenario},${secondScenario}`);
    const pairs = page.getByTestId('before-after');
    await expect.poll(() => pairs.count(), { timeout: 30_000 }).toBe(2);
    const after = page.getByTestId('map-after');
    for (const i of [0, 1]) await expect.poll(() => after.nth(i).getAttribute('data-ready'), { timeout: 60_000 }).toBe('true');
    expect(await after.nth(0).getAttribute('data-removed')).toBe('2');
    expect(await after.nth(1).getAttribute('data-removed')).toBe('2');
    await page.getByTestId('compare-charts').locator('svg').first().waitFor();
    await shot(page, '4-compare');
    await page.getByTestId('compare-maps').screenshot({ path: `${DIR}/property-manager-4b-compare-maps.png` });
    expect(await seriousViolations(page)).toEqual([]);

    // Printable: the static maps carry the same symbols (a cross for each building taken out of use).
    await page.emulateMedia({ media: 'print' });
    const staticAfter = page.getByTestId('static-map-after').nth(1);
    expect(await staticAfter.isVisible()).toBe(true);
    expect(await staticAfter.locator('[data-glyph="removed"]').count()).toBe(2);
    await page.pdf({ path: `${DIR}/property-manager-compare.pdf`, format: 'A4' });
    await shot(page, '5-compare-print');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the optimiser proposes only what a committee can check: closures on measured use, receivers with places, one savings figure', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'da-DK' });
    const page = await context.newPage();
    await signIn(page, baseURL, 'property_manager', '/scenarios');
    await page.goto(`${baseURL}/scenarios`);
    await page.getByTestId('optimiser').waitFor();
    // The defensible defaults: closures need measured use with 50 % data confidence; registry data alone is not enough.
    expect(await page.getByLabel('Mindste datasikkerhed for at lukke (%)').inputValue()).toBe('50');
    expect(await page.getByLabel('Tillad lukning ud fra registerdata alene').isChecked()).toBe(false);
    // Pools, sports halls, garages and schools are not interchangeable by default.
    for (const [from, to] of [['Svømmehal', 'Skole/SFO'], ['Fritid/Idræt', 'Skole/SFO'], ['Skole/SFO', 'Idrætshal'], ['Idrætshal', 'Svømmehal'], ['Garage/udhus', 'Skole/SFO']]) {
      expect(await page.getByLabel(`${from} må flytte ind i ${to}`).isChecked(), `${from} → ${to}`).toBe(false);
    }
    // The demo municipality's measured buildings allow about 3,5 % fewer m².
    await page.getByLabel('Mål, mindst (% færre m²)').fill('3');
    await page.getByRole('button', { name: 'Kør optimering' }).click();
    const result = page.getByTestId('optimiser-result');
    await result.waitFor({ timeout: 120_000 });
    const text = await result.innerText();
    expect(text).toMatch(/bedste løsning fundet/);
    expect(text).toMatch(/højst [\d,]+ % fra det bedst mulige/);
    expect(text).not.toMatch(/bevist gap|grådig|optimum/i);
    expect(await page.getByTestId('vs-greedy').innerText()).toMatch(/Den enkle metode .* uden at se tilbage/s);

    // Every closed building before saving, with its reasons; none rests on registry data.
    const closed = page.getByTestId('optimiser-closed').locator('tbody tr');
    expect(await closed.count()).toBeGreaterThan(0);
    for (const row of await closed.allInnerTexts()) {
      expect(row).toMatch(/brugt [\d,]+ % i spidsbelastning/);
      expect(row).toMatch(/pr\. m² om året|driftsudgift ikke registreret/);
      expect(row).toMatch(/datasikkerhed (5\d|[6-9]\d|100) %/);
      expect(row).toMatch(/ km, /);
    }
    expect(await page.getByTestId('optimiser-closed').locator('[data-flag="registry"]').count()).toBe(0);
    expect(await page.getByTestId('registry-warning').count()).toBe(0);
    // Every receiver within its registered places: "users/places → users/places".
    const receivers = await page.getByTestId('optimiser-receivers').locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(receivers.length).toBeGreaterThan(0);
    for (const cell of receivers) {
      const m = cell.match(/^([\d.]+)\/([\d.]+) → ([\d.]+)\/([\d.]+)$/);
      expect(m, cell).not.toBeNull();
      const [after, places] = [Number(m![3].replace(/\./g, '')), Number(m![4].replace(/\./g, ''))];
      expect(after, cell).toBeLessThanOrEqual(places);
    }
    // One savings figure, with its parts; the outcome figures do not repeat a second one.
    const savings = await page.getByTestId('optimiser-savings').innerText();
    const net = savings.match(/Nettobesparelse ([\d.]+ kr) om året/)![1];
    // Against the simple method the same figure is named, unless that method found no plan within the band at all.
    const vs = await page.getByTestId('vs-greedy').innerText();
    if (/fandt ingen plan/.test(vs)) expect(vs).toMatch(/Den enkle metode fandt ingen plan inden for målet/);
    else expect(vs).toContain(`mod ${net} for det bedste forslag`);
    expect(savings).toMatch(/Drift af de lukkede m²/);
    expect(savings).toMatch(/Flytning, fordelt over 10 år: −/);
    expect(await result.locator('[data-figure="savings"]').count()).toBe(0);
    // The buildings that must be measured first, with what measuring could be worth.
    const needs = page.getByTestId('optimiser-needs-measuring');
    expect(await needs.innerText()).toMatch(/kunne ikke foreslås lukket, fordi brugen ikke er målt godt nok/);
    expect(await needs.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
    await result.screenshot({ path: `${DOCS_SCREENSHOTS}/optimiser-list.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await result.screenshot({ path: `${DOCS_SCREENSHOTS}/optimiser-list-390.png` });

    // An unmeasured building has no overall score in the ranking: it cannot rank as strong.
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${baseURL}/ranking`);
    const table = page.getByTestId('ranking-table');
    await table.locator('tbody tr').first().waitFor();
    const cells = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => {
      const combined = tr.querySelector('[data-col="combined"]')!;
      return [combined.textContent?.trim() ?? '', combined.nextElementSibling?.textContent?.trim() ?? ''];
    }));
    const unmeasured = cells.filter(([, utilisation]) => utilisation === '–');
    expect(unmeasured.length).toBeGreaterThan(0);
    for (const [combined] of unmeasured) expect(combined).toBe('ikke målt');
    await context.close();
  });

  it('a politician (viewer) gets neither "add to scenario" on the map nor the ranking selection', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'da-DK' });
    const page = await context.newPage();
    await signIn(page, baseURL, 'viewer', '/map');
    const hits = await (await page.request.get(`${baseURL}/api/buildings/search?q=Dagtilbud`)).json();
    const building: { id: string; name: string } = hits.hits[0];
    await page.goto(`${baseURL}/map?b=${building.id}`);
    const panel = page.getByTestId('building-panel');
    await panel.getByRole('heading', { level: 2, name: building.name }).waitFor({ timeout: 30_000 });
    expect(await panel.getByRole('button', { name: 'Tilføj til scenarie' }).count()).toBe(0);
    await page.goto(`${baseURL}/ranking`);
    await page.locator('table.data-table tbody tr').first().waitFor();
    expect(await page.locator('table.data-table input[type="checkbox"]').count()).toBe(0);
    expect(await page.getByTestId('ranking-selection').count()).toBe(0);
    await context.close();
  });

  it('without WebGL the compare page draws the static maps, with the same symbols', async () => {
    const noGl = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--disable-3d-apis'] });
    try {
      const page = await noGl.newPage({ viewport: { width: 1400, height: 900 }, locale: 'da-DK' });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await signIn(page, baseURL, 'property_manager', '/scenarios');
      expect(await page.evaluate(() => !!document.createElement('canvas').getContext('webgl'))).toBe(false);
      // Two drafts that close something (the journey above made some).
      const { scenarios } = (await (await page.request.get(`${baseURL}/api/scenarios`)).json()) as { scenarios: { id: string; actions: unknown[] }[] };
      const ids = scenarios.filter((s) => s.actions.length > 0).slice(0, 2).map((s) => s.id);
      expect(ids).toHaveLength(2);
      await page.goto(`${baseURL}/scenarios/compare?ids=${ids.join(',')}`);
      const after = page.getByTestId('static-map-after');
      await expect.poll(() => after.count(), { timeout: 30_000 }).toBe(2);
      expect(await after.first().isVisible()).toBe(true);
      expect(await page.locator('.scenario-map--none').count()).toBe(4);
      expect(await after.first().locator('[data-glyph="removed"]').count()).toBeGreaterThan(0);
      expect(await page.getByText('Statisk kort').count()).toBe(4);
      await page.getByTestId('compare-maps').screenshot({ path: `${DIR}/property-manager-6-compare-maps-no-webgl.png` });
      expect(errors).toEqual([]);
    } finally {
      await noGl.close();
    }
  });
});
