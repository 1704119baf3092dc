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
  /** The organisation's settings for this case (e.g. a plausibility check made an error). */
  orgSettings?: Record<string, unknown>;
  /** SQL run for the case's organisation ($1) before the import (e.g. its name and districts). */
  setup?: string;
  /** What the landed file stored: a query over the organisation ($1) and its exact rows. */
  stored?: [sql: string, rows: Array<Record<string, unknown>>];
}

const AREAS = "SELECT registry_id, round(gross_area_m2::numeric, 1)::float AS m2 FROM building WHERE organisation_id = $1 AND registry_id NOT IN ('B-1', 'B-2') ORDER BY 1";
const COSTS = 'SELECT b.registry_id, c.amount_dkk::float AS kr FROM cost_record c JOIN building b ON b.id = c.building_id WHERE b.organisation_id = $1 ORDER BY 1, 2';
const READINGS = "SELECT s.external_id AS sensor, to_char(o.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS utc, o.value FROM occupancy_reading o JOIN sensor s ON s.id = o.sensor_id WHERE s.organisation_id = $1 ORDER BY 1, o.ts";

const FORECAST = `SELECT fa.name AS area, fa.kind, d.name AS district, p.variant, p.year, p.age_from || '-' || p.age_to AS ages, p.persons
  FROM population_forecast p JOIN forecast_area fa ON fa.id = p.area_id LEFT JOIN district d ON d.id = fa.district_id
 WHERE fa.organisation_id = $1 ORDER BY 1, 4, 5, 6`;
/** Herning's name and two districts, so forecast areas can be matched (and the municipality recognised). */
const HERNING = `UPDATE organisation SET name = 'Herning Kommune' WHERE id = $1;
  INSERT INTO district (organisation_id, name) VALUES ($1, 'Centrum'), ($1, 'Lind')`;
/** …and with outlines, for planning areas (scripts/fixtures/planning-area-fixtures.ts draws against these). */
const HERNING_DISTRICTS = `UPDATE organisation SET name = 'Herning Kommune' WHERE id = $1;
  INSERT INTO district (organisation_id, name, geom) VALUES ($1, 'Lind', ST_Multi(ST_MakeEnvelope(8.90, 56.10, 9.00, 56.15, 4326))),
    ($1, 'Centrum', ST_Multi(ST_MakeEnvelope(9.00, 56.10, 9.10, 56.15, 4326)))`;
const PLANNING_AREAS = `SELECT fa.name, fa.code, d.name AS district FROM forecast_area fa LEFT JOIN district d ON d.id = fa.district_id
 WHERE fa.organisation_id = $1 ORDER BY 1`;

