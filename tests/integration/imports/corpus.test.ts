// The corpus of bad and awkward files (tests/fixtures/imports): each file's exact outcome through the real
// pipeline against a real PostGIS. Every rejected file must leave the organisation's data byte-for-byte
// unchanged (fingerprint before = after) while its import_job row records the rejection; every file that
// lands lands again idempotently (second run: nothing accepted, everything a duplicate, data unchanged).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueCode } from '@/lib/imports/issues';
import type { ColumnMapping, ImportKind } from '@/lib/imports/mapping';
import type { CsvSettings } from '@/lib/imports/detect/detect';
import { runImport } from '@/lib/imports/run-import';
import { createTestDb, type TestDb } from '../../helpers/test-db';
import { createTestOrg, fingerprint } from './setup';

const DIR = path.join(process.cwd(), 'tests/fixtures/imports');

interface Case {
  file: string;
  kind?: ImportKind;
  mapping?: Partial<ColumnMapping>;
  settings?: Partial<CsvSettings>;
  skipInvalid?: boolean;
  /** Landed: accepted / duplicates / rejected rows. */
  lands?: { accepted: number; duplicates: number; rejected?: number; extra?: Record<string, unknown> };
  /** Rejected: the issues as [line, column, code]. */
  rejects?: Array<[number, string, IssueCode]>;
  detected?: Partial<CsvSettings>;
  /** Warning codes expected on a file that lands (default: none). */
  warns?: IssueCode[];
}

