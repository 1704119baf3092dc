import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { env } from '@/lib/config/env';
import { DOCS_SCREENSHOTS, launchBrowser } from '../helpers/browser';
import { signIn } from '../helpers/sign-in';
import { testStamp } from '../helpers/test-scenarios';

// The sensors page as a property manager uses it: from the nav to /admin/sensors, a device type created, a demo
// sensor mapped to a device EUI typed with separators (stored normalised), a bad EUI refused with the reason, then
// everything removed again. At 1440 px and 390 px: no sideways scrolling, axe (WCAG 2.1 AA) clean, a screenshot
// for the docs (DOCS_SCREENSHOTS; docs/screenshots with AREAL_UPDATE_DOCS_SCREENSHOTS=1).

/** Removes what a run left behind if it stopped half-way: its device types (by the run's marker) and their devices. */
async function removeTestDevices(marker: string): Promise<void> {
  const db = new Client({ connectionString: env().DATABASE_URL });
  await db.connect();
  try {
    await db.query('DELETE FROM sensor_device WHERE device_type_id IN (SELECT id FROM device_type WHERE strpos(name, $1) > 0)', [marker]);
    await db.query('DELETE FROM device_type WHERE strpos(name, $1) > 0', [marker]);
  } finally {
    await db.end();
  }
}

const WIDTHS = [
  { width: 1440, height: 900, name: 'desktop' },
  { width: 390, height: 844, name: 'phone' },
] as const;

async function axeProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: page as never }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

describe.each(WIDTHS)('the sensors page at $width px ($name)', ({ width, height, name }) => {
  const baseURL = inject('baseURL');
  let browser: Browser;
  let page: Page;
  const stamp = testStamp();
  const typeName = `Testtæller ${stamp} ${name}`;
  // A distinct EUI per width, so the two runs never collide.
  const eui = name === 'desktop' ? 'FE-ED-00-00-00-00-14-40' : 'FE-ED-00-00-00-00-03-90';
  const stored = eui.replace(/-/g, '').toLowerCase();

  /** Waits for the action's redirect to carry `result`, then returns the message the page shows for it. */
  const outcome = async (result: string) => {
    await page.waitForURL((url) => url.searchParams.get('result') === result, { timeout: 60_000 });
    return page.getByTestId('sensors-result').textContent();
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width, height }, locale: 'da-DK' });
    page = await context.newPage();
    await signIn(page, baseURL, 'property_manager');
  });
  afterAll(async () => {
    await browser?.close();
    await removeTestDevices(stamp);
  });

  it('is reached from the nav, maps a device, refuses a bad EUI, and fits the screen', async () => {
    await page.goto(`${baseURL}/`);
    if (name === 'phone') await page.locator('.main-nav a', { hasText: 'Administration' }).scrollIntoViewIfNeeded();
    await page.locator('.main-nav a', { hasText: 'Administration' }).click();
    await page.getByRole('link', { name: 'Sensorer', exact: true }).click();
    await page.waitForURL(/\/admin\/sensors/);
    await page.getByRole('heading', { level: 1, name: 'Sensorer og enheder' }).waitFor();

    // A device type: ChirpStack's decoded people count.
    const create = page.locator('form.inline-form');
    await create.getByLabel('Navn').fill(typeName);
    await create.getByLabel('Felt (sti)').fill('object.people_count');
    await create.getByRole('button', { name: 'Opret enhedstype' }).click();
    expect(await outcome('type_created')).toBe('Enhedstypen er oprettet.');

    // The first sensor gets the device; the EUI is typed as a label prints it.
    const unmapped = () => page.getByTestId('sensor-table').locator('tbody tr', { has: page.getByRole('button', { name: 'Tilknyt' }) });
    const row = unmapped().first();
    const sensor = (await row.locator('th').textContent())!;
    await row.getByLabel(`Enhedens EUI for sensor ${sensor}`).fill(eui);
    await row.getByLabel(`Enhedstype for sensor ${sensor}`).selectOption({ label: typeName });
    await row.getByRole('button', { name: 'Tilknyt' }).click();
    expect(await outcome('mapped')).toBe('Enheden er knyttet til sensoren.');
    const mapped = page.locator(`tr[data-sensor="${sensor}"]`);
    expect(await mapped.getByLabel(`Enhedens EUI for sensor ${sensor}`).inputValue()).toBe(stored);

    // A second sensor with a mistyped EUI: the reason, nothing mapped.
    const second = unmapped().first();
    const other = (await second.locator('th').textContent())!;
    await second.getByLabel(`Enhedens EUI for sensor ${other}`).fill('FE-ED-00-00-00-00-14');
    await second.getByRole('button', { name: 'Tilknyt' }).click();
    expect(await outcome('invalid_eui')).toContain('er ikke en EUI: den skal have 16 hex-cifre');
    expect(await page.getByTestId('sensors-result').getAttribute('role')).toBe('alert');

    // The page with the mapped device, for the docs.
    await page.goto(`${baseURL}/admin/sensors`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(await axeProblems(page)).toEqual([]);
    mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
    // On a phone the list of sensors (as cards); on a laptop the device types and the first sensors below them.
    await page.locator(name === 'phone' ? '#sensor-list' : '#device-types').evaluate((h) => h.scrollIntoView());
    await page.screenshot({ path: `${DOCS_SCREENSHOTS}/${name === 'phone' ? 'sensors-390' : 'sensors'}.png` });

    // Clean up through the page: remove the device, then the type.
    const again = page.locator(`tr[data-sensor="${sensor}"]`);
    await again.getByRole('button', { name: 'Fjern enhed' }).click();
    await again.getByRole('button', { name: 'Ja, fjern enhed' }).click();
    expect(await outcome('unmapped')).toBe('Enheden er fjernet fra sensoren.');
    const typeRow = page.locator('tr', { has: page.locator(`input[value="${typeName}"]`) });
    await typeRow.getByRole('button', { name: 'Slet' }).click();
    await typeRow.getByRole('button', { name: 'Ja, slet' }).click();
    expect(await outcome('type_deleted')).toBe('Enhedstypen er slettet.');
  });
});
