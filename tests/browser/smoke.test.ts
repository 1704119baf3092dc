import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot } from '../helpers/browser';
import { signIn } from '../helpers/sign-in';

describe('home page in a real browser', () => {
  let browser: Browser;
  const baseURL = inject('baseURL');

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the demo municipality totals in Danish, and in English after switching', async () => {
    const context = await browser.newContext({ locale: 'da-DK' });
    const page = await context.newPage();
    await signIn(page, baseURL, 'property_manager');
    await page.goto(baseURL);
    expect(await page.getAttribute('html', 'lang')).toBe('da');
    const totals = page.getByTestId('portfolio-totals');
    await totals.waitFor();
    const buildings = await totals.locator('[data-figure="buildings"] dd').innerText();
    // The demo municipality has at least 300 buildings, written the Danish way (no decimals).
    expect(Number(buildings.replace(/\./g, ''))).toBeGreaterThanOrEqual(300);
    expect(await totals.locator('[data-figure="area"] dd').innerText()).toMatch(/^[\d.]+ m²$/);
    expect(await totals.locator('[data-figure="backlog"] dd').innerText()).toMatch(/^[\d.]+ kr$/);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Porteføljen i tal');
    const file = await screenshot(page, 'smoke-home-da');
    expect(existsSync(file)).toBe(true);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'The portfolio in figures' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await screenshot(page, 'smoke-home-en');
    await context.close();
  });
});
