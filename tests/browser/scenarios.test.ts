import { existsSync, mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deleteTestScenarios, testStamp } from '@/tests/helpers/test-scenarios';
import { launchBrowser, screenshot } from '../helpers/browser';
import { signIn } from '../helpers/sign-in';

// Runs against the demo municipality in the main database: creates scenarios (named so they can be told apart).
describe('scenarios in a real browser', () => {
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

  it('builds a scenario, runs the optimiser, compares two scenarios and prints the brief', async () => {
    const context = await browser.newContext({ locale: 'da-DK' });
    const page = await context.newPage();
    await signIn(page, baseURL, 'property_manager');

    // A hand-built scenario: start from a building, as the map's panel does.
    const buildings = await (await page.request.get(`${baseURL}/api/buildings/search?q=skole`)).json().catch(() => null);
    const buildingId: string | undefined = buildings?.hits?.[0]?.id;
    expect(buildingId).toBeDefined();
    await page.goto(`${baseURL}/scenarios/new?building=${buildingId}`);
    await page.getByLabel('Navn').fill(`Browsertest hånd ${stamp}`);
    await page.getByRole('button', { name: 'Opret scenarie' }).click();
    await page.waitForURL(/\/scenarios\/[0-9a-f-]{36}$/);
    const handUrl = page.url();
    await page.getByTestId('outcome-figures').waitFor();
    await screenshot(page, 'scenarios-builder');

    // The optimiser on measured use (the demo's measurements reach about 3,5 %, so the band is 3–10 %), progress then
    // a result compared with the simple method, in plain words.
    await page.goto(`${baseURL}/scenarios`);
    await page.getByLabel('Mål, mindst (% færre m²)').fill('3');
    await page.getByRole('button', { name: 'Kør optimering' }).click();
    const result = page.getByTestId('optimiser-result');
    await result.waitFor({ timeout: 90_000 });
    expect(await result.innerText()).toMatch(/højst [\d,]+ % fra det bedst mulige/);
    expect(await result.innerText()).not.toMatch(/bevist gap|grådig/);
    expect(await page.getByTestId('vs-greedy').innerText()).toMatch(/Den enkle metode/);
    const share = await result.locator('[data-figure="share"] dd').innerText();
    const pct = Number(share.replace(' %', '').replace(',', '.'));
    expect(pct).toBeGreaterThanOrEqual(3);
    expect(pct).toBeLessThanOrEqual(10);
    await screenshot(page, 'scenarios-optimiser');
    await page.getByLabel('Navn på scenariet').fill(`Browsertest optimeret ${stamp}`);
    await page.getByRole('button', { name: 'Gem som scenarie' }).click();
    await page.waitForURL(/\/scenarios\/[0-9a-f-]{36}$/);
    const optimisedUrl = page.url();

    // Compare the two side by side.
    const ids = [handUrl, optimisedUrl].map((u) => u.split('/').pop()).join(',');
    await page.goto(`${baseURL}/scenarios/compare?ids=${ids}`);
    await page.getByTestId('compare-charts').locator('svg').first().waitFor();
    expect(await page.getByTestId('compare-grid').locator('section').count()).toBe(2);
    await screenshot(page, 'scenarios-compare');

    // Propose the optimised one, then read its brief and save it as PDF.
    await page.goto(optimisedUrl);
    await page.getByRole('button', { name: 'Foreslå' }).click();
    await page.getByTestId('scenario-status').getByText(/Foreslået/).waitFor();
    await page.goto(`${optimisedUrl}/brief`);
    const brief = await page.getByTestId('brief').innerText();
    expect(brief).toMatch(/tager \d+ bygninger ud af brug/);
    expect(brief).toMatch(/Datasikkerheden/);
    await screenshot(page, 'scenarios-brief');
    mkdirSync('test-results', { recursive: true });
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: 'test-results/scenarios-brief.pdf', format: 'A4' });
    expect(existsSync('test-results/scenarios-brief.pdf')).toBe(true);
    await context.close();
  });
});
