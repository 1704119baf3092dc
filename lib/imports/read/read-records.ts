// Stage 2 of the import pipeline — read: the detected file as a stream of record batches with its header, CSV or
// JSON, a parsed chunk at a time (memory stays bounded whatever the file's size). Every byte read passes through
// `onBytes` (checksum, progress). Occupancy CSV files also settle their date order here.
import { makeIssue, type ImportIssue } from '../issues';
import type { DecimalMark } from '../detect/detect';
import type { DetectedFile } from '../detect/detect-file';
import type { ColumnMapping, ResolvedField } from '../mapping';
import { fileRejection, Rejection } from '../rejection';
import { csvBatches, csvRecords, readSample, type CsvBatch } from './csv-source';
import { xlsxBatches, xlsxRecords, XlsxSheetMissing } from './xlsx-source';
import { scanDateOrder } from './date-order';
import { jsonKeys, jsonRecordBatches, jsonText, JsonSourceError, scanJson, type JsonScan } from './json-source';
import { CsvRecordView, type RecordBatch } from './records';
import { createHash } from 'node:crypto';

export interface ReadInput {
  file: DetectedFile;
  mapping: ColumnMapping;
  /** Called with every chunk of the file as it is read. */
  onBytes: (chunk: Buffer) => void;
}

export interface RecordSource {
  /** Column names (CSV; `#n` for unnamed) or property names (JSON). */
  header: string[];
  /** Record batches, each consumed before the next is asked for. */
  records: AsyncIterable<RecordBatch>;
  decimal: DecimalMark;
  /** The mapping with what reading found: the JSON document's CRS, the file's date order. */
  mapping: ColumnMapping;
  /** Things to tell the user that do not stop the import (e.g. a date order assumed). */
  warnings: ImportIssue[];
  /** CSV: a record with another number of fields than the header is a row issue. */
  checkWidth: boolean;
  /** A workbook: the sheet read (issues name it with the file: `plan.xlsx › Plan`). */
  sheet?: string;
}

/** Opens the file's records, or throws a Rejection (a header only, invalid JSON). */
export async function readRecords(input: ReadInput): Promise<RecordSource> {
  return input.file.format === 'json' ? readJson(input) : readCsv(input);
}

async function readJson({ file, mapping, onBytes }: ReadInput): Promise<RecordSource> {
  // Streamed twice (memory: one record at a time): once to check the document and find its records and crs,
  // then record by record into the stage.
  let scan: JsonScan;
  let header: string[];
  try {
    scan = await scanJson(file.path, onBytes);
    const head = await jsonKeys(file.path, scan.layout);
    if (head.records === 0) throw fileRejection(file.fileName, 'header_only');
    header = head.keys;
  } catch (e) {
    if (!(e instanceof JsonSourceError)) throw e;
    const { sample } = await readSample(file.path);
    throw fileRejection(file.fileName, 'invalid_json', { reason: e.message }, '', createHash('sha256').update(sample).digest('hex'));
  }
  const srid = scan.crsSrid && !mapping.srid && (scan.crsSrid === 25832 || scan.crsSrid === 4326) ? scan.crsSrid : undefined;
  const keys = header;
  const { layout } = scan;
  const records = (async function* () {
    let line = 0;
    try {
      for await (const batch of jsonRecordBatches(file.path, layout)) {
        const rows = batch.map((rec) => ({ line: ++line, get: (f: ResolvedField) => (f.index < 0 ? f.constant : jsonText(rec[keys[f.index]])) }));
        yield { size: rows.length, at: (k: number) => rows[k] };
      }
    } catch (e) {
      if (!(e instanceof JsonSourceError)) throw e;
      throw new Rejection([makeIssue('invalid_json', { file: file.fileName, line: line + 1 }, { reason: e.message })]);
    }
  })();
  return { header, records, decimal: '.', mapping: srid ? { ...mapping, srid } : mapping, warnings: [], checkWidth: false };
}

async function readCsv({ file, mapping, onBytes }: ReadInput): Promise<RecordSource> {
  if (file.format === 'json') throw new Error('not a CSV file or workbook');
  const { settings } = file;
  const workbook = file.format === 'xlsx';
  // A workbook's sheet yields the same text records as a CSV file: one path from here on.
  const iter: AsyncGenerator<CsvBatch & { sheet?: string }> = workbook ? xlsxBatches(file.path, { sheet: settings.sheet, onChunk: onBytes, spool: true }) : csvBatches(file.path, settings, onBytes);
  let first: IteratorResult<CsvBatch & { sheet?: string }>;
  try {
    first = await iter.next();
  } catch (e) {
    if (!workbook) throw e;
    const { sample } = await readSample(file.path);
    const checksum = createHash('sha256').update(sample).digest('hex');
    if (e instanceof XlsxSheetMissing) throw fileRejection(file.fileName, 'invalid_value', { reason: `${e.message} / arket "${e.sheet}" findes ikke (${e.sheets.join(', ')})` }, '', checksum);
    throw fileRejection(file.fileName, 'invalid_xlsx', { reason: (e as Error).message }, '', checksum);
  }
  if (first.done) throw fileRejection(file.fileName, 'empty_file');
  const sheet = first.value.sheet;
  const firstFields = first.value.rows[0];
  let header: string[];
  if (settings.header) {
    header = firstFields.map((h, i) => h.trim() || `#${i + 1}`);
    if (settings.leadingIndexColumn) header = ['#index', ...header];
  } else header = firstFields.map((_, i) => `#${i + 1}`);
  const skipFirst = settings.header ? 1 : 0;
  const records = (async function* () {
    const rec = new CsvRecordView();
    const batches = (async function* () {
      yield first.value;
      for await (const b of iter) yield b;
    })();
    let skip = skipFirst;
    for await (const b of batches) {
      const offset = skip;
      skip = 0;
      yield {
        size: b.rows.length - offset,
        at: (k: number) => {
          rec.fields = b.rows[k + offset];
          rec.line = b.lines[k + offset];
          rec.width = rec.fields.length;
          return rec;
        },
      };
    }
  })();
  const warnings: ImportIssue[] = [];
  let dateOrder = mapping.dateOrder;
  if (file.kind === 'occupancy' && !dateOrder) {
    const again = () => (workbook ? xlsxRecords(file.path, sheet) : csvRecords(file.path, settings));
    const scanned = await scanDateOrder(again, settings, header, mapping);
    if (scanned === 'ambiguous') {
      // Danish files write dd-mm-yyyy; say so, and let the user choose otherwise.
      dateOrder = 'dmy';
      warnings.push(makeIssue('ambiguous_date_order', { file: file.fileName, line: 0, column: mapping.columns.timestamp ?? 'timestamp' }));
    } else dateOrder = scanned;
  }
  return { header, records, decimal: settings.decimal, mapping: dateOrder ? { ...mapping, dateOrder } : mapping, warnings, checkWidth: true, ...(sheet ? { sheet } : {}) };
}
