// The facility-staff journey on the demo data, in a real browser: sign in as drift@demo.areal.dk → upload page (its
// loading state first) →
// a Danish CSV (semicolon, decimal comma, Windows-1252) for one of their own sensors with bad rows → read the error
// report (file, line, column; also as CSV) → fix the rows → check and confirm (one existing reading is replaced,
// so a confirmation is asked) → imported → the building's coverage figure rises by the days uploaded.
// axe-core (WCAG 2.0/2.1 A and AA) runs on the upload page in each state; serious or critical violations fail.
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync, readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { DateTime } from 'luxon';
import { Pool } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { env } from '@/lib/config/env';
import { DEMO_FACILITY_BUILDINGS, DEMO_USERS } from '@/lib/auth/demo-users';
import { launchBrowser } from '../../helpers/browser';
import { signIn } from '../../helpers/sign-in';

const ZONE = 'Europe/Copenhagen';
const SHOTS = 'test-results/journeys';

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/facility-staff-${name}.png`, fullPage: true });
}

/** Serious and critical axe violations on the page as it is now, as readable lines. */
async function axeProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

interface Target { buildingId: string; building: string; sensor: string; freeDays: DateTime[]; existing: { ts: DateTime; value: number } }

/** One of the user's buildings with a sensor, two recent Copenhagen days without readings, and its latest reading. */
async function findTarget(pool: Pool): Promise<Target> {
  const { rows } = await pool.query<{ building_id: string; name: string; external_id: string; sensor_id: string }>(
    `SELECT b.id AS building_id, b.name, s.external_id, s.id AS sensor_id
       FROM app_user u JOIN building_assignment a ON a.user_id = u.id JOIN building b ON b.id = a.building_id
       JOIN sensor s ON s.building_id = b.id
      WHERE u.email = $1 ORDER BY b.name, s.external_id LIMIT 1`,
    [DEMO_USERS.facility_staff.email],
  );
  expect(rows, 'the demo facility-staff user has a building with a sensor (npx tsx scripts/demo-users.ts)').toHaveLength(1);
  const t = rows[0];
  const today = DateTime.now().setZone(ZONE).startOf('day');
  const covered = await pool.query<{ day: string }>(
    `SELECT to_char(od.day, 'YYYY-MM-DD') AS day FROM occupancy_daily od JOIN sensor s ON s.id = od.sensor_id
      WHERE s.building_id = $1 AND od.day > $2::date - 30`,
    [t.building_id, today.toISODate()],
  );
  const taken = new Set(covered.rows.map((r) => r.day));
  const freeDays: DateTime[] = [];
  for (let back = 2; back < 29 && freeDays.length < 2; back++) {
    const d = today.minus({ days: back });
    if (!taken.has(d.toISODate()!)) freeDays.push(d);
  }
  expect(freeDays, 'two of the last 30 days without readings for the building').toHaveLength(2);
  freeDays.reverse(); // oldest first, as an export would be
  const last = await pool.query<{ ts: Date; value: number }>(
    `SELECT ts, value FROM occupancy_reading WHERE sensor_id = $1 ORDER BY ts DESC LIMIT 1`,
    [t.sensor_id],
  );
  expect(last.rows, 'the sensor has a reading to correct').toHaveLength(1);
  return {
    buildingId: t.building_id, building: t.name, sensor: t.external_id, freeDays,
    existing: { ts: DateTime.fromJSDate(last.rows[0].ts).setZone(ZONE), value: last.rows[0].value },
  };
}

/** A Danish export: `;`, decimal comma, dd-mm-yyyy hh:mm local time, Windows-1252 (the header has "Måler"). */
function danishCsv(rows: Array<[string, string, string]>): Buffer {
  const text = ['Tidspunkt;Måler;Antal', ...rows.map((r) => r.join(';'))].join('\r\n') + '\r\n';
  return iconv.encode(text, 'windows-1252');
}
const at = (day: DateTime, hour: number) => day.set({ hour }).toFormat('dd-MM-yyyy HH:mm');

async function daysWithReadings30(page: Page, building: string): Promise<number> {
  const cell = page.getByTestId('coverage-table').locator(`tr[data-building="${building}"] [data-figure="days30"]`);
  const text = await cell.innerText(); // "12 af 30"
  const m = /^(\d+) af 30$/.exec(text.trim());
  expect(m, `coverage cell reads "N af 30", got "${text}"`).not.toBeNull();
  return Number(m![1]);
}

/** A figure of the result (dt label → number in da-DK), e.g. resultCount(page, 'godkendt'). */
async function resultCount(page: Page, label: string): Promise<number> {
  const dd = page.getByTestId('result-counts').locator('div').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}`) }) }).locator('dd');
  return Number((await dd.innerText()).replace(/\./g, ''));
}

