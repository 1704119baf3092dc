// The brief's "Hent som PDF" button (app/scenarios/[id]/brief/pdf-button.tsx) against the real PDF route: while the
// render runs the button says so; an answer 202 (the render outlasted the server's wait) is asked again at the address
// it names after Retry-After and the file still arrives; a refusal is said under the button in Danish and nothing is
// saved. The 202 and the refusal are answered by the test in place of the server (page.route) — provoking them for
// real takes minutes of renders — and the collected file comes from the real server.
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_SCENARIO_NAMES } from '@/lib/demo/demo-scenarios';
import { launchBrowser, screenshot } from '../helpers/browser';
import { signIn } from '../helpers/sign-in';

describe('the brief PDF button', () => {
  let browser: Browser;
  const baseURL = inject('baseURL');

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function openBrief(page: Page): Promise<string> {
    await signIn(page, baseURL, 'viewer', '/scenarios');
    await page.goto(`${baseURL}/scenarios`);
    await page.getByRole('link', { name: DEMO_SCENARIO_NAMES.daycare }).click();
    await page.waitForURL(/\/scenarios\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    await page.goto(`${baseURL}/scenarios/${id}/brief`);
    await page.getByTestId('brief-pdf').waitFor();
    return id;
  }

  it('a 202 is collected at the address it names; the file comes with the server’s name', async () => {
    const context = await browser.newContext({ locale: 'da-DK', acceptDownloads: true });
    const page = await context.newPage();
    const id = await openBrief(page);
    const asked: string[] = [];
    await page.route('**/api/scenarios/*/pdf*', async (route) => {
      const url = new URL(route.request().url());
      asked.push(url.pathname + url.search);
      if (!url.searchParams.has('job')) {
        const location = `/api/scenarios/${id}/pdf?job=test-job`;
        await route.fulfill({ status: 202, headers: { location, 'retry-after': '1' }, contentType: 'application/json', body: JSON.stringify({ job: 'test-job', state: 'waiting', location }) });
        return;
      }
      url.searchParams.delete('job');
      await route.continue({ url: url.toString() }); // the real server renders the brief
    });
    const button = page.getByTestId('brief-pdf');
    const downloaded = page.waitForEvent('download', { timeout: 90_000 });
    await button.click();
    await expect.poll(() => button.innerText()).toBe('Laver PDF …');
    expect(await button.getAttribute('aria-disabled')).toBe('true');
    await screenshot(page, 'brief-pdf-making');
    const download = await downloaded;
    expect(asked).toEqual([`/api/scenarios/${id}/pdf`, `/api/scenarios/${id}/pdf?job=test-job`]);
    expect(download.suggestedFilename()).toMatch(/^resume-.+\.pdf$/);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await expect.poll(() => button.innerText()).toBe('Hent som PDF');
    expect(await page.getByTestId('brief-pdf-status').innerText()).toBe('');
    await context.close();
  });

  it('a refusal is said in Danish under the button and no file is saved', async () => {
    const context = await browser.newContext({ locale: 'da-DK', acceptDownloads: true, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await openBrief(page);
    await page.route('**/api/scenarios/*/pdf*', (route) => route.fulfill({
      status: 503,
      headers: { 'retry-after': '5' },
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'busy', message: 'The server is busy; try again shortly', messages: { da: 'Serveren har travlt; prøv igen om lidt', en: 'The server is busy; try again shortly' }, requestId: 'req-1' } }),
    }));
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.getByTestId('brief-pdf').click();
    const status = page.getByTestId('brief-pdf-status');
    await expect.poll(() => status.innerText()).toBe('Serveren har travlt; prøv igen om lidt (req-1)');
    expect(await page.getByTestId('brief-pdf').innerText()).toBe('Hent som PDF');
    expect(downloads).toBe(0);
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await screenshot(page, 'brief-pdf-refused-390');

    // A network failure (no answer at all) has its own words, not the browser's.
    await page.unroute('**/api/scenarios/*/pdf*');
    await page.route('**/api/scenarios/*/pdf*', (route) => route.abort('connectionreset'));
    await page.getByTestId('brief-pdf').click();
    await expect.poll(() => status.innerText()).toMatch(/^PDF’en kunne ikke hentes/);
    expect(downloads).toBe(0);
    await context.close();
  });
});
