import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deleteTestScenarios, testStamp } from '@/tests/helpers/test-scenarios';
import { launchBrowser, DOCS_SCREENSHOTS } from '../../helpers/browser';
import { signIn } from '../../helpers/sign-in';

// The scenario builder keeps work: a building added with the searchable picker is saved as it is added (no "Gem"
// button to forget), and is still there after a reload — at 1440 px and on a 390 px phone. The picker shows m²,
// score and users and marks garages/sheds; the builder's map colours buildings by score.

const DOCS = DOCS_SCREENSHOTS;

describe.each([
  { width: 1440, height: 900, label: 'desktop' },
  { width: 390, height: 844, label: 'phone' },
])('the scenario builder keeps work ($label, $width px)', ({ width, height, label }) => {
  let browser: Browser;
  let page: Page;
  const baseURL = inject('baseURL');
  const stamp = testStamp();

  beforeAll(async () => {
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width, height }, locale: 'da-DK' });
    page = await context.newPage();
    await signIn(page, baseURL, 'property_manager', '/scenarios/new');
  });
  afterAll(async () => {
    await deleteTestScenarios(stamp);
    await browser?.close();
  });

  it('adds a building with the picker, saves it at once, and still has it after a reload', async () => {
    await page.goto(`${baseURL}/scenarios/new`);
    await page.getByLabel('Navn').fill(`Gemmer selv ${stamp}`);
    await page.getByRole('button', { name: 'Opret scenarie' }).click();
    await page.waitForURL(/\/scenarios\/[0-9a-f-]{36}$/);
    const rows = page.getByTestId('scenario-actions').locator('tbody tr');
    const before = await rows.count();

    // The picker: search, see m², score and users, and garages marked as such.
    const picker = page.getByRole('combobox', { name: 'Tilføj bygning' });
    await picker.fill('garager');
    const garage = page.getByRole('option').first();
    await garage.waitFor();
    expect(await garage.innerText()).toMatch(/garage\/udhus/);
    await picker.fill('Børnehuset');
    const option = page.getByRole('option').first();
    await option.waitFor();
    const text = await option.innerText();
    expect(text).toMatch(/m²/);
    expect(text).toMatch(/score (\d+|–)/);
    expect(text).toMatch(/brugere/);
    const name = text.split('\n')[0].split(' · ')[0].trim();
    await picker.press('ArrowDown');
    await picker.press('ArrowUp');
    await picker.press('Enter');
    await page.getByTestId('scenario-actions').getByRole('cell', { name }).waitFor();
    expect(await rows.count()).toBe(before + 1);

    // Saved without asking: the status line says so, and a reload keeps the building.
    await expect.poll(() => page.getByTestId('save-state').innerText(), { timeout: 20_000 }).toMatch(/^Gemt kl\./);
    await page.reload();
    await page.getByTestId('scenario-actions').getByRole('cell', { name }).waitFor();
    expect(await page.getByTestId('scenario-actions').locator('tbody tr').count()).toBe(before + 1);

    // The builder's map colours untouched buildings by score (not one grey).
    const map = page.getByTestId('builder-map');
    await expect.poll(() => map.getAttribute('data-ready'), { timeout: 60_000 }).toBe('true');
    const scored = await page.evaluate(() => window.__arealScenarioMaps!['builder-map'].queryRenderedFeatures({ layers: ['scenario-other'] }).filter((f) => f.properties.combined !== undefined).length);
    expect(scored).toBeGreaterThan(0);
    if (label === 'phone') {
      // No sideways scrolling: the actions stack as cards (a failure names what is still wider than the screen).
      const tooWide = await page.evaluate((w) => [...document.querySelectorAll('main *')]
        .filter((el) => el.getBoundingClientRect().right > w + 1)
        .slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''} ${Math.round(el.getBoundingClientRect().right)}`), width);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `wider than the screen: ${tooWide.join(', ')}`).toBeLessThanOrEqual(width + 1);
    }
    mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: `${DOCS}/builder-after-reload${label === 'phone' ? '-phone' : ''}.png`, fullPage: label !== 'phone' });
  });

  it('warns before leaving while a change is not yet saved', async () => {
    // An invalid share cannot be saved: the status says so, and leaving asks first (beforeunload is armed).
    const shares = page.getByTestId('scenario-actions').locator('input[type="number"]');
    if ((await shares.count()) === 0) {
      await page.getByTestId('scenario-actions').getByLabel('Handling').first().selectOption('merge');
    }
    await shares.first().fill('40');
    await expect.poll(() => page.getByTestId('save-state').getAttribute('data-state')).toBe('invalid');
    let asked = false;
    page.once('dialog', (d) => {
      asked = d.type() === 'beforeunload';
      void d.dismiss();
    });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeunload', { cancelable: true })) === false).then((prevented) => {
      asked = asked || prevented;
    });
    expect(asked).toBe(true);
  });
});
