// The politician's journey (read-only, Danish): sign in as the demo viewer → the scenario list shows only proposed and
// approved scenarios → open a proposal and its plain-Danish brief → compare it with another → download the PDF brief.
// Runs against the demo municipality with its example scenarios (npm run demo:scenarios). Screenshots and the PDF go
// to test-results/journeys/; every scenario page visited is checked with axe (WCAG 2.1 A/AA, no serious/critical).
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_SCENARIO_NAMES } from '@/lib/demo/demo-scenarios';
import { launchBrowser, DOCS_SCREENSHOTS } from '../../helpers/browser';
import { signIn } from '../../helpers/sign-in';

const DIR = 'test-results/journeys';
const DOCS = DOCS_SCREENSHOTS;

async function shot(page: Page, name: string, docs = false): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const file = `${DIR}/politician-${name}.png`;
  await page.screenshot({ path: file, fullPage: true });
  if (docs && process.env.AREAL_UPDATE_DOCS_SCREENSHOTS) {
    mkdirSync(DOCS, { recursive: true });
    copyFileSync(file, `${DOCS}/journey-politician-${name}.png`);
  }
}

/** Serious and critical WCAG 2.1 A/AA violations on the page, as "rule: target" lines (empty when clean). */
async function axeProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
}

/** Text of a PDF string object: literal (…) with escapes, or <hex>, UTF-16BE when it starts with a byte-order mark. */
function pdfString(raw: string): string {
  let bytes: number[];
  if (raw.startsWith('<')) {
    const hex = raw.slice(1, -1).replace(/\s+/g, '');
    bytes = hex.match(/../g)!.map((h) => parseInt(h, 16));
  } else {
    const body = raw.slice(1, -1).replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) =>
      /^[0-7]+$/.test(e) ? String.fromCharCode(parseInt(e, 8)) : ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e);
    bytes = [...body].map((c) => c.charCodeAt(0) & 0xff);
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.slice(2)).swap16().toString('utf16le');
  return Buffer.from(bytes).toString('latin1');
}

/** Number of pages and the document title of a PDF (objects may sit in compressed object streams). */
function inspectPdf(buf: Buffer): { pages: number; title: string | null } {
  const parts = [buf.toString('latin1')];
  // Inflate every FlateDecode stream so /Type /Page and /Title inside object streams are seen too.
  const text = parts[0];
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    try {
      parts.push(inflateSync(buf.subarray(start, end)).toString('latin1'));
    } catch {
      /* not a deflate stream (images, fonts) */
    }
  }
  const all = parts.join('\n');
  const pages = (all.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
  const t = all.match(/\/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)/);
  return { pages, title: t ? pdfString(t[1]) : null };
}

