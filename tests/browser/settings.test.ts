// The organisation's settings page (administrators): the time zone and the import checks, changed in the browser,
// refused field by field when wrong, saved with a notice that scores are recomputed in the new zone, audited. The
// neighbour demo organisation is used, and its settings, daily rollups and scores are put back afterwards.
import AxeBuilder from '@axe-core/playwright';
import { Pool } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { env } from '@/lib/config/env';
import { withTransaction } from '@/lib/db/pool';
import { queueSchema } from '@/lib/jobs/boss';
import { rebuildLocalDays } from '@/lib/occupancy/rollups';
import { computeScores } from '@/lib/scoring/compute-scores';
import { DEMO_USERS } from '@/lib/auth/demo-users';
import { DOCS_SCREENSHOTS, launchBrowser } from '../helpers/browser';
import { signIn } from '../helpers/sign-in';

async function axeProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: page as never }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

describe('the settings page', () => {
  let browser: Browser;
  let pool: Pool;
  let saved: { id: string; settings: unknown } | undefined;
  const baseURL = inject('baseURL');

  beforeAll(async () => {
    browser = await launchBrowser();
    pool = new Pool({ connectionString: env().DATABASE_URL, max: 2 });
  });
  afterAll(async () => {
    if (saved) {
      // Back to Copenhagen: the settings, then the local days and scores the queued re-score may have moved.
      const { id, settings } = saved;
      await pool.query('UPDATE organisation SET settings = $2::jsonb WHERE id = $1', [id, JSON.stringify(settings)]);
      await withTransaction(pool, (c) => rebuildLocalDays(c, id));
      const c = await pool.connect();
      await computeScores(c, id, { asOf: new Date() }).finally(() => c.release());
    }
    await browser?.close();
    await pool?.end();
  });

  it('an administrator reaches it from Administration, is told what is wrong, and a new zone says scores are recomputed', async () => {
    const context = await browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, baseURL, 'other_org_admin', '/admin');
    await page.getByRole('link', { name: 'Indstillinger' }).click();
    await page.getByRole('heading', { name: 'Organisationens indstillinger' }).waitFor();
    const { rows: [org] } = await pool.query<{ id: string }>(
      `SELECT o.id FROM organisation o JOIN membership m ON m.organisation_id = o.id JOIN app_user u ON u.id = m.user_id
        WHERE u.email = $1 AND m.role = 'admin' LIMIT 1`, [DEMO_USERS.other_org_admin.email]);
    saved = (await pool.query<{ id: string; settings: unknown }>('SELECT id, settings FROM organisation WHERE id = $1', [org.id])).rows[0];
    expect(await page.getByLabel('Bygningernes tidszone (IANA-navn)').inputValue()).toBe('Europe/Copenhagen');
    expect(await axeProblems(page)).toEqual([]);

    // A capacity factor below 1 is refused, and nothing changes.
    await page.locator('input[name="overCapacityFactor"]').fill('0,5');
    await page.getByRole('button', { name: 'Gem indstillinger' }).click();
    await page.getByRole('alert').filter({ hasText: 'Nogle værdier blev ikke godtaget' }).waitFor();
    expect(await page.locator('input[name="overCapacityFactor"]').getAttribute('aria-invalid')).toBe('true');
    expect(await axeProblems(page)).toEqual([]);

    // Warning at 2 × capacity, and the buildings are in London: saved, and the page says what follows.
    await page.locator('input[name="overCapacityFactor"]').fill('2');
    await page.getByLabel('Bygningernes tidszone (IANA-navn)').selectOption('Europe/London');
    await page.getByRole('button', { name: 'Gem indstillinger' }).click();
    const done = page.getByTestId('settings-saved');
    await done.waitFor();
    expect(await done.innerText()).toMatch(/Indstillingerne er gemt\. Tidszonen er ændret: dagstal og scorer beregnes nu igen/);
    await page.screenshot({ path: `${DOCS_SCREENSHOTS}/desktop-settings.png`, fullPage: true });
    expect(await axeProblems(page)).toEqual([]);
    const { rows: [stored] } = await pool.query(`SELECT settings->>'timeZone' AS zone, (settings->'importChecks'->>'overCapacityFactor')::float8 AS factor FROM organisation WHERE id = $1`, [org.id]);
    expect(stored).toEqual({ zone: 'Europe/London', factor: 2 });
    const { rows: audit } = await pool.query(
      `SELECT before->>'timeZone' AS before, after->>'timeZone' AS after FROM audit_log WHERE organisation_id = $1 AND action = 'settings.change' ORDER BY id DESC LIMIT 1`, [org.id]);
    expect(audit).toEqual([{ before: 'Europe/Copenhagen', after: 'Europe/London' }]);
    // The re-score was queued with the local days to rebuild, and the worker runs it.
    await expect.poll(async () => (await pool.query(
      `SELECT state FROM ${queueSchema()}.job WHERE name = 'score' AND data->>'organisationId' = $1 AND (data->>'rebuildLocalDays')::boolean
        ORDER BY created_on DESC LIMIT 1`, [org.id])).rows[0]?.state, { timeout: 90_000, interval: 1000 }).toBe('completed');
    await context.close();
  });
});
