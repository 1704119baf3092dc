// Reading an Excel workbook (.xlsx) as the same batches of text records the CSV reader yields, so every import
// kind takes workbooks through the one pipeline: exceljs' streaming WorkbookReader (maintained, no open
// advisories; the whole workbook is never held — worksheets are parsed row by row, shared strings cached).
// Cells become the text a CSV export would hold: numbers with a decimal point, date cells as local wall time
// (`2026-03-02 08:15:00`, a time-only cell `08:15:00`), formulas as their cached result, rich text joined, error
// cells as their code (`#N/A`, rejected by the field that reads it). Title rows above the table are skipped and
// the header row found (detectTitleRows); a merged header cell names only its first column — the others become
// `#n`. Rows keep their Excel row number as their line. .xls and .ods are recognised and refused with how to
// save them as .xlsx.
import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { detectTitleRows } from '../detect/detect';
import type { CsvBatch } from './csv-source';

/** What a file's first bytes say it is: an xlsx workbook, a format we refuse with advice, or neither. */
export function spreadsheetKind(sample: Buffer): 'xlsx' | 'xls' | 'ods' | null {
  if (sample.length >= 8 && sample.readUInt32BE(0) === 0xd0cf11e0 && sample.readUInt32BE(4) === 0xa1b11ae1) return 'xls';
  if (sample.length < 4 || sample.readUInt32BE(0) !== 0x504b0304) return null;
  const head = sample.subarray(0, Math.min(sample.length, 4096)).toString('latin1');
  if (head.includes('application/vnd.oasis.opendocument.spreadsheet')) return 'ods';
  // Any other zip is no workbook: an xlsx names its parts ([Content_Types].xml, xl/…) in the first entries.
  return head.includes('[Content_Types].xml') || head.includes('xl/') ? 'xlsx' : null;
}

const BATCH_ROWS = 4096;
/** Rows read to find the header below title rows. */
const HEAD_ROWS = 30;

type CellValue = ExcelJS.CellValue;

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell as the text a CSV export of it would hold. */
export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) {
    // exceljs gives the wall time as written in the sheet in the UTC fields (the file has no zone).
    const date = `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
    const time = `${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
    if (v.getUTCFullYear() < 1900) return time; // a time-only cell (day 0 of Excel's calendar)
    return time === '00:00:00' ? date : `${date} ${time}`;
  }
  if (typeof v === 'object') {
    if ('result' in v) return cellText((v as { result?: CellValue }).result ?? null);
    if ('richText' in v) return (v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
    if ('text' in v) return String((v as { text: unknown }).text ?? '');
    if ('error' in v) return String((v as ExcelJS.CellErrorValue).error);
    if ('formula' in v || 'sharedFormula' in v) return '';
  }
  return String(v);
}

function rowTexts(row: ExcelJS.Row): string[] {
  const values = row.values as CellValue[];
  const out: string[] = [];
  for (let i = 1; i < values.length; i++) out.push(cellText(values[i]).trim());
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

export interface XlsxOptions {
  /** The sheet to read, by name; default the first. */
  sheet?: string;
  /** Sees the bytes as they are read (checksum, progress). */
  onChunk?: (chunk: Buffer) => void;
}

/** The names of a workbook's sheets, in order (streams the file; stops reading cells at the first sheet). */
export async function xlsxSheetNames(path: string): Promise<string[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(path), { sharedStrings: 'ignore', styles: 'ignore', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  const names: string[] = [];
  for await (const sheet of reader) {
    names.push((sheet as unknown as { name?: string }).name ?? `#${names.length + 1}`);
    for await (const row of sheet) void row; // each sheet must be read before the next is offered
  }
  return names;
}

/**
 * The records of one sheet, a batch at a time, as csvBatches yields them: empty rows dropped, title rows above
 * the header dropped, `line` the Excel row number. Every row is padded to the header's width (Excel omits
 * trailing empty cells). Throws XlsxSheetMissing when the named sheet is not in the workbook.
 */
export async function* xlsxBatches(path: string, opts: XlsxOptions = {}): AsyncGenerator<CsvBatch & { sheet: string }> {
  const input = createReadStream(path, { highWaterMark: 64 * 1024 });
  if (opts.onChunk) input.on('data', (c) => opts.onChunk!(c as Buffer));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  const seen: string[] = [];
  let found = false;
  try {
    for await (const sheet of reader) {
      const name = (sheet as unknown as { name?: string }).name ?? `#${seen.length + 1}`;
      seen.push(name);
      const wanted = !found && (opts.sheet === undefined ? true : opts.sheet === name);
      if (!wanted) {
        for await (const row of sheet) void row;
        continue;
      }
      found = true;
      let head: Array<{ line: number; fields: string[] }> | null = [];
      let width = 0;
      let rows: string[][] = [];
      let lines: number[] = [];
      const push = (line: number, fields: string[]) => {
        while (fields.length < width) fields.push('');
        rows.push(fields);
        lines.push(line);
      };
      for await (const row of sheet) {
        const fields = rowTexts(row as ExcelJS.Row);
        if (fields.length === 0) continue;
        if (head) {
          head.push({ line: (row as ExcelJS.Row).number, fields });
          if (head.length < HEAD_ROWS) continue;
          const titles = detectTitleRows(head.map((h) => h.fields));
          width = head[titles].fields.length;
          for (const h of head.slice(titles)) push(h.line, h.fields);
          head = null;
          continue;
        }
        push((row as ExcelJS.Row).number, fields);
        if (rows.length >= BATCH_ROWS) {
          yield { rows, lines, sheet: name };
          rows = [];
          lines = [];
        }
      }
      if (head && head.length > 0) {
        const titles = detectTitleRows(head.map((h) => h.fields));
        width = head[titles].fields.length;
        for (const h of head.slice(titles)) push(h.line, h.fields);
      }
      if (rows.length > 0) yield { rows, lines, sheet: name };
      break;
    }
  } finally {
    input.destroy();
  }
  if (!found) throw new XlsxSheetMissing(opts.sheet ?? '', seen);
}

/** The records of a workbook's sheet one at a time, header included, like csvRecords. */
export async function* xlsxRecords(path: string, sheet: string | undefined): AsyncGenerator<{ line: number; fields: string[] }> {
  for await (const b of xlsxBatches(path, { sheet })) for (let i = 0; i < b.rows.length; i++) yield { line: b.lines[i], fields: b.rows[i] };
}

/** The sheet asked for is not in the workbook: `sheets` lists those that are. */
export class XlsxSheetMissing extends Error {
  constructor(readonly sheet: string, readonly sheets: string[]) {
    super(`sheet "${sheet}" is not in the workbook (${sheets.join(', ')})`);
  }
}