const CASES: Case[] = [
  // Occupancy files that land.
  { file: 'occ-danish-excel.csv', lands: { accepted: 4, duplicates: 0 }, detected: { delimiter: ';', decimal: ',', lineEnding: '\r\n', encoding: 'utf-8' } },
  { file: 'occ-utf8-bom.csv', lands: { accepted: 2, duplicates: 0 }, detected: { bom: true } },
  { file: 'occ-win1252-aeoeaa.csv', lands: { accepted: 2, duplicates: 0, extra: { sensorsCreated: 1 } }, detected: { encoding: 'windows-1252' } },
  { file: 'occ-comma-iso-offset.csv', lands: { accepted: 3, duplicates: 0 }, detected: { delimiter: ',', decimal: '.' } },
  { file: 'occ-tab.tsv', lands: { accepted: 2, duplicates: 0 }, detected: { delimiter: '\t' } },
  { file: 'occ-cr-line-endings.csv', lands: { accepted: 3, duplicates: 0 }, detected: { lineEnding: '\r' } },
  { file: 'occ-quoted-fields.csv', lands: { accepted: 2, duplicates: 0, extra: { sensorsCreated: 1 } } },
  { file: 'occ-leading-index-column.csv', lands: { accepted: 3, duplicates: 0 }, detected: { leadingIndexColumn: true, delimiter: ',' } },
  { file: 'occ-dotted-dates.csv', lands: { accepted: 3, duplicates: 0 } },
  { file: 'occ-iso-local-no-offset.csv', lands: { accepted: 2, duplicates: 0 } },
  { file: 'occ-presence.csv', lands: { accepted: 3, duplicates: 0, extra: { valueKind: 'presence' } } },
  { file: 'occ-fraction-percent.csv', lands: { accepted: 3, duplicates: 0, extra: { valueKind: 'fraction' } } },
  { file: 'occ-dst-october-ordered.csv', lands: { accepted: 5, duplicates: 0 } },
  { file: 'occ-mdy-dates.csv', lands: { accepted: 2, duplicates: 0 } },
  { file: 'occ-absurd-value-flagged.csv', lands: { accepted: 2, duplicates: 0 } },
  { file: 'occ-duplicate-rows.csv', lands: { accepted: 2, duplicates: 2 } },
  { file: 'occ-trailing-empty-field.csv', lands: { accepted: 2, duplicates: 0 } },
  { file: 'occ-new-sensor-with-building.csv', lands: { accepted: 3, duplicates: 0, extra: { sensorsCreated: 1 } } },
  { file: 'occ-headerless.csv', mapping: { columns: { timestamp: '#1', sensor: '#2', value: '#3' } }, lands: { accepted: 2, duplicates: 0 }, detected: { header: false } },
  { file: 'occ-mixed-good-and-bad.csv', skipInvalid: true, lands: { accepted: 3, duplicates: 0, rejected: 1, extra: { validRowsOnly: true } } },
  // Occupancy files that are rejected.
  { file: 'occ-mixed-good-and-bad.csv', rejects: [[3, 'count', 'invalid_number']] },
  { file: 'occ-dst-october-unordered.csv', rejects: [[3, 'timestamp', 'ambiguous_local_time'], [4, 'timestamp', 'ambiguous_local_time']] },
  { file: 'occ-dst-march-missing-hour.csv', rejects: [[3, 'timestamp', 'nonexistent_local_time']] },
  // Every date reads both ways: read as dd-mm-yyyy (Danish), landed, and the assumption reported as a warning.
  { file: 'occ-ambiguous-dates.csv', lands: { accepted: 3, duplicates: 0, extra: { from: '2026-04-03T06:00:00.000Z', to: '2026-04-05T06:00:00.000Z' } }, warns: ['ambiguous_date_order'] },
  { file: 'occ-unparsable-date.csv', rejects: [[3, 'timestamp', 'invalid_timestamp'], [4, 'timestamp', 'invalid_timestamp']] },
  { file: 'occ-negative.csv', rejects: [[3, 'count', 'negative_value']] },
  { file: 'occ-absurd-value.csv', rejects: [[2, 'count', 'value_out_of_range']] },
  { file: 'occ-empty.csv', rejects: [[0, '', 'empty_file']] },
  { file: 'occ-header-only.csv', rejects: [[0, '', 'header_only']] },
  { file: 'occ-binary-junk.csv', rejects: [[0, '', 'binary_file']] },
  { file: 'occ-formula-injection.csv', rejects: [[2, 'sensor_id', 'formula_cell']] },
  {
    file: 'occ-wrong-delimiter.csv',
    settings: { delimiter: ',' },
    rejects: [[0, 'timestamp', 'missing_column'], [0, 'sensor_id', 'missing_column'], [0, 'count', 'missing_column']],
  },
  { file: 'occ-missing-column.csv', rejects: [[0, 'count', 'missing_column']] },
  { file: 'occ-extra-fields.csv', rejects: [[3, '', 'extra_fields']] },
  { file: 'occ-missing-fields.csv', rejects: [[3, '', 'missing_fields']] },
  { file: 'occ-unknown-sensor.csv', rejects: [[2, 'sensor_id', 'unknown_sensor']] },
  { file: 'occ-unknown-building.csv', rejects: [[2, 'building', 'unknown_building']] },
  { file: 'occ-presence-not-binary.csv', rejects: [[2, 'occupied', 'not_presence']] },
  { file: 'occ-sensor-kind-mismatch.csv', rejects: [[2, 'occupied', 'invalid_value']] },
  // Registry.
  { file: 'reg-bbr.json', kind: 'registry', lands: { accepted: 2, duplicates: 0 } },
  { file: 'reg-danish.csv', kind: 'registry', lands: { accepted: 2, duplicates: 0 }, detected: { encoding: 'windows-1252', decimal: ',' } },
  { file: 'reg-bad-coordinates.csv', kind: 'registry', rejects: [[2, 'x', 'invalid_coordinates']] },
  { file: 'reg-truncated.json', kind: 'registry', rejects: [[0, '', 'invalid_json']] },
  // Footprints.
  { file: 'fp-by-id.geojson', kind: 'footprints', lands: { accepted: 1, duplicates: 0, extra: { joinBy: 'id', unmatchedFeatures: 1 } } },
  { file: 'fp-bad-geometry.geojson', kind: 'footprints', rejects: [[1, 'geometry', 'invalid_geometry']] },
  // Costs and maintenance.
  { file: 'costs-danish.csv', kind: 'costs', lands: { accepted: 3, duplicates: 0 } },
  { file: 'costs-bad-type.csv', kind: 'costs', rejects: [[3, 'type', 'invalid_value']] },
  { file: 'maintenance-plan.csv', kind: 'maintenance', lands: { accepted: 3, duplicates: 0 } },
  { file: 'maintenance-grade-5.csv', kind: 'maintenance', rejects: [[2, 'condition_grade', 'value_out_of_range']] },
];

