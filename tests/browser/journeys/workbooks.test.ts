// The property manager's Excel journey on the demo data, in a real browser, through the queue and the worker as
// every upload runs: a cost plan exported from the finance system (.xlsx, a merged title row above the table,
// amounts in t.kr. with a formula) → the preview finds the header below the title → the check says the amounts
// were converted from t.kr. (unit notice) → import → the amounts are stored in kr. Then a maintenance plan whose
// first sheet is a note: the preview offers the sheets, the plan sheet is chosen, checked and imported.
// Screenshots at 1440 px and 390 px (DOCS_SCREENSHOTS: docs/screenshots with AREAL_UPDATE_DOCS_SCREENSHOTS=1);
// axe (WCAG 2.1 AA) in each state; no sideways scrolling on the phone.
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { Pool } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { env } from '@/lib/config/env';
import { DOCS_SCREENSHOTS, launchBrowser } from '../../helpers/browser';
import { signIn } from '../../helpers/sign-in';

/** A year and component names the demo data does not use, so the run can clean up after itself. */
const YEAR = 2017;
const COMPONENT = 'Journey-';
const WIDTHS = [{ width: 1440, height: 900, name: 'desktop' }, { width: 390, height: 844, name: 'phone' }] as const;

async function axeProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: page as never }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** The state as it is now at both widths (the page is resized, not reloaded), checked with axe at each. */
async function shootBoth(page: Page, name: string, scrollTo?: string): Promise<void> {
  mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
  for (const w of WIDTHS) {
    await page.setViewportSize({ width: w.width, height: w.height });
    if (scrollTo) await page.getByTestId(scrollTo).scrollIntoViewIfNeeded();
    if (w.name === 'phone') expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${name}: no sideways scrolling at 390 px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${DOCS_SCREENSHOTS}/${w.name}-xlsx-${name}.png`, fullPage: w.name === 'desktop' });
    expect(await axeProblems(page)).toEqual([]);
  }
  await page.setViewportSize({ width: WIDTHS[0].width, height: WIDTHS[0].height });
}

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Chooses the kind, uploads the workbook and waits for its preview. */
async function upload(page: Page, kind: string, name: string, file: Buffer): Promise<void> {
  await page.getByLabel('Hvad indeholder filen?').selectOption(kind);
  await page.locator('[data-testid="file-input"]:enabled').waitFor({ state: 'attached' });
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file });
  const problem = page.locator('.upload-wizard [role="alert"]');
  await page.getByText(`${name} (`).or(problem).first().waitFor({ timeout: 60_000 });
  if (await problem.count()) throw new Error(`upload of ${name} failed: ${await problem.innerText()}`);
  await page.getByTestId('preview-table').waitFor({ timeout: 60_000 });
}

const previewHeader = (page: Page) => page.getByTestId('preview-table').locator('thead th').allInnerTexts();

async function checkFile(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Kontrollér filen (intet gemmes)' }).click();
  await page.getByTestId('result-status').waitFor({ timeout: 90_000 });
  return page.getByTestId('result-status').innerText();
}

describe('Excel workbooks, uploaded in the browser (issue 17)', () => {
  let browser: Browser;
  let pool: Pool;
  let buildings: { id: string; registry_id: string }[];
  const baseURL = inject('baseURL');

  const cleanUp = async () => {
    if (!buildings) return;
    const ids = buildings.map((b) => b.id);
    await pool.query('DELETE FROM cost_record WHERE year = $1 AND building_id = ANY($2::uuid[])', [YEAR, ids]);
    await pool.query(`DELETE FROM maintenance_item WHERE component LIKE $1 AND building_id = ANY($2::uuid[])`, [`${COMPONENT}%`, ids]);
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    pool = new Pool({ connectionString: env().DATABASE_URL, max: 2 });
    // Two demo buildings of some size (an amount in t.kr. stays a plausible kr/m²).
    buildings = (await pool.query<{ id: string; registry_id: string }>(
      `SELECT b.id, b.registry_id FROM building b JOIN organisation o ON o.id = b.organisation_id
        WHERE o.is_demo AND b.gross_area_m2 BETWEEN 800 AND 5000 ORDER BY b.registry_id LIMIT 2`)).rows;
    expect(buildings, 'the demo municipality is seeded (npm run seed)').toHaveLength(2);
    await cleanUp();
  });
  afterAll(async () => {
    await cleanUp().catch(() => undefined);
    await browser?.close();
    await pool?.end();
  });

  it('imports a cost plan in t.kr. below a title row, and a maintenance plan from its second sheet', async () => {
    const [b1, b2] = buildings;
    const context = await browser.newContext({ locale: 'da-DK', viewport: { width: WIDTHS[0].width, height: WIDTHS[0].height } });
    const page = await context.newPage();
    await signIn(page, baseURL, 'property_manager', '/uploads');
    await page.getByRole('navigation').getByRole('link', { name: 'Upload data' }).click();
    await page.waitForURL(/\/uploads/);

    // 1. The cost plan: finance-system export with a merged title, a blank row, amounts in t.kr. (one a formula).
    const costs = await workbook((wb) => {
      const ws = wb.addWorksheet(`Driftsudgifter ${YEAR}`);
      ws.addRow([`Driftsudgifter ${YEAR} – udtræk fra økonomisystemet`]);
      ws.mergeCells('A1:D1');
      ws.addRow([]);
      ws.addRow(['Bygning', 'År', 'Type', 'Beløb (t.kr.)']);
      ws.addRow([b1.registry_id, YEAR, 'Rengøring', 125.5]);
      ws.addRow([b1.registry_id, YEAR, 'Energi', { formula: '40+58', result: 98 }]);
      ws.addRow([b2.registry_id, YEAR, 'Ejendomsservice', 310]);
    });
    await upload(page, 'costs', 'driftsudgifter.xlsx', costs);
    expect(await previewHeader(page)).toEqual(['Bygning', 'År', 'Type', 'Beløb (t.kr.)']);
    expect(await page.getByTestId('sheet-select').inputValue()).toBe(`Driftsudgifter ${YEAR}`);
    expect(await page.getByTestId('preview-table').locator('tbody tr').count()).toBe(3);
    await shootBoth(page, '1-costs-preview', 'preview-table');

    expect(await checkFile(page)).toMatch(/Filen kan importeres/);
    // The unit notice: the amounts are t.kr., converted to kr before anything is stored.
    const checks = page.getByTestId('checks-summary');
    await checks.waitFor();
    expect(await checks.innerText()).toMatch(/unit_converted[\s\S]*t\.kr\.[\s\S]*omregnet til kr/);
    await shootBoth(page, '2-costs-unit-notice', 'checks-summary');

    await page.getByRole('button', { name: 'Importér 3 rækker' }).click();
    await page.getByText('Filen er importeret.').waitFor({ timeout: 90_000 });
    await shootBoth(page, '3-costs-imported', 'result-status');
    const stored = await pool.query<{ registry_id: string; type: string; amount: number }>(
      `SELECT b.registry_id, c.type, c.amount_dkk AS amount FROM cost_record c JOIN building b ON b.id = c.building_id
        WHERE c.year = $1 AND c.building_id = ANY($2::uuid[]) ORDER BY b.registry_id, c.type`, [YEAR, buildings.map((b) => b.id)]);
    expect(stored.rows).toEqual([
      { registry_id: b1.registry_id, type: 'cleaning', amount: 125_500 },
      { registry_id: b1.registry_id, type: 'energy', amount: 98_000 },
      { registry_id: b2.registry_id, type: 'caretaking', amount: 310_000 },
    ]);

    // 2. The maintenance plan: a note on the first sheet, the plan on the second.
    const plan = await workbook((wb) => {
      wb.addWorksheet('Noter').addRow(['Vedligeholdelsesplan 2026–2030, se arket Plan']);
      const ws = wb.addWorksheet('Plan');
      ws.addRow(['Vedligeholdelsesplan 2026–2030']);
      ws.mergeCells('A1:F1');
      ws.addRow(['Bygning', 'Komponent', 'Tilstandsgrad', 'Overslag', 'Udførelsesår', 'Udført']);
      ws.addRow([b1.registry_id, `${COMPONENT}Tag`, 3, { formula: '1200*350', result: 420000 }, 2027, 'nej']);
      ws.addRow([b1.registry_id, `${COMPONENT}Vinduer`, 2, 150000, 2028, 'nej']);
      ws.addRow([b2.registry_id, `${COMPONENT}Ventilation`, 4, 250000, 2026, 'ja']);
    });
    await page.reload();
    await upload(page, 'maintenance', 'vedligeholdelsesplan.xlsx', plan);
    const sheet = page.getByTestId('sheet-select');
    expect(await sheet.locator('option').allInnerTexts()).toEqual(['Noter', 'Plan']);
    expect(await sheet.inputValue()).toBe('Noter');
    await shootBoth(page, '4-plan-first-sheet', 'sheet-select');
    await sheet.selectOption('Plan');
    await page.waitForFunction(() => document.querySelector('[data-testid="preview-table"] thead th')?.textContent === 'Bygning', null, { timeout: 60_000 });
    expect(await previewHeader(page)).toEqual(['Bygning', 'Komponent', 'Tilstandsgrad', 'Overslag', 'Udførelsesår', 'Udført']);
    // The formula's cached value, not the formula.
    expect(await page.getByTestId('preview-table').locator('tbody tr').first().locator('td').allInnerTexts()).toEqual([b1.registry_id, `${COMPONENT}Tag`, '3', '420000', '2027', 'nej']);
    await shootBoth(page, '5-plan-sheet-chosen', 'preview-table');

    expect(await checkFile(page)).toMatch(/Filen kan importeres/);
    await page.getByRole('button', { name: 'Importér 3 rækker' }).click();
    await page.getByText('Filen er importeret.').waitFor({ timeout: 90_000 });
    await shootBoth(page, '6-plan-imported', 'result-status');
    const items = await pool.query<{ component: string; grade: number; cost: number; due: number; done: boolean }>(
      `SELECT component, condition_grade AS grade, cost_dkk AS cost, due_year AS due, done FROM maintenance_item
        WHERE component LIKE $1 AND building_id = ANY($2::uuid[]) ORDER BY component`, [`${COMPONENT}%`, buildings.map((b) => b.id)]);
    expect(items.rows).toEqual([
      { component: `${COMPONENT}Tag`, grade: 3, cost: 420_000, due: 2027, done: false },
      { component: `${COMPONENT}Ventilation`, grade: 4, cost: 250_000, due: 2026, done: true },
      { component: `${COMPONENT}Vinduer`, grade: 2, cost: 150_000, due: 2028, done: false },
    ]);
    // Both uploads are listed as imported.
    await expect.poll(async () => (await page.getByTestId('recent-table').innerText()), { timeout: 30_000 }).toMatch(/vedligeholdelsesplan\.xlsx[\s\S]*driftsudgifter\.xlsx/);
    await context.close();
  });
});
