// Attacks on an import's cost (issue 15, items 4 and 5): a CSV with a quote that opens and never closes made the
// parser quadratic (40 MB → 14 s), and a batch of local times in 200 distinct years cost 16 s of zone-rule
// computations held in an unbounded cache. Now the record length is capped (the import fails fast, naming the line
// where the quote opened), wall times outside the readings window are refused before their year's rules are
// computed, and the rules cache is a bounded LRU. Each refused file leaves the database unchanged.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_RECORD_MAX_CHARS, IMPORT_MAX_COLUMNS, ZONE_RULES_CACHE_YEARS } from '@/lib/config/limits';
import { csvBatches, CsvRecordTooLong } from '@/lib/imports/read/csv-source';
import { runImport } from '@/lib/imports/run-import';
import { localCandidates, zoneCacheSizes } from '@/lib/imports/validate/timestamps';
import { createTestDb, type TestDb } from '../helpers/test-db';
import { createTestOrg, fingerprint, type TestOrg } from '../integration/imports/setup';

const settings = { encoding: 'utf-8', bom: false, lineEnding: '\n', delimiter: ';', decimal: '.', header: true, leadingIndexColumn: false } as const;

describe('import cost bounds', () => {
  let db: TestDb;
  let org: TestOrg;
  let dir: string;
  let unterminated: string;

  beforeAll(async () => {
    db = await createTestDb();
    org = await createTestOrg(db.pool, 'cost');
    dir = await mkdtemp(path.join(tmpdir(), 'areal-cost-'));
    // 40 MB: ten good rows, then a quote opened on line 12 that never closes.
    unterminated = path.join(dir, 'unterminated.csv');
    const out = createWriteStream(unterminated);
    out.write('timestamp;sensor_id;count\n');
    for (let i = 0; i < 10; i++) out.write(`2026-03-02T08:${String(i).padStart(2, '0')}:00Z;S-1;${i}\n`);
    out.write('2026-03-02T09:00:00Z;"S-1;3\n');
    const filler = '2026-03-02T09:15:00Z;S-1;3\n'.repeat(40_000);
    for (let i = 0; i < 40; i++) out.write(filler);
    await new Promise((r) => out.end(r));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('stops reading a record with an unterminated quote at the record cap, naming the line the quote opened on', async () => {
    const started = performance.now();
    let error: unknown;
    let rows = 0;
    try {
      for await (const b of csvBatches(unterminated, settings)) rows += b.rows.length;
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CsvRecordTooLong);
    expect((error as CsvRecordTooLong).line).toBe(12);
    expect((error as CsvRecordTooLong).limit).toBe(CSV_RECORD_MAX_CHARS);
    expect(rows).toBe(11);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('rejects such a file in the import with record_too_long at that line, the database unchanged', async () => {
    const before = await fingerprint(db.pool, org.id);
    const started = performance.now();
    const r = await runImport({ kind: 'occupancy', path: unterminated, fileName: 'unterminated.csv', organisationId: org.id, pool: db.pool });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(r.status).toBe('rejected');
    expect(r.issues.map((i) => [i.line, i.code])).toEqual([[12, 'record_too_long']]);
    expect(r.issues[0].message.da).toContain('linje 12');
    expect(await fingerprint(db.pool, org.id)).toBe(before);
  });

  it('refuses 200 distinct local-time years in one file without computing their zone rules', async () => {
    const lines = ['timestamp;sensor_id;count'];
    for (let y = 1800; y < 1900; y++) lines.push(`01-06-${y} 08:00;S-1;1`);
    for (let y = 2100; y < 2200; y++) lines.push(`${y}-06-01 08:00;S-1;1`);
    const p = path.join(dir, 'years.csv');
    await writeFile(p, lines.join('\n'));
    const before = await fingerprint(db.pool, org.id);
    const yearsBefore = zoneCacheSizes().years;
    const started = performance.now();
    const r = await runImport({ kind: 'occupancy', path: p, fileName: 'years.csv', organisationId: org.id, pool: db.pool });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(r.status).toBe('rejected');
    expect(r.issueCount).toBe(200);
    expect(new Set(r.issues.map((i) => i.code))).toEqual(new Set(['timestamp_out_of_range']));
    expect(zoneCacheSizes().years - yearsBefore).toBeLessThanOrEqual(1);
    expect(await fingerprint(db.pool, org.id)).toBe(before);
  });

  it('keeps at most ZONE_RULES_CACHE_YEARS years of zone rules whoever asks', () => {
    for (let y = 2000; y < 2000 + ZONE_RULES_CACHE_YEARS + 4; y++) localCandidates(Date.UTC(y, 5, 1, 8));
    expect(zoneCacheSizes().years).toBe(ZONE_RULES_CACHE_YEARS);
  }, 60_000);

  it('refuses a header with more columns than IMPORT_MAX_COLUMNS as a whole', async () => {
    const p = path.join(dir, 'wide.csv');
    const header = ['timestamp', 'sensor_id', 'count', ...Array.from({ length: IMPORT_MAX_COLUMNS }, (_, i) => `c${i}`)];
    await writeFile(p, `${header.join(';')}\n${header.map(() => '1').join(';')}\n`);
    const r = await runImport({ kind: 'occupancy', path: p, fileName: 'wide.csv', organisationId: org.id, pool: db.pool });
    expect(r.issues.map((i) => [i.line, i.code])).toEqual([[0, 'too_many_columns']]);
  });
});
