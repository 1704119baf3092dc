// Destructive admin actions ask first (app/_components/confirm-submit.tsx): revoking an ingest token in a real
// browser — the question appears with focus on the confirming button, Escape backs out with nothing changed, and
// only "Ja, tilbagekald" revokes.
import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot } from '../helpers/browser';
import { signIn } from '../helpers/sign-in';

describe('confirmation before destructive actions', () => {
  let browser: Browser;
  const baseURL = inject('baseURL');

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('revoking an ingest token needs a second, explicit step; Escape cancels', async () => {
    const context = await browser.newContext({ locale: 'da-DK' });
    const page = await context.newPage();
    await signIn(page, baseURL, 'admin', '/admin/tokens');
    await page.goto(`${baseURL}/admin/tokens`);
    const name = `Bekræft ${Date.now()}`;
    await page.getByLabel('Navn').fill(name);
    await page.getByRole('button', { name: 'Opret nøgle' }).click();
    await page.getByTestId('new-token').waitFor();
    await page.reload();
    const row = page.getByRole('row').filter({ hasText: name });
    await row.getByRole('cell', { name: 'Aktiv' }).waitFor();

    await row.getByRole('button', { name: 'Tilbagekald' }).click();
    const yes = row.getByRole('button', { name: 'Ja, tilbagekald' });
    await yes.waitFor();
    await expect.poll(() => yes.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await row.getByRole('group').getAttribute('aria-label')).toContain(name);
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await screenshot(page, 'confirm-revoke-asking');

    await page.keyboard.press('Escape');
    const first = row.getByRole('button', { name: 'Tilbagekald', exact: true });
    await first.waitFor();
    await expect.poll(() => first.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.reload();
    await row.getByRole('cell', { name: 'Aktiv' }).waitFor(); // nothing happened

    await row.getByRole('button', { name: 'Tilbagekald' }).click();
    await row.getByRole('button', { name: 'Ja, tilbagekald' }).click();
    await row.getByRole('cell', { name: /^Tilbagekaldt / }).waitFor();
    await context.close();
  });

  it('a property manager deletes a draft scenario only after confirming; a viewer gets no status or delete buttons', async () => {
    const context = await browser.newContext({ locale: 'da-DK' });
    const page = await context.newPage();
    await signIn(page, baseURL, 'property_manager');
    const name = `Slettes ${Date.now()}`;
    const created = await page.request.post(`${baseURL}/api/scenarios`, { data: { name, actions: [] }, headers: { origin: baseURL } });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await page.goto(`${baseURL}/scenarios/${id}`);
    await page.getByRole('button', { name: 'Slet scenariet' }).click();
    await page.getByText(`Slet »${name}«?`).waitFor();
    await screenshot(page, 'confirm-delete-scenario');
    await page.getByRole('button', { name: 'Annullér' }).click();
    expect((await page.request.get(`${baseURL}/api/scenarios/${id}`)).status()).toBe(200); // cancel kept it
    await page.getByRole('button', { name: 'Slet scenariet' }).click();
    await page.getByRole('button', { name: 'Ja, slet scenariet' }).click();
    await page.waitForURL((url) => url.pathname === '/scenarios');
    expect((await page.request.get(`${baseURL}/api/scenarios/${id}`)).status()).toBe(404);
    await context.close();

    const viewerContext = await browser.newContext({ locale: 'da-DK' });
    const viewer = await viewerContext.newPage();
    await signIn(viewer, baseURL, 'viewer');
    const list = (await (await viewer.request.get(`${baseURL}/api/scenarios`)).json()) as { scenarios: { id: string; status: string }[] };
    const proposed = list.scenarios.find((x) => x.status === 'proposed');
    expect(proposed).toBeTruthy();
    await viewer.goto(`${baseURL}/scenarios/${proposed!.id}`);
    await viewer.getByText('Du kan læse scenariet, men ikke ændre det.').waitFor();
    for (const label of ['Godkend', 'Afvis', 'Slet scenariet', 'Foreslå']) {
      expect(await viewer.getByRole('button', { name: label, exact: true }).count()).toBe(0);
    }
    await viewerContext.close();
  });
});
