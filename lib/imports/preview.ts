// The preview for the upload page: detected settings (with the user's overrides applied), the header, the
// first rows exactly as the parser splits them, and which column feeds each field. Reads only the first
// rows (JSON too: streamed, stopped after them); nothing is written. The file passes the same admission check
// as the import (lib/imports/detect/admission.ts: role, kind, size). The full check is a dry run of the pipeline.
import { CsvRecordTooLong, csvRecords, readSample } from './read/csv-source';
import { detectCsvSettings, decodeSample, looksBinary, xlsxSettings, type CsvSettings } from './detect/detect';
import { spreadsheetKind, xlsxBatches, xlsxSheetNames, XlsxSheetMissing } from './read/xlsx-source';
import { IMPORT_MAX_COLUMNS, PREVIEW_ROWS } from '@/lib/config/limits';
import { admissionIssue, readsAsJson } from './detect/admission';
import { ApiError } from '@/lib/api/errors';
import { makeIssue, type ImportIssue } from './issues';
import { jsonHead, jsonText, JsonSourceError } from './read/json-source';
import { costsHandler } from './kinds/costs';
import { FOOTPRINT_FIELDS } from './kinds/footprints';
import { MAINTENANCE_FIELDS } from './kinds/maintenance';
import { OCCUPANCY_FIELDS } from './kinds/occupancy';
import { POPULATION_FORECAST_FIELDS } from './kinds/population-forecast';
import { REGISTRY_FIELDS } from './kinds/registry';
import { mappingSchema, resolveColumns, type ColumnMapping, type FieldSpec, type ImportKind } from './mapping';

export const FIELDS: Record<ImportKind, FieldSpec[]> = {
  occupancy: OCCUPANCY_FIELDS,
  registry: REGISTRY_FIELDS,
  footprints: FOOTPRINT_FIELDS,
  costs: costsHandler().fields,
  maintenance: MAINTENANCE_FIELDS,
  forecast: POPULATION_FORECAST_FIELDS,
};

export interface Preview {
  format: 'csv' | 'xlsx' | 'json' | 'binary' | 'empty';
  /** An .xlsx workbook's sheets, in order (the one read is settings.sheet). */
  sheets?: string[];
  settings: CsvSettings | null;
  header: string[];
  rows: string[][];
  /** field → column name ('' when not found), and whether it is required. */
  fields: Array<{ key: string; required: boolean; column: string }>;
}

/** A refusal's API code: the role may not read this kind (403), the file is beyond a bound (413), else unreadable (422). */
const refusalCode = (issue: ImportIssue) => (issue.code === 'kind_not_permitted' || issue.code === 'file_too_large' ? issue.code : 'unreadable_file');

/** The file may not be previewed (the import would refuse it too): the issue says why, in both languages. */
export class PreviewRefused extends ApiError {
  constructor(readonly issue: ImportIssue) {
    super(refusalCode(issue), issue.message, { details: { issue } });
  }
}

export interface PreviewAccess {
  /** importActor().buildingIds: facility staff's buildings; null = every building. */
  buildingIds?: readonly string[] | null;
  /** The name shown in a refusal. */
  file?: string;
}

/**
 * The first `n` rows of a file as they will be read, with detected settings and the column mapping. Throws
 * PreviewRefused when the import would refuse the file before reading it (role, kind, size) or it is not JSON.
 */
export async function previewFile(
  path: string, kind: ImportKind, mappingInput: Partial<ColumnMapping> = {}, overrides: Partial<CsvSettings> = {}, n = PREVIEW_ROWS, access: PreviewAccess = {},
): Promise<Preview> {
  const mapping = mappingSchema.parse(mappingInput);
  const { sample, truncated, size } = await readSample(path);
  const file = access.file ?? path;
  const workbook = spreadsheetKind(sample);
  if (workbook === 'xls' || workbook === 'ods') {
    throw new PreviewRefused(makeIssue('unsupported_spreadsheet', { file, line: 0 }, { format: workbook === 'xls' ? 'Excel 97–2003 (.xls)' : 'OpenDocument (.ods)' }));
  }
  const isJson = !workbook && readsAsJson(kind, decodeSample(sample.subarray(0, 4096), 'utf-8').trimStart()[0]);
  const refused = admissionIssue({ kind, size, json: isJson, buildingIds: access.buildingIds, file });
  if (refused) throw new PreviewRefused(refused);
  const empty = { settings: null, header: [], rows: [], fields: FIELDS[kind].map((f) => ({ key: f.key, required: f.required, column: '' })) };
  if (size === 0) return { format: 'empty', ...empty };
  if (!workbook && looksBinary(sample)) return { format: 'binary', ...empty };
  let sheets: string[] | undefined;
  let header: string[] = [];
  const rows: string[][] = [];
  let settings: CsvSettings | null = null;
  if (isJson) {
    let json: Awaited<ReturnType<typeof jsonHead>>;
    try {
      json = await jsonHead(path, n);
    } catch (e) {
      if (!(e instanceof JsonSourceError)) throw e;
      throw new PreviewRefused(makeIssue('invalid_json', { file, line: 0 }, { reason: e.message }));
    }
    header = json.keys;
    for (const r of json.records) rows.push(header.map((k) => (k === 'geometry' ? String((r[k] as { type?: string })?.type ?? '') : (jsonText(r[k]) ?? ''))));
  } else if (workbook) {
    sheets = await xlsxSheetNames(path).catch(() => []);
    settings = xlsxSettings(overrides.sheet);
    try {
      for await (const b of xlsxBatches(path, { sheet: overrides.sheet })) {
        settings.sheet = b.sheet;
        for (const fields of b.rows) {
          if (header.length === 0) header = fields.map((h, i) => h.trim() || `#${i + 1}`);
          else if (rows.length < n) rows.push(fields);
        }
        if (rows.length >= n) break;
      }
    } catch (e) {
      if (e instanceof XlsxSheetMissing) throw new PreviewRefused(makeIssue('invalid_value', { file, line: 0 }, { reason: e.message }));
      throw new PreviewRefused(makeIssue('invalid_xlsx', { file, line: 0 }, { reason: (e as Error).message }));
    }
  } else {
    settings = { ...detectCsvSettings(sample, truncated), ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
    try {
      for await (const r of csvRecords(path, settings)) {
        if (header.length === 0 && settings.header) {
          header = r.fields.map((h, i) => h.trim() || `#${i + 1}`);
          if (settings.leadingIndexColumn) header = ['#index', ...header];
          continue;
        }
        if (header.length === 0) header = r.fields.map((_, i) => `#${i + 1}`);
        rows.push(r.fields);
        if (rows.length >= n) break;
      }
    } catch (e) {
      if (!(e instanceof CsvRecordTooLong)) throw e;
      throw new PreviewRefused(makeIssue('record_too_long', { file, line: e.line }, { limit: e.limit, line: e.line }));
    }
  }
  if (header.length > IMPORT_MAX_COLUMNS) throw new PreviewRefused(makeIssue('too_many_columns', { file, line: 0 }, { found: header.length, limit: IMPORT_MAX_COLUMNS }));
  const { resolved } = resolveColumns(header, FIELDS[kind], mapping);
  return {
    format: workbook ? 'xlsx' : settings ? 'csv' : 'json',
    ...(sheets ? { sheets } : {}),
    settings,
    header,
    rows,
    fields: FIELDS[kind].map((f) => {
      const r = resolved.get(f.key);
      return { key: f.key, required: f.required, column: r ? (r.index < 0 ? `= ${r.constant}` : r.column) : '' };
    }),
  };
}