const CASES: Case[] = [
  // Occupancy files that land.
  { file: 'occ-danish-excel.csv', lands: { accepted: 4, duplicates: 0 }, warns: ['non_integer_count'], detected: { delimiter: ';', decimal: ',', lineEnding: '\r\n', encoding: 'utf-8' } },
  { file: 'occ-utf8-bom.csv', lands: { accepted: 2, duplicates: 0 }, detected: { bom: true } },
  { file: 'occ-win1252-aeoeaa.csv', lands: { accepted: 2, duplicates: 0, extra: { sensorsCreated: 1 } }, detected: { encoding: 'windows-1252' } },
  { file: 'occ-comma-iso-offset.csv', lands: { accepted: 3, duplicates: 0 }, detected: { delimiter: ',', decimal: '.' } , warns: ['non_integer_count'] },
  { file: 'occ-tab.tsv', lands: { accepted: 2, duplicates: 0 }, detected: { delimiter: '\t' } },
  { file: 'occ-cr-line-endings.csv', lands: { accepted: 3, duplicates: 0 }, detected: { lineEnding: '\r' } },
  { file: 'occ-quoted-fields.csv', lands: { accepted: 2, duplicates: 0, extra: { sensorsCreated: 1 } } , warns: ['non_integer_count'] },
  { file: 'occ-leading-index-column.csv', lands: { accepted: 3, duplicates: 0 }, detected: { leadingIndexColumn: true, delimiter: ',' } },
  { file: 'occ-dotted-dates.csv', lands: { accepted: 3, duplicates: 0 } },
  { file: 'occ-iso-local-no-offset.csv', lands: { accepted: 2, duplicates: 0 } },
  { file: 'occ-presence.csv', lands: { accepted: 3, duplicates: 0, extra: { valueKind: 'presence' } } },
  { file: 'occ-fraction-percent.csv', lands: { accepted: 3, duplicates: 0, extra: { valueKind: 'fraction' } } },
  { file: 'occ-dst-october-ordered.csv', lands: { accepted: 5, duplicates: 0 }, warns: ['repeated_hour_resolved'] },
  { file: 'occ-mdy-dates.csv', lands: { accepted: 2, duplicates: 0 } },
  // 999 people in a 40-person building: kept (sensor_quality flags it), but the user is told — and of the jump back.
  { file: 'occ-absurd-value-flagged.csv', lands: { accepted: 2, duplicates: 0 }, warns: ['over_capacity', 'impossible_jump'] },
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
  // Every text encoding Excel writes, its `sep=` hint line, title rows, date and time in two columns (issue 17).
  { file: 'occ-utf16le-excel-unicode.txt', lands: { accepted: 3, duplicates: 0 }, detected: { encoding: 'utf-16le', bom: true, delimiter: '\t', decimal: ',', lineEnding: '\r\n' } , warns: ['non_integer_count'] },
  { file: 'occ-utf16be-bom.txt', lands: { accepted: 2, duplicates: 0 }, detected: { encoding: 'utf-16be', delimiter: '\t' } },
  { file: 'occ-utf16le-new-sensor-aeoeaa.txt', lands: { accepted: 2, duplicates: 0, extra: { sensorsCreated: 1 } }, detected: { encoding: 'utf-16le' } },
  { file: 'occ-utf16le-bad-row.txt', rejects: [[3, 'Antal', 'invalid_number']] },
  { file: 'occ-sep-semicolon.csv', lands: { accepted: 2, duplicates: 0 }, detected: { delimiter: ';', skipRows: 1, header: true, decimal: ',' } , warns: ['non_integer_count'] },
  { file: 'occ-sep-comma.csv', lands: { accepted: 2, duplicates: 0 }, detected: { delimiter: ',', skipRows: 1 } },
  { file: 'occ-sep-tab-win1252.txt', lands: { accepted: 2, duplicates: 0, extra: { sensorsCreated: 1 } }, detected: { delimiter: '\t', skipRows: 1, encoding: 'windows-1252' } },
  // Line numbers stay physical: the `sep=` line is line 1.
  { file: 'occ-sep-bad-row.csv', rejects: [[4, 'Antal', 'negative_value']] },
  { file: 'occ-title-rows.csv', lands: { accepted: 3, duplicates: 0 }, detected: { skipRows: 3, header: true } },
  { file: 'occ-date-time-columns.csv', lands: { accepted: 3, duplicates: 0, extra: { from: '2026-03-13T07:00:00.000Z', to: '2026-03-13T07:30:00.000Z' } } },
  { file: 'occ-date-time-ampm.csv', lands: { accepted: 4, duplicates: 0, extra: { from: '2026-03-12T23:00:00.000Z', to: '2026-03-13T13:15:00.000Z' } } },
  { file: 'occ-ampm-single-column.csv', lands: { accepted: 2, duplicates: 0, extra: { from: '2026-03-13T07:00:00.000Z', to: '2026-03-13T12:45:00.000Z' } } },
  { file: 'occ-ampm-bad-hour.csv', rejects: [[3, 'Date', 'invalid_timestamp']] },
  { file: 'occ-date-time-missing-time.csv', rejects: [[3, 'Dato', 'invalid_timestamp']] },
  { file: 'costs-utf16le-excel-unicode.txt', kind: 'costs', lands: { accepted: 2, duplicates: 0 }, detected: { encoding: 'utf-16le', delimiter: '\t', decimal: ',' } },
  { file: 'maintenance-sep-title.csv', kind: 'maintenance', lands: { accepted: 2, duplicates: 0 }, detected: { skipRows: 2, delimiter: ';' } },
  // Plausibility per row (defaults, then an organisation's own settings).
  { file: 'occ-sentinel-9999.csv', rejects: [[3, 'count', 'sentinel_value']] },
  { file: 'occ-sentinel-minus-999.csv', rejects: [[2, 'count', 'sentinel_value']] },
  { file: 'occ-sentinel-minus-one.csv', rejects: [[3, 'count', 'sentinel_value']] },
  { file: 'occ-thousands-dot-count.csv', rejects: [[4, 'Antal', 'thousands_separator_in_count']], detected: { decimal: ',' } },
  { file: 'occ-thousands-comma-count.csv', rejects: [[3, 'count', 'thousands_separator_in_count']], detected: { decimal: '.' } },
  { file: 'occ-over-capacity.csv', lands: { accepted: 3, duplicates: 0 }, warns: ['over_capacity'] },
  { file: 'occ-over-capacity.csv', orgSettings: { importChecks: { overCapacity: 'error' } }, rejects: [[3, 'count', 'over_capacity']] },
  { file: 'occ-over-capacity.csv', orgSettings: { importChecks: { overCapacityFactor: 2 } }, lands: { accepted: 3, duplicates: 0 } },
  { file: 'occ-impossible-jump.csv', lands: { accepted: 4, duplicates: 0 }, warns: ['impossible_jump', 'impossible_jump'] },
  { file: 'occ-non-integer-count.csv', lands: { accepted: 3, duplicates: 0 }, warns: ['non_integer_count', 'non_integer_count'] },
  { file: 'occ-non-integer-count.csv', orgSettings: { importChecks: { nonIntegerCount: 'error' } }, rejects: [[2, 'count', 'non_integer_count'], [4, 'count', 'non_integer_count']] },
  {
    file: 'occ-sentinel-9999.csv',
    orgSettings: { importChecks: { sentinel: 'warning', jump: 'off' } },
    lands: { accepted: 3, duplicates: 0 },
    warns: ['sentinel_value', 'over_capacity'],
  },
  // Daylight saving: the repeated October hour by order per sensor (and said so), offsets win, March's gap refused.
  {
    file: 'occ-dst-october-two-sensors.csv',
    lands: { accepted: 8, duplicates: 0, extra: { sensorsCreated: 1 } },
    warns: ['repeated_hour_resolved'],
    stored: [READINGS, [
      { sensor: 'NEW-A', utc: '2026-10-24 23:30', value: 2 }, { sensor: 'NEW-A', utc: '2026-10-25 00:30', value: 4 },
      { sensor: 'NEW-A', utc: '2026-10-25 01:30', value: 6 }, { sensor: 'NEW-A', utc: '2026-10-25 02:30', value: 8 },
      { sensor: 'S-1', utc: '2026-10-24 23:30', value: 1 }, { sensor: 'S-1', utc: '2026-10-25 00:30', value: 3 },
      { sensor: 'S-1', utc: '2026-10-25 01:30', value: 5 }, { sensor: 'S-1', utc: '2026-10-25 02:30', value: 7 },
    ]],
  },
  {
    file: 'occ-dst-october-offsets.csv',
    lands: { accepted: 4, duplicates: 0 },
    stored: [READINGS, [
      { sensor: 'S-1', utc: '2026-10-25 00:00', value: 1 }, { sensor: 'S-1', utc: '2026-10-25 00:30', value: 2 },
      { sensor: 'S-1', utc: '2026-10-25 01:00', value: 3 }, { sensor: 'S-1', utc: '2026-10-25 01:30', value: 4 },
    ]],
  },
  { file: 'occ-dst-october-quarter-hours.csv', lands: { accepted: 10, duplicates: 0, extra: { from: '2026-10-24T23:45:00.000Z', to: '2026-10-25T02:00:00.000Z' } }, warns: ['repeated_hour_resolved'] },
  { file: 'occ-dst-october-interleaved-unordered.csv', rejects: [[4, 'timestamp', 'ambiguous_local_time']] },
  { file: 'occ-dst-march-missing-quarter.csv', rejects: [[3, 'timestamp', 'nonexistent_local_time']] },
  // Units never assumed: stated in the column name, converted, and said so; implausible magnitudes flagged.
  { file: 'reg-square-feet.csv', kind: 'registry', lands: { accepted: 2, duplicates: 0 }, warns: ['unit_converted'], stored: [AREAS, [{ registry_id: 'US-1', m2: 4000 }, { registry_id: 'US-2', m2: 1000 }]] },
  { file: 'reg-area-ft2-header.csv', kind: 'registry', lands: { accepted: 1, duplicates: 0 }, warns: ['unit_converted'], stored: [AREAS, [{ registry_id: 'F-1', m2: 2000 }]] },
  { file: 'reg-area-m2-header.csv', kind: 'registry', lands: { accepted: 1, duplicates: 0 }, stored: [AREAS, [{ registry_id: 'K-20', m2: 4500 }]] },
  { file: 'reg-area-per-user-implausible.csv', kind: 'registry', lands: { accepted: 2, duplicates: 0 }, warns: ['implausible_area_per_user'] },
  { file: 'costs-tkr.csv', kind: 'costs', lands: { accepted: 2, duplicates: 0 }, warns: ['unit_converted'], stored: [COSTS, [{ registry_id: 'B-1', kr: 125_500 }, { registry_id: 'B-2', kr: 1_200_000 }]] },
  { file: 'costs-mio-kr.csv', kind: 'costs', lands: { accepted: 1, duplicates: 0 }, warns: ['unit_converted'], stored: [COSTS, [{ registry_id: 'B-1', kr: 250_000 }]] },
  { file: 'costs-implausible-per-m2.csv', kind: 'costs', lands: { accepted: 2, duplicates: 0 }, warns: ['implausible_cost_per_m2'] },
  { file: 'costs-implausible-per-m2.csv', kind: 'costs', orgSettings: { importChecks: { costPerM2: 'error' } }, rejects: [[2, 'beløb_kr', 'implausible_cost_per_m2']] },
  {
    file: 'maintenance-tkr.csv',
    kind: 'maintenance',
    lands: { accepted: 2, duplicates: 0 },
    warns: ['unit_converted'],
    stored: ['SELECT m.component, m.cost_dkk::float AS kr FROM maintenance_item m JOIN building b ON b.id = m.building_id WHERE b.organisation_id = $1 ORDER BY 1', [{ component: 'Facade', kr: 1_250_500 }, { component: 'Tag', kr: 400_000 }]],
  },
  // Excel workbooks (.xlsx, written by scripts/fixtures/xlsx-fixtures.ts): date cells, title rows, formulas' cached
  // values, sheet choice, date and time cells, error cells with sheet/row/column; .xls and .ods refused with advice.
  {
    file: 'occ-xlsx-portal-export.xlsx',
    lands: { accepted: 3, duplicates: 0 },
    detected: { sheet: 'Målinger', decimal: '.' },
    stored: [READINGS, [{ sensor: 'S-1', utc: '2026-03-13 07:00', value: 3 }, { sensor: 'S-1', utc: '2026-03-13 07:15', value: 7 }, { sensor: 'S-1', utc: '2026-03-13 07:30', value: 12 }]],
  },
  {
    file: 'occ-xlsx-title-rows-formulas.xlsx',
    lands: { accepted: 3, duplicates: 0 },
    stored: [READINGS, [{ sensor: 'S-1', utc: '2026-03-13 08:00', value: 4 }, { sensor: 'S-1', utc: '2026-03-13 08:15', value: 6 }, { sensor: 'S-1', utc: '2026-03-13 08:30', value: 5 }]],
  },
  {
    file: 'occ-xlsx-two-sheets.xlsx',
    rejects: [[0, 'timestamp', 'missing_column'], [0, 'sensor_id', 'missing_column'], [0, 'count', 'missing_column']],
  },
  { file: 'occ-xlsx-two-sheets.xlsx', settings: { sheet: 'Data' }, lands: { accepted: 2, duplicates: 0 }, detected: { sheet: 'Data' } },
  {
    file: 'occ-xlsx-date-and-time-cells.xlsx',
    lands: { accepted: 2, duplicates: 0 },
    stored: [READINGS, [{ sensor: 'S-1', utc: '2026-03-13 07:00', value: 1 }, { sensor: 'S-1', utc: '2026-03-13 07:15', value: 2 }]],
  },
  { file: 'occ-xlsx-error-cell.xlsx', rejects: [[3, 'Antal', 'invalid_number'], [4, 'Antal', 'sentinel_value']] },
  { file: 'occ-xlsx-dst-october.xlsx', lands: { accepted: 4, duplicates: 0, extra: { from: '2026-10-24T23:00:00.000Z', to: '2026-10-25T02:00:00.000Z' } }, warns: ['repeated_hour_resolved'] },
  {
    file: 'costs-plan.xlsx',
    kind: 'costs',
    lands: { accepted: 3, duplicates: 0 },
    warns: ['unit_converted'],
    stored: [COSTS, [{ registry_id: 'B-1', kr: 98_000 }, { registry_id: 'B-1', kr: 125_500 }, { registry_id: 'B-2', kr: 1_200_000 }]],
  },
  {
    file: 'maintenance-plan.xlsx',
    kind: 'maintenance',
    rejects: [[0, 'building', 'missing_column'], [0, 'component', 'missing_column'], [0, 'condition_grade', 'missing_column'], [0, 'cost_dkk', 'missing_column'], [0, 'due_year', 'missing_column']],
  },
  { file: 'maintenance-plan.xlsx', kind: 'maintenance', settings: { sheet: 'Plan' }, lands: { accepted: 3, duplicates: 0 } },
  { file: 'reg-xlsx-square-feet.xlsx', kind: 'registry', lands: { accepted: 1, duplicates: 0 }, warns: ['unit_converted'], stored: [AREAS, [{ registry_id: 'US-10', m2: 4000 }]] },
  { file: 'occ-ods-export.ods', rejects: [[0, '', 'unsupported_spreadsheet']] },
  { file: 'occ-legacy-excel.xls', kind: 'costs', rejects: [[0, '', 'unsupported_spreadsheet']] },
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
  // Population forecasts (details of matching and replacing: tests/integration/demand/forecast-import.test.ts).
  {
    file: 'forecast-statbank-frkm.csv',
    kind: 'forecast',
    setup: HERNING,
    lands: { accepted: 5, duplicates: 0, extra: { areas: 1, areasUnmatched: 0, totalRowsSkipped: 2 } },
    detected: { delimiter: ';', encoding: 'windows-1252' },
    stored: [FORECAST, [
      { area: 'Herning', kind: 'municipality', district: null, variant: 'main', year: 2025, ages: '0-0', persons: 1001 },
      { area: 'Herning', kind: 'municipality', district: null, variant: 'main', year: 2025, ages: '1-1', persons: 1031 },
      { area: 'Herning', kind: 'municipality', district: null, variant: 'main', year: 2025, ages: '100-120', persons: 23 },
      { area: 'Herning', kind: 'municipality', district: null, variant: 'main', year: 2026, ages: '0-0', persons: 1015 },
      { area: 'Herning', kind: 'municipality', district: null, variant: 'main', year: 2026, ages: '1-1', persons: 1005 },
    ]],
  },
  { file: 'forecast-long-districts.csv', kind: 'forecast', setup: HERNING, lands: { accepted: 7, duplicates: 0, extra: { areas: 2, areasUnmatched: 1 } } },
  { file: 'forecast-bad-rows.csv', kind: 'forecast', rejects: [[2, 'age', 'invalid_value'], [3, 'persons', 'invalid_number'], [4, 'variant', 'invalid_value'], [5, 'year', 'invalid_number']] },
  // …and as workbooks (scripts/fixtures/xlsx-fixtures.ts): a consultancy's with title rows, a formula and a notes
  // sheet; a statbank table saved as .xlsx; Excel's #N/A in a persons cell.
  {
    file: 'forecast-xlsx-consultancy.xlsx',
    kind: 'forecast',
    setup: HERNING,
    lands: { accepted: 6, duplicates: 0, extra: { areas: 2, areasUnmatched: 1 } },
    detected: { sheet: 'Prognose 2026' },
    stored: [FORECAST, [
      { area: 'Herning Midt', kind: 'district', district: null, variant: 'main', year: 2030, ages: '0-2', persons: 1204 },
      { area: 'Herning Midt', kind: 'district', district: null, variant: 'main', year: 2031, ages: '0-2', persons: 1260 },
      { area: 'Skoledistrikt Lind', kind: 'district', district: 'Lind', variant: 'high', year: 2030, ages: '0-2', persons: 334.8 },
      { area: 'Skoledistrikt Lind', kind: 'district', district: 'Lind', variant: 'low', year: 2030, ages: '0-2', persons: 290 },
      { area: 'Skoledistrikt Lind', kind: 'district', district: 'Lind', variant: 'main', year: 2030, ages: '0-2', persons: 310 },
      { area: 'Skoledistrikt Lind', kind: 'district', district: 'Lind', variant: 'main', year: 2030, ages: '3-5', persons: 298.5 },
    ]],
  },
  {
    file: 'forecast-xlsx-statbank.xlsx',
    kind: 'forecast',
    setup: HERNING,
    lands: { accepted: 3, duplicates: 0, extra: { areas: 1, areasUnmatched: 0, totalRowsSkipped: 2 } },
    stored: [FORECAST, [
      { area: 'Herning', kind: 'municipality', district: null, variant: 'main', year: 2025, ages: '0-0', persons: 1001 },
      { area: 'Herning', kind: 'municipality', district: null, variant: 'main', year: 2025, ages: '1-1', persons: 1031 },
      { area: 'Herning', kind: 'municipality', district: null, variant: 'main', year: 2025, ages: '100-120', persons: 23 },
    ]],
  },
  { file: 'forecast-xlsx-bad-cells.xlsx', kind: 'forecast', rejects: [[3, 'personer', 'invalid_number'], [4, 'alder', 'invalid_value']] },
  // Without planning areas, "Lind" is the district Lind and the other two wait for the mapping step
  // (with them: tests/integration/demand/planning-areas.test.ts).
  { file: 'forecast-school-districts.csv', kind: 'forecast', setup: HERNING, lands: { accepted: 4, duplicates: 0, extra: { areas: 3, areasUnmatched: 2 } } },
  // Planning areas (GeoJSON): school districts in EPSG:25832 matched to the district holding most of each.
  {
    file: 'planning-areas-school-districts.geojson',
    kind: 'planning_areas',
    setup: HERNING_DISTRICTS,
    lands: { accepted: 3, duplicates: 0, extra: { areas: 3, areasMatched: 2, areasUnmatched: 1, srid: 25832 } },
    stored: [PLANNING_AREAS, [
      { name: 'Hammerum-Gjellerup', code: '07', district: null },
      { name: 'Lind Skoledistrikt', code: '03', district: 'Lind' },
      { name: 'Midtbyen Skoledistrikt', code: '01', district: 'Centrum' },
    ]],
  },
  { file: 'planning-areas-bad.geojson', kind: 'planning_areas', rejects: [[1, 'geometry', 'invalid_geometry'], [2, 'navn', 'required'], [3, 'geometry', 'invalid_coordinates']] },
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
      if (c.setup) for (const sql of c.setup.split(';')) await db.pool.query(sql, [org.id]);
      if (c.orgSettings) await db.pool.query('UPDATE organisation SET settings = $2 WHERE id = $1', [org.id, c.orgSettings]);
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
          // A workbook's issues name the sheet too: `plan.xlsx › Plan`.
          expect(i.file === c.file || i.file.startsWith(`${c.file} › `)).toBe(true);
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
      if (c.stored) expect((await db.pool.query(c.stored[0], [org.id])).rows).toEqual(c.stored[1]);

      // Idempotent: the same file again changes nothing and counts every valid row as a duplicate.
      const again = await run();
      expect(again.status).toBe('succeeded');
      expect(again.accepted).toBe(0);
      expect(again.checksum).toBe(result.checksum);
      // A forecast's figures are fewer than its rows (sexes summed, age totals skipped): each figure is a duplicate.
      if (c.kind === 'forecast') expect(again.duplicates).toBe(result.accepted + result.duplicates);
      else if (c.kind !== 'footprints') expect(again.duplicates).toBe(again.rowsTotal - again.rejected);
      expect(await fingerprint(db.pool, org.id)).toBe(after);
    });
  });
});