describe('politician journey', () => {
  let browser: Browser;
  const baseURL = inject('baseURL');

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('reads proposals, their brief and a comparison, and takes the PDF brief home', async () => {
    const context = await browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, baseURL, 'viewer', '/scenarios');

    // 1. The list: only proposed and approved scenarios, no drafts, no editing or optimiser.
    await page.goto(`${baseURL}/scenarios`);
    const list = page.getByTestId('scenario-list');
    await list.waitFor();
    const rows = await list.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const cells of rows) expect(['Foreslået', 'Godkendt']).toContain(cells[2]);
    const names = rows.map((cells) => cells[1]);
    expect(names).toContain(DEMO_SCENARIO_NAMES.optimised);
    expect(names).toContain(DEMO_SCENARIO_NAMES.daycare);
    expect(names).not.toContain(DEMO_SCENARIO_NAMES.draft);
    expect(await page.getByTestId('optimiser').count()).toBe(0);
    expect(await page.locator('.lead').innerText()).toMatch(/foreslået eller godkendt/);
    expect(await page.getByRole('link', { name: 'Nyt scenarie' }).count()).toBe(0);
    // The API agrees: a viewer is never sent a draft.
    const api = await (await page.request.get(`${baseURL}/api/scenarios`)).json();
    expect(api.scenarios.length).toBe(rows.length);
    expect(api.scenarios.every((s: { status: string }) => s.status === 'proposed' || s.status === 'approved')).toBe(true);
    await shot(page, '1-list', true);
    expect(await axeProblems(page), 'axe on the scenario list').toEqual([]);

    // 2. Open the day-care proposal, then its review: the story in plain Danish.
    await page.getByRole('link', { name: DEMO_SCENARIO_NAMES.daycare }).click();
    await page.waitForURL(/\/scenarios\/[0-9a-f-]{36}$/);
    const daycareId = page.url().split('/').pop()!;
    expect(await page.getByTestId('scenario-status').innerText()).toMatch(/Foreslået/);
    expect(await page.getByRole('button', { name: 'Gem' }).count()).toBe(0); // read-only for a viewer
    expect(await axeProblems(page), 'axe on the scenario page').toEqual([]);
    await page.getByRole('link', { name: 'Politisk resumé' }).click();
    await page.waitForURL(/\/brief$/);
    const brief = page.getByTestId('brief');
    const story = await brief.innerText();
    expect(story).toContain(`Resumé: ${DEMO_SCENARIO_NAMES.daycare}`);
    expect(story).toMatch(/tager [23] bygninger ud af brug/);
    expect(story).toMatch(/flytter/);
    expect(story).toMatch(/Datasikkerheden/);
    expect(story).toMatch(/kr/);
    // Future demand: the merger looks fine today, but the growing centre runs short of day-care places some years on.
    const verdict = await page.getByTestId('demand-verdict').innerText();
    const short = verdict.match(/Hovedprognosen: I (\d{4}) mangler der (\d+) dagtilbudspladser? i (\S+)\./);
    expect(short, verdict).not.toBeNull();
    expect(Number(short![1])).toBeGreaterThan(new Date().getFullYear());
    expect(short![3]).toBe('Centrum');
    await shot(page, '2-brief', true);
    expect(await axeProblems(page), 'axe on the brief').toEqual([]);

    // 3. Compare it with the optimiser's proposal, ticked in the list.
    await page.goto(`${baseURL}/scenarios`);
    await page.getByRole('checkbox', { name: new RegExp(DEMO_SCENARIO_NAMES.daycare) }).check();
    await page.getByRole('checkbox', { name: new RegExp(DEMO_SCENARIO_NAMES.optimised) }).check();
    await page.getByRole('link', { name: 'Sammenlign valgte' }).click();
    await page.waitForURL(/\/scenarios\/compare\?ids=/);
    await page.getByTestId('compare-charts').locator('svg').first().waitFor();
    const grid = await page.getByTestId('compare-grid').innerText();
    expect(grid).toContain(DEMO_SCENARIO_NAMES.daycare);
    expect(grid).toContain(DEMO_SCENARIO_NAMES.optimised);
    // The optimiser's proposal keeps the main forecast covered; the hand-made merger does not.
    const verdicts = await page.getByTestId('demand-verdict').allInnerTexts();
    expect(verdicts).toHaveLength(2);
    expect(verdicts.some((v) => /Hovedprognosen: I \d{4} mangler der \d+ dagtilbudspladser? i Centrum\./.test(v))).toBe(true);
    expect(verdicts.some((v) => /Hovedprognosen: Der er pladser nok til og med 2040\./.test(v))).toBe(true);
    await shot(page, '3-compare', true);
    expect(await axeProblems(page), 'axe on the comparison').toEqual([]);

    // The future-demand timeline: a chart per district, the pressure map with its year slider and the table behind it.
    await page.getByRole('link', { name: 'Fremtidigt behov' }).first().click();
    await page.waitForURL(/\/demand/);
    const timeline = page.getByTestId('demand-timeline');
    await timeline.locator('svg').first().waitFor();
    expect(await timeline.locator('figure').count()).toBe(8);
    expect(await timeline.innerText()).toContain('Centrum');
    expect(await page.getByTestId('demand-first').innerText()).toMatch(/Ingen mangel frem til 2040|I \d{4} mangler der/);
    const slider = page.getByLabel(/Vælg år/);
    await slider.focus();
    await page.keyboard.press('End');
    expect(await page.getByTestId('demand-year').innerText()).toBe('2040');
    expect(await page.getByTestId('demand-table').locator('caption').innerText()).toContain('2040');
    expect(await page.getByTestId('demand-map').locator('g[data-district]').count()).toBe(8);
    await shot(page, '4-demand', true);
    expect(await axeProblems(page), 'axe on the demand page').toEqual([]);

    // 4. Download the PDF brief from the brief page.
    await page.goto(`${baseURL}/scenarios/${daycareId}/brief`);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('brief-pdf').click()]);
    mkdirSync(DIR, { recursive: true });
    const file = `${DIR}/politician-brief.pdf`;
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const pdf = readFileSync(file);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(statSync(file).size).toBeGreaterThan(20_000);
    const { pages, title } = inspectPdf(pdf);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(title).toBe(`Resumé: ${DEMO_SCENARIO_NAMES.daycare}`);
    await context.close();
  });

  it('reads the optimiser\'s proposal as a brief about citizens, on the page and in the PDF, with no disabled builder controls', async () => {
    const context = await browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, baseURL, 'viewer', '/scenarios');
    await page.goto(`${baseURL}/scenarios`);
    await page.getByRole('link', { name: DEMO_SCENARIO_NAMES.optimised }).click();
    await page.waitForURL(/\/scenarios\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    // Read-only: the actions and assumptions as text, not as disabled selects and inputs.
    await page.getByTestId('scenario-actions').waitFor();
    expect(await page.locator('main select:disabled, main input:disabled').count()).toBe(0);
    expect(await page.getByTestId('scenario-params-read').count()).toBe(1);

    await page.goto(`${baseURL}/scenarios/${id}/brief`);
    const brief = page.getByTestId('brief');
    await brief.waitFor();
    // The closed buildings as a list, one item each (names contain commas).
    const closedItems = await page.getByTestId('brief-closed-list').locator('li').allInnerTexts();
    expect(closedItems.length).toBeGreaterThan(0);
    expect(await brief.innerText()).not.toMatch(/ud af brug: [^\n]*, /);
    // A map of the scenario on the page (SVG, so it prints): red closures, green receivers, one arrow per move.
    const map = page.getByTestId('brief-map');
    expect(await map.locator('circle[fill="#c0392b"]').count()).toBe(closedItems.length);
    expect(await map.locator('line[marker-end]').count()).toBeGreaterThan(0);
    // Per closed building: its users, where they go, the receiver's places before → after, the nearest alternatives.
    const cards = page.getByTestId('citizen-card');
    expect(await cards.count()).toBe(closedItems.length);
    for (const card of await cards.allInnerTexts()) {
      expect(card).toMatch(/Brugere\s+[\d.]+ (børn|elever|beboere|medarbejdere|brugere)/);
      expect(card).toMatch(/Flytter til\s+.+ – [\d.]+ \S+, [\d,]+ km/);
      expect(card).toMatch(/Modtagerens pladser før → efter\s+.+: [\d.]+ → [\d.]+ på [\d.]+ pladser/);
      expect(card).toMatch(/Nærmeste andre af samme slags\s+(.+, [\d,]+ km|Ingen andre)/);
    }
    // Warnings: the demo proposal closes nothing on unmeasured use; moves into another kind are named.
    const citizens = page.getByTestId('brief-citizens');
    expect(await citizens.locator('[data-warning="unmeasured"]').count()).toBe(0);
    const differentKind = await citizens.locator('[data-flag="different-kind"]').count();
    expect(await citizens.locator('[data-warning="different-kind"]').count()).toBe(differentKind);
    expect(await axeProblems(page), 'axe on the citizens\' brief').toEqual([]);
    mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
    await citizens.screenshot({ path: `${DOCS_SCREENSHOTS}/brief-citizens.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await citizens.screenshot({ path: `${DOCS_SCREENSHOTS}/brief-citizens-390.png` });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Print: no card, figure or list item splits across pages.
    await page.emulateMedia({ media: 'print' });
    const breaks = await page.locator('.brief-card, .brief .figure').evaluateAll((els) => els.map((e) => getComputedStyle(e).breakInside));
    expect(breaks.length).toBeGreaterThan(closedItems.length);
    expect(new Set(breaks)).toEqual(new Set(['avoid']));
    await page.emulateMedia({ media: 'screen' });
    // The PDF: several pages (header and footer with municipality, scenario, date and page numbers are Chromium's
    // templates, tests/unit/scenarios/citizen-brief.test.ts), the scenario in its title.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('brief-pdf').click()]);
    const file = `${DIR}/politician-brief-citizens.pdf`;
    await download.saveAs(file);
    const { pages, title } = inspectPdf(readFileSync(file));
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(title).toBe(`Resumé: ${DEMO_SCENARIO_NAMES.optimised}`);
    await context.close();
  });

  it('the optimiser form (a property manager) sends every option, honours them, and has no serious or critical WCAG violations', async () => {
    const context = await browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, baseURL, 'property_manager', '/scenarios');
    await page.goto(`${baseURL}/scenarios`);
    await page.getByTestId('optimiser').waitFor();
    // Must stay: the first school the search offers. Compatibility: the default plus day-care → school.
    await page.getByLabel('Søg bygning').fill('skole');
    const pick = page.getByRole('button', { name: /^\+ .*\(Skoler\/SFO\)$/ }).first();
    const keptName = (await pick.innerText()).replace(/^\+ /, '').replace(/ \(Skoler\/SFO\)$/, '');
    await pick.click();
    expect(await page.getByTestId('must-keep').innerText()).toMatch(/1 bygning skal blive/);
    expect(await page.getByRole('button', { name: `Fjern ${keptName} fra listen` }).count()).toBe(1);
    await page.getByLabel('Dagtilbud må flytte ind i Skole/SFO').check();
    await page.getByLabel('Kultur må flytte ind i Administration').uncheck();
    await page.locator('details').filter({ hasText: 'Forudsætninger' }).locator('summary').click();
    await page.locator('details').filter({ hasText: 'Løser' }).locator('summary').click();
    await page.getByLabel('Tidsgrænse (sekunder)').fill('20');
    // The demo's measured buildings allow about 3,5 % fewer m² under the defensible rules.
    await page.getByLabel('Mål, mindst (% færre m²)').fill('3');
    expect(await axeProblems(page), 'axe on the optimiser form').toEqual([]);

    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/api/scenarios/optimise') && r.method() === 'POST'),
      page.getByRole('button', { name: 'Kør optimering' }).click(),
    ]);
    const body = request.postDataJSON();
    expect(body).toMatchObject({ mode: 'savings', targetMin: 0.03, targetMax: 0.1, maxDistanceKm: 3, ceiling: 0.85, savingsFloorDkk: null,
      includeSaleValue: false, unknownUtilisation: 'cannot_receive', horizonYears: 10, timeLimitSeconds: 20, mipRelGap: 0.01,
      minClosureConfidence: 0.5, allowRegistryClosures: false });
    expect(body.mustKeep).toHaveLength(1);
    expect(body.compatibility).toEqual({ culture: ['school'], sport: ['sports_hall'], health: ['administration', 'elderly'], daycare: ['school'] });
    expect(Object.keys(body.params).sort()).toEqual(['backlogSpreadYears', 'emissionKgCo2PerKwh', 'energyKwhPerM2Year', 'movingCostPerUserDkk', 'refurbishCostPerM2Dkk', 'rentIncomePerM2Dkk', 'salePricePerM2Dkk']);
    await page.getByTestId('optimiser-result').waitFor({ timeout: 90_000 });
    // The same body straight to the API (the page's streamed response body is not kept by the browser): the stream
    // reports progress and the plan keeps the must-stay building open.
    const direct = await page.request.post(`${baseURL}/api/scenarios/optimise`, { data: body, headers: { origin: baseURL } });
    expect(direct.status()).toBe(200);
    const lines = (await direct.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.some((l) => l.type === 'progress' && l.phase === 'solving')).toBe(true);
    const result = lines.find((l) => l.type === 'result');
    expect(result.options.mustKeep).toEqual(body.mustKeep);
    expect(result.result.plan.actions.map((a: { buildingId: string }) => a.buildingId)).not.toContain(body.mustKeep[0]);
    const text = await page.getByTestId('optimiser-result').innerText();
    expect(text).toMatch(/højst [\d,]+ % fra det bedst mulige/);
    expect(text).not.toMatch(/bevist gap|grådig/);
    expect(await page.getByTestId('optimiser-ancillary').innerText()).toMatch(/^\d+ sekundære bygninger .*BBR 910–990/);
    expect(await axeProblems(page), 'axe on the optimiser result').toEqual([]);

    // An unreachable target names the binding constraint in plain Danish.
    await page.getByLabel('Maks. ekstra afstand (km)').fill('0.2');
    await page.getByRole('button', { name: 'Kør optimering' }).click();
    const binding = page.getByTestId('optimiser-binding');
    await binding.waitFor({ timeout: 200_000 });
    expect(await binding.innerText()).toMatch(/Der er ikke modtagere nok inden for 0,2 km/);
    await page.screenshot({ path: `${DIR}/optimiser-infeasible.png`, fullPage: true });
    await context.close();
  });
});
