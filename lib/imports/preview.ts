// The preview for the upload page: detected settings (with the user's overrides applied), the header, the
// first rows exactly as the parser splits them, and which column feeds each field. Reads only the first
// rows; nothing is written. The full check is a dry run of the real pipeline (run-import).
import { csvRecords, readSample } from './csv-source';
import { detectCsvSettings, decodeSample, looksBinary, type CsvSettings } from './detect';
import { readJsonRecords, jsonText } from './json-source';
import { costsHandler } from './kinds/costs';
import { FOOTPRINT_FIELDS } from './kinds/footprints';
import { MAINTENANCE_FIELDS } from './kinds/maintenance';
import { OCCUPANCY_FIELDS } from './kinds/occupancy';
import { REGISTRY_FIELDS } from './kinds/registry';
import { mappingSchema, resolveColumns, type ColumnMapping, type FieldSpec, type ImportKind } from './mapping';

export const FIELDS: Record<ImportKind, FieldSpec[]> = {
  occupancy: OCCUPANCY_FIELDS,
  registry: REGISTRY_FIELDS,
  footprints: FOOTPRINT_FIELDS,
  costs: costsHandler().fields,
  maintenance: MAINTENANCE_FIELDS,
};

export interface Preview {
  format: 'csv' | 'json' | 'binary' | 'empty';
  settings: CsvSettings | null;
  header: string[];
  rows: string[][];
  /** field → column name ('' when not found), and whether it is required. */
  fields: Array<{ key: string; required: boolean; column: string }>;
}

/** The first `n` rows of a file as they will be read, with detected settings and the column mapping. */
export async function previewFile(path: string, kind: ImportKind, mappingInput: Partial<ColumnMapping> = {}, overrides: Partial<CsvSettings> = {}, n = 20): Promise<Preview> {
  const mapping = mappingSchema.parse(mappingInput);
  const { sample, truncated, size } = await readSample(path);
  const empty = { settings: null, header: [], rows: [], fields: FIELDS[kind].map((f) => ({ key: f.key, required: f.required, column: '' })) };
  if (size === 0) return { format: 'empty', ...empty };
  if (looksBinary(sample)) return { format: 'binary', ...empty };
  const first = decodeSample(sample.subarray(0, 4096), 'utf-8').trimStart()[0];
  let header: string[] = [];
  const rows: string[][] = [];
  let settings: CsvSettings | null = null;
  if (kind === 'footprints' || (kind === 'registry' && (first === '{' || first === '['))) {
    const json = await readJsonRecords(path);
    if (!('error' in json)) {
      header = json.keys;
      for (const r of json.records.slice(0, n)) rows.push(header.map((k) => (k === 'geometry' ? String((r[k] as { type?: string })?.type ?? '') : (jsonText(r[k]) ?? ''))));
    }
  } else {
    settings = { ...detectCsvSettings(sample, truncated), ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
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
  }
  const { resolved } = resolveColumns(header, FIELDS[kind], mapping);
  return {
    format: settings ? 'csv' : 'json',
    settings,
    header,
    rows,
    fields: FIELDS[kind].map((f) => {
      const r = resolved.get(f.key);
      return { key: f.key, required: f.required, column: r ? (r.index < 0 ? `= ${r.constant}` : r.column) : '' };
    }),
  };
}