describe('import corpus: every awkward file has one exact outcome', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('has at least 30 files, each used by a case', async () => {
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(DIR);
    expect(files.length).toBeGreaterThanOrEqual(30);
    const used = new Set(CASES.map((c) => c.file));
    expect(files.filter((f) => !used.has(f) && !f.startsWith('fp-by-point'))).toEqual([]);
  });

  CASES.forEach((c, n) => {
    const label = c.lands ? `lands ${c.lands.accepted} rows` : `is rejected (${[...new Set(c.rejects!.map((r) => r[2]))].join(', ')})`;
    it(`${c.file}${c.skipInvalid ? ' with skipInvalid' : ''} ${label}`, async () => {
      const org = await createTestOrg(db.pool, `corpus-${n}`);
      const before = await fingerprint(db.pool, org.id);
      const run = () =>
        runImport({
          kind: c.kind ?? 'occupancy',
          path: path.join(DIR, c.file),
          fileName: c.file,
          organisationId: org.id,
          mapping: c.mapping,
          settings: c.settings,
          skipInvalid: c.skipInvalid,
          pool: db.pool,
        });
      const result = await run();
      const { rows: job } = await db.pool.query('SELECT status, rows_accepted, rows_rejected, errors, checksum FROM import_job WHERE id = $1', [result.jobId]);
      if (c.detected) expect(result.settings).toMatchObject(c.detected);

      if (c.rejects) {
        expect(result.status).toBe('rejected');
        expect(result.issues.map((i) => [i.line, i.column, i.code])).toEqual(c.rejects);
        for (const i of result.issues) {
          expect(i.file).toBe(c.file);
          expect(i.message.da.length).toBeGreaterThan(5);
          expect(i.message.en.length).toBeGreaterThan(5);
        }
        expect(await fingerprint(db.pool, org.id)).toBe(before);
        expect(job[0]).toMatchObject({ status: 'rejected', rows_accepted: 0 });
        expect((job[0].errors as unknown[]).length).toBe(c.rejects.length);
        expect(job[0].checksum).toMatch(/^[0-9a-f]{64}$/);
        return;
      }

      const lands = c.lands!;
      expect(result.issues.filter((i) => i.line === 0)).toEqual([]);
      expect(result.status).toBe('succeeded');
      expect({ accepted: result.accepted, duplicates: result.duplicates, rejected: result.rejected }).toEqual({
        accepted: lands.accepted,
        duplicates: lands.duplicates,
        rejected: lands.rejected ?? 0,
      });
      if (lands.extra) expect(result.extra).toMatchObject(lands.extra);
      expect(result.warnings.map((w) => w.code)).toEqual(c.warns ?? []);
      expect(job[0]).toMatchObject({ status: 'succeeded', rows_accepted: lands.accepted });
      const after = await fingerprint(db.pool, org.id);
      expect(after).not.toBe(before);

      // Idempotent: the same file again changes nothing and counts every valid row as a duplicate.
      const again = await run();
      expect(again.status).toBe('succeeded');
      expect(again.accepted).toBe(0);
      expect(again.checksum).toBe(result.checksum);
      if (c.kind !== 'footprints') expect(again.duplicates).toBe(again.rowsTotal - again.rejected);
      expect(await fingerprint(db.pool, org.id)).toBe(after);
    });
  });
});
