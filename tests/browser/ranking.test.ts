// The ranking in a real browser on the demo data: weakest first, garages/sheds out unless asked for, sorting,
// filtering, per-user weights that survive a reload, CSV export and the print layout.
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot } from '../helpers/browser';
import { signIn } from '../helpers/sign-in';

const ANCILLARY = /garage|udhus|carport|skur/i;

describe('the ranking', () => {
  const baseURL = inject('baseURL');
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists the weakest first without garages and sheds, sorts, filters, saves my weights, exports and prints', async () => {
    const context = await browser.newContext({ locale: 'da-DK', viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, baseURL, 'viewer');
    // Start from the organisation's weights (a previous run may have left saved ones).
    await page.goto(`${baseURL}/`);
    await page.evaluate(() => fetch('/api/scores/weights', { method: 'DELETE' }));
    await page.goto(`${baseURL}/ranking`);
    const table = page.getByTestId('ranking-table');
    const names = () => table.locator('tbody th').allInnerTexts();
    const combined = async () => (await table.locator('tbody td[data-col="combined"]').allInnerTexts()).filter((v) => v !== '–').map((v) => Number(v.replace(',', '.')));
    await table.locator('tbody tr').first().waitFor();

    // Weakest first; no ancillary buildings until the toggle includes them.
    const first = await combined();
    expect(first.length).toBeGreaterThan(50);
    expect(first).toEqual([...first].sort((a, b) => a - b));
    expect(await table.locator('thead th[aria-sort="ascending"]').innerText()).toContain('Samlet');
    const without = await names();
    expect(without.filter((n) => ANCILLARY.test(n))).toEqual([]);
    expect(await page.getByTestId('ranking-count').innerText()).toMatch(/udhuse\/garager er skjult/);
    await page.getByLabel('Medtag udhuse, garager og carporte (BBR 910–990)').check();
    const withAncillary = await names();
    expect(withAncillary.length).toBeGreaterThan(without.length);
    expect(withAncillary.some((n) => ANCILLARY.test(n))).toBe(true);
    await page.getByLabel('Medtag udhuse, garager og carporte (BBR 910–990)').uncheck();

    // Sort: the same column again flips to strongest first.
    await page.getByRole('button', { name: 'Sortér efter Samlet' }).click();
    const desc = await combined();
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    expect(await table.locator('thead th[aria-sort="descending"]').count()).toBe(1);
    await page.getByRole('button', { name: 'Sortér efter Samlet' }).click();

    // Filter by name.
    await page.getByLabel('Søg bygning').fill('skole');
    const schools = await names();
    expect(schools.length).toBeGreaterThan(0);
    expect(schools.every((n) => /skole/i.test(n))).toBe(true);
    await page.getByLabel('Søg bygning').fill('');

    // Weights: utilisation to 0 by keyboard, save, reload — still mine; then back to the organisation's.
    const utilisation = page.getByLabel(/^Udnyttelse \(/);
    await utilisation.focus();
    await page.keyboard.press('Home');
    expect(await utilisation.inputValue()).toBe('0');
    expect(await page.getByTestId('weights-source').innerText()).toBe('Ændret — ikke gemt.');
    await page.getByRole('button', { name: 'Gem mine vægte' }).click();
    await page.getByTestId('weights-status').getByText('Dine vægte er gemt').waitFor();
    const reweighted = await combined();
    await page.reload();
    await table.locator('tbody tr').first().waitFor();
    expect(await page.getByLabel(/^Udnyttelse \(/).inputValue()).toBe('0');
    expect(await page.getByTestId('weights-source').innerText()).toBe('Dine gemte vægte.');
    expect(await combined()).toEqual(reweighted);
    expect(reweighted).not.toEqual(first);

    // Export what is shown: Danish CSV.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Eksportér CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('areal-rangliste.csv');
    const csv = readFileSync(await download.path(), 'utf8').replace('\ufeff', '').trim().split('\r\n');
    // Written by the one CSV writer (lib/format/csv.ts): quoted only where a cell needs it.
    expect(csv[0]).toBe('#;Bygning;Kategori;Distrikt;Samlet;Udnyttelse;Omkostning;Tilstand;Datasikkerhed');
    expect(csv.length - 1).toBe((await names()).length);
    expect(csv[1].split(';')[1]).toBe((await names())[0]);

    // Print: controls hidden, a line saying what was printed, the table whole.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('weights').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Eksportér CSV' }).isVisible()).toBe(false);
    expect(await page.getByTestId('print-summary').innerText()).toMatch(/^Udskrevet \d{2}-\d{2}-\d{4} \d{2}:\d{2}\. Viser \d+ af \d+ bygninger; vægte: udnyttelse 0 %/);
    await page.pdf({ path: 'test-results/ranking.pdf', format: 'A4', landscape: true });
    await page.setViewportSize({ width: 1123, height: 794 });
    await page.screenshot({ path: 'test-results/ranking-print.png' });
    await page.emulateMedia({ media: 'screen' });

    await page.getByRole('button', { name: 'Brug organisationens vægte' }).click();
    await page.getByTestId('weights-status').getByText('standardvægte bruges igen').waitFor();
    expect(await page.getByLabel(/^Udnyttelse \(/).inputValue()).toBe('0.5');
    await page.setViewportSize({ width: 1400, height: 900 });
    await screenshot(page, 'ranking');
    await context.close();
  }, 120_000);
});