async function uploadAndCheck(page: Page, name: string, csv: Buffer): Promise<void> {
  await page.locator('[data-testid="file-input"]:enabled').waitFor({ state: 'attached' });
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'text/csv', buffer: csv });
  const uploaded = page.getByText(`${name} (`);
  const problem = page.locator('.upload-wizard [role="alert"]');
  await uploaded.or(problem).first().waitFor();
  if (await problem.count()) throw new Error(`upload of ${name} failed: ${await problem.innerText()}`);
  await page.getByTestId('preview-table').waitFor();
  await page.getByRole('button', { name: 'Kontrollér filen (intet gemmes)' }).click();
  await page.getByTestId('result-status').waitFor({ timeout: 60_000 });
}

describe('facility-staff journey', () => {
  let browser: Browser;
  let pool: Pool;
  const baseURL = inject('baseURL');

  beforeAll(async () => {
    browser = await launchBrowser();
    pool = new Pool({ connectionString: env().DATABASE_URL, max: 2 });
  });
  afterAll(async () => {
    await browser?.close();
    await pool?.end();
  });

  it('uploads a Danish CSV with bad rows, reads the error report, fixes it and sees the coverage rise', async () => {
    const target = await findTarget(pool);
    const [day1, day2] = target.freeDays;
    const context = await browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, baseURL, 'facility_staff', '/');

    // From the home page to Upload data: while the server is still answering, the page says what it is loading.
    let holdPage = true;
    await page.route('**/uploads**', async (route) => {
      if (!route.request().headers()['next-router-prefetch']) while (holdPage) await new Promise((r) => setTimeout(r, 50));
      await route.continue();
    });
    await page.waitForLoadState('networkidle'); // the link's prefetch (with the loading state) is in
    await page.getByRole('navigation').getByRole('link', { name: 'Upload data' }).click();
    const loading = page.getByRole('status').filter({ hasText: 'Indlæser upload-siden og dine bygninger' });
    await loading.waitFor();
    await shot(page, '0-loading');
    expect(await axeProblems(page)).toEqual([]);
    holdPage = false;
    await page.getByRole('heading', { name: 'Dine bygninger' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/uploads');
    expect(await loading.count()).toBe(0);
    await page.unrouteAll();
    const before = await daysWithReadings30(page, target.building);
    expect(await page.getByTestId('coverage-table').locator('tbody tr').count()).toBe(DEMO_FACILITY_BUILDINGS);
    await shot(page, '1-uploads');
    expect(await axeProblems(page)).toEqual([]);

    // The templates are there, explained, and downloadable.
    await page.locator('details[data-kind="occupancy"] summary').click();
    const template = await page.request.get(`${baseURL}/templates/occupancy.csv`);
    expect(template.status()).toBe(200);
    expect(await template.text()).toMatch(/^tidspunkt;sensor_id;bygning;antal/);
    expect(await page.locator('#templates').innerText()).toMatch(/Sommertid/);
    expect(await axeProblems(page)).toEqual([]);

    // First file: four bad rows (lines 4–7): a date that does not exist, "abc", a negative count, an unknown sensor.
    const correctedValue = Math.round(target.existing.value) + 1; // always differs from the stored value
    const good: Array<[string, string, string]> = [
      [at(day1, 8), target.sensor, '12,5'],
      [at(day1, 9), target.sensor, '14'],
    ];
    const bad: Array<[string, string, string]> = [
      ['32-13-2026 10:00', target.sensor, '3'],
      [at(day2, 8), target.sensor, 'abc'],
      [at(day2, 9), target.sensor, '-3'],
      [at(day2, 10), 'UKENDT-SENSOR-99', '4'],
    ];
    const replace: [string, string, string] = [target.existing.ts.toFormat('dd-MM-yyyy HH:mm'), target.sensor, String(correctedValue)];
    await uploadAndCheck(page, 'belaegning-med-fejl.csv', danishCsv([...good, ...bad, replace]));
    expect(await page.getByTestId('result-status').innerText()).toMatch(/afvist – intet er gemt/);
    const errors = page.getByTestId('errors-table');
    const lines = await errors.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
    // [file, line, column, value, reason]
    expect(lines.map((l) => [l[0], l[1], l[2], l[3]])).toEqual([
      ['belaegning-med-fejl.csv', '4', 'Tidspunkt', '32-13-2026 10:00'],
      ['belaegning-med-fejl.csv', '5', 'Antal', 'abc'],
      ['belaegning-med-fejl.csv', '6', 'Antal', '-3'],
      ['belaegning-med-fejl.csv', '7', 'Måler', 'UKENDT-SENSOR-99'],
    ]);
    expect(lines.every((l) => l[4].length > 5)).toBe(true);
    const headers = await errors.locator('thead th').allInnerTexts();
    expect(headers.map((h) => h.toLowerCase())).toEqual(['fil', 'linje', 'kolonne i filen', 'værdi', 'årsag']);
    await errors.scrollIntoViewIfNeeded();
    await shot(page, '2-error-report');
    expect(await axeProblems(page)).toEqual([]);

    // The same report as a CSV download.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Hent fejl som CSV' }).click()]);
    const report = readFileSync((await download.path())!, 'utf8');
    expect(report).toMatch(/belaegning-med-fejl\.csv/);
    for (const needle of [';4;', ';5;', ';6;', ';7;', 'UKENDT-SENSOR-99']) expect(report).toContain(needle);

    // Nothing was stored: the figure is unchanged.
    await page.reload();
    expect(await daysWithReadings30(page, target.building)).toBe(before);

    // Fixed file: the same rows corrected.
    const fixed: Array<[string, string, string]> = [
      [at(day1, 10), target.sensor, '3'],
      [at(day2, 8), target.sensor, '9'],
      [at(day2, 9), target.sensor, '3,5'],
      [at(day2, 10), target.sensor, '4'],
    ];
    await uploadAndCheck(page, 'belaegning-rettet.csv', danishCsv([...good, ...fixed, replace]));
    expect(await page.getByTestId('result-status').innerText()).toMatch(/Filen kan importeres/);
    expect(await page.getByTestId('errors-table').count()).toBe(0);
    expect([await resultCount(page, 'godkendt'), await resultCount(page, 'erstatter eksisterende'), await resultCount(page, 'afvist')]).toEqual([7, 1, 0]);
    await page.getByRole('button', { name: 'Importér 7 rækker' }).click();

    // One stored reading gets a new value: confirm before anything is replaced.
    const confirm = page.getByTestId('confirm-replace');
    await confirm.waitFor();
    expect(await confirm.innerText()).toMatch(/1 eksisterende værdi bliver erstattet/);
    await shot(page, '3-confirm-replace');
    expect(await axeProblems(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Ja, erstat og importér' }).click();
    await page.getByText('Filen er importeret.').waitFor({ timeout: 90_000 });
    // The check was only a check: the confirmed import stores all seven rows, one of them replacing a value.
    expect([await resultCount(page, 'godkendt'), await resultCount(page, 'erstatter eksisterende'), await resultCount(page, 'dubletter')]).toEqual([7, 1, 0]);

    // The page refreshes its server data: coverage up by the two new days, and the upload listed.
    await page.waitForFunction(
      ({ building, expected }) => document.querySelector(`[data-testid="coverage-table"] tr[data-building="${building}"] [data-figure="days30"]`)?.textContent?.trim() === `${expected} af 30`,
      { building: target.building, expected: before + 2 },
      { timeout: 30_000 },
    );
    expect(await daysWithReadings30(page, target.building)).toBe(before + 2);
    expect(await page.getByTestId('recent-table').locator('tbody tr').first().innerText()).toMatch(/belaegning-rettet\.csv[\s\S]*Importeret/);
    await page.getByTestId('coverage-table').scrollIntoViewIfNeeded();
    await shot(page, '4-imported');
    expect(await axeProblems(page)).toEqual([]);

    // And it is really stored: the corrected value and the readings of both days.
    const stored = await pool.query<{ n: number; corrected: number }>(
      `SELECT count(*) FILTER (WHERE (r.ts AT TIME ZONE '${ZONE}')::date IN ($3::date, $4::date))::int AS n,
              max(r.value) FILTER (WHERE r.ts = $5) AS corrected
         FROM occupancy_reading r JOIN sensor s ON s.id = r.sensor_id
        WHERE s.external_id = $1 AND s.building_id = $2`,
      [target.sensor, target.buildingId, day1.toISODate(), day2.toISODate(), target.existing.ts.toJSDate()],
    );
    expect(stored.rows[0].n).toBe(6);
    expect(stored.rows[0].corrected).toBe(correctedValue);

    // A page that does not exist says so, with a way on.
    const missing = await page.goto(`${baseURL}/uploads/findes-ikke`);
    expect(missing?.status()).toBe(404);
    await page.getByTestId('page-not-found').getByRole('heading', { name: 'Siden findes ikke' }).waitFor();
    expect(await axeProblems(page)).toEqual([]);
    await context.close();
  });
});
