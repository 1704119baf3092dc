// Reading an Excel workbook (.xlsx) as the same batches of text records the CSV reader yields, so every import
// kind takes workbooks through the one pipeline: the zip opened at its central directory and the chosen sheet's XML
// SAX-parsed as it is inflated (xlsx-read-sheet.mjs; the whole workbook is never held — rows are kept as their
// cells' texts only, shared strings cached), run in a worker thread with a capped heap (xlsx-reader-worker.mjs: the
// parser's garbage is collected there, and a workbook that needs more heap — a huge shared strings table — fails
// there with a message instead of growing this process). An import of a whole sheet (`spool`) lets that thread
// write the rows' texts to a temporary file and end before it reads them back, so the reader's memory and the
// import's are never needed at once — docs/imports.md § Big files. A preview streams: a few batches ahead at most.
// Cells become the text a CSV export would hold (xlsx-cells.mjs): numbers as JavaScript writes them, date cells as
// local wall time (`2026-03-02 08:15:00`, a time-only cell `08:15:00`), formulas as their cached result, rich text
// joined, error cells as their code (`#N/A`, rejected by the field that reads it). Title rows above the table are
// skipped and the header row found (detectTitleRows); a merged header cell names only its first column — the
// others become `#n`. Rows keep their Excel row number as their line. .xls and .ods are recognised and refused
// with how to save them as .xlsx.
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { XLSX_READER_HEAP_MB, XLSX_READER_YOUNG_MB, XLSX_SPOOL_MAX_BYTES, XLSX_THREAD_MIN_BYTES } from '@/lib/config/limits';
import { detectTitleRows } from '../detect/detect';
import type { CsvBatch } from './csv-source';
import { creditGate, ReaderStopped } from './xlsx-credit-gate.mjs';
import type { SheetMessage } from './xlsx-read-sheet.mjs';

export { cellText } from './xlsx-cells.mjs';

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

/** Batches of rows the reader thread may read ahead of the consumer. */
const CREDITS = 2;

/** Path of the reader's worker script; resolved from the project root so it works under tsx, vitest and next start. */
const WORKER_FILE = path.join(process.cwd(), 'lib', 'imports', 'read', 'xlsx-reader-worker.mjs');

type ReaderMessage = SheetMessage | { error: string };
type Queued = { rows: string[][]; lines: number[] } | { end: true } | { error: Error };

/**
 * The spool file's lines, read one chunk at a time as the consumer asks (a stream's async iterator pulls; readline's
 * reads ahead of a slow consumer, so the whole file could end up in memory).
 */
async function* spooledLines(file: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      yield text.slice(start, nl);
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest) yield rest;
}

/** The texts of a sheet's non-empty rows as the reader sends them, and the sheets it passed on the way. */
interface RawRows {
  batches: AsyncGenerator<{ rows: string[][]; lines: number[] }>;
  /** Sheet names seen so far (all of them once `batches` is done). */
  sheets: string[];
  /** The sheet read (set once its first batch arrived). */
  sheet: () => string | undefined;
  found: () => boolean;
}

/**
 * Reads a workbook's `sheet` (default the first) as row batches, or with `namesOnly` just its sheet names: in a
 * worker thread whose heap is capped at XLSX_READER_HEAP_MB when the file is XLSX_THREAD_MIN_BYTES or more (a
 * workbook that needs more heap — a huge shared strings table — fails with a message saying so), else in this
 * thread. Returning early from `batches` stops the reader.
 */
function readRows(file: string, opts: { sheet?: string; namesOnly?: boolean; onChunk?: (chunk: Buffer) => void; thread?: boolean; spool?: boolean }): RawRows {
  const job = { path: file, sheet: opts.sheet, namesOnly: opts.namesOnly ?? false, batchRows: BATCH_ROWS };
  const inThread = opts.thread ?? statSync(file).size >= XLSX_THREAD_MIN_BYTES;
  const spoolDir = inThread && opts.spool && !opts.namesOnly ? mkdtempSync(path.join(tmpdir(), 'areal-xlsx-')) : null;
  const spool = spoolDir ? path.join(spoolDir, 'rows.ndjson') : null;
  const sheets: string[] = [];
  let current: string | undefined;
  let found = false;
  // Messages wait here until the consumer asks; at most CREDITS row batches (and their file chunks) are ahead.
  const queue: Queued[] = [];
  let notify: (() => void) | null = null;
  const push = (item: Queued) => {
    queue.push(item);
    notify?.();
    notify = null;
  };
  const onMessage = (m: ReaderMessage) => {
    if ('chunk' in m) {
      opts.onChunk?.(Buffer.from(m.chunk.buffer, m.chunk.byteOffset, m.chunk.byteLength));
      handBack?.(m.chunk.buffer as ArrayBuffer);
    }
    else if ('sheet' in m) sheets.push(m.sheet);
    else if ('rows' in m) {
      current = sheets[sheets.length - 1];
      push({ rows: m.rows, lines: m.lines });
    } else if ('done' in m) {
      found = m.found;
      push({ end: true });
    } else push({ error: new Error(m.error) });
  };

  // The reader thread's chunk buffers go back to it once seen (xlsx-reader-worker.mjs says why).
  let handBack: ((buffer: ArrayBuffer) => void) | null = null;
  let giveCredit: () => void;
  let stop: () => Promise<unknown>;
  if (inThread) {
    const worker = new Worker(WORKER_FILE, {
      workerData: { ...job, credits: CREDITS, spool, spoolMaxBytes: XLSX_SPOOL_MAX_BYTES },
      // Plain JavaScript: none of the parent's loaders (tsx, vitest) — they made each start several times slower.
      execArgv: [],
      // The young generation capped too: the lean reader's garbage dies young, so a small one is collected often
      // (the thread ~20 MB smaller, no slower; exceljs' objects, promoted under such a cap, had read 3× as long).
      resourceLimits: { maxOldGenerationSizeMb: XLSX_READER_HEAP_MB, maxYoungGenerationSizeMb: XLSX_READER_YOUNG_MB },
    });
    worker.on('message', onMessage);
    worker.on('error', (e: Error & { code?: string }) =>
      push({ error: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new Error(`the workbook needs more than ${XLSX_READER_HEAP_MB} MB to read (a very large shared strings table?); save it as CSV (UTF-8)`) : e }));
    worker.on('exit', (code) => push(code === 0 ? { end: true } : { error: new Error(`the workbook reader stopped (exit code ${code})`) }));
    handBack = (buffer) => worker.postMessage({ recycle: buffer }, [buffer]);
    giveCredit = () => worker.postMessage({ credit: 1 });
    stop = () => worker.terminate();
  } else {
    const gate = creditGate(CREDITS);
    // A small workbook in this thread; a consumer that stops early closes the gate, so the reader ends and closes the file.
    // The reader (unzipper, saxes) is loaded on first use: an import of a large workbook never loads it in this thread.
    import('./xlsx-read-sheet.mjs')
      .then(({ readSheet }) => readSheet(job, onMessage, gate))
      .catch((e: Error) => {
        if (!(e instanceof ReaderStopped)) push({ error: e });
      });
    giveCredit = () => gate.give();
    stop = async () => gate.close();
  }
  const batches = (async function* () {
    try {
      for (;;) {
        if (queue.length === 0) await new Promise<void>((resolve) => (notify = resolve));
        const item = queue.shift()!;
        if ('end' in item) break;
        if ('error' in item) throw item.error;
        yield item;
        giveCredit();
      }
      if (!spool) return;
      // The reader has ended: its rows, one JSON line per batch, back from the file.
      await stop();
      current = sheets[sheets.length - 1];
      for await (const line of spooledLines(spool)) {
        const [lines, rows] = JSON.parse(line) as [number[], string[][]];
        yield { rows, lines };
      }
    } finally {
      await stop();
      if (spoolDir) rmSync(spoolDir, { recursive: true, force: true });
    }
  })();
  return { batches, sheets, sheet: () => current, found: () => found };
}

export interface XlsxOptions {
  /** The sheet to read, by name; default the first. */
  sheet?: string;
  /** Sees the bytes as they are read (checksum, progress); a chunk is valid during the call only (its buffer is reused). */
  onChunk?: (chunk: Buffer) => void;
  /** Read in the capped worker thread (true) or this thread (false); default by size (XLSX_THREAD_MIN_BYTES). */
  thread?: boolean;
  /**
   * The caller reads the whole sheet (an import, not a preview): the reader thread writes the rows to a temporary
   * file and ends before the first batch is yielded, so its memory is freed before the caller's work begins.
   */
  spool?: boolean;
}

/** The names of a workbook's sheets, in order (the reader thread walks the file without keeping cells). */
export async function xlsxSheetNames(file: string): Promise<string[]> {
  const raw = readRows(file, { namesOnly: true });
  for await (const b of raw.batches) void b;
  return raw.sheets;
}

/**
 * The records of one sheet, a batch at a time, as csvBatches yields them: empty rows dropped, title rows above
 * the header dropped, `line` the Excel row number. Every row is padded to the header's width (Excel omits
 * trailing empty cells). Throws XlsxSheetMissing when the named sheet is not in the workbook.
 */
export async function* xlsxBatches(file: string, opts: XlsxOptions = {}): AsyncGenerator<CsvBatch & { sheet: string }> {
  const raw = readRows(file, { sheet: opts.sheet, onChunk: opts.onChunk, thread: opts.thread, spool: opts.spool });
  let head: Array<{ line: number; fields: string[] }> | null = [];
  let width = 0;
  let rows: string[][] = [];
  let lines: number[] = [];
  const push = (line: number, fields: string[]) => {
    while (fields.length < width) fields.push('');
    rows.push(fields);
    lines.push(line);
  };
  const endHead = () => {
    const titles = detectTitleRows(head!.map((h) => h.fields));
    width = head![titles].fields.length;
    for (const h of head!.slice(titles)) push(h.line, h.fields);
    head = null;
  };
  for await (const batch of raw.batches) {
    const name = raw.sheet()!;
    for (let i = 0; i < batch.rows.length; i++) {
      if (head) {
        head.push({ line: batch.lines[i], fields: batch.rows[i] });
        if (head.length >= HEAD_ROWS) endHead();
        continue;
      }
      push(batch.lines[i], batch.rows[i]);
    }
    if (!head && rows.length >= BATCH_ROWS) {
      yield { rows, lines, sheet: name };
      rows = [];
      lines = [];
    }
  }
  if (head && head.length > 0) endHead();
  if (rows.length > 0) yield { rows, lines, sheet: raw.sheet()! };
  if (!raw.found()) throw new XlsxSheetMissing(opts.sheet ?? '', raw.sheets);
}

/** The records of a workbook's sheet one at a time, header included, like csvRecords. */
export async function* xlsxRecords(file: string, sheet: string | undefined): AsyncGenerator<{ line: number; fields: string[] }> {
  for await (const b of xlsxBatches(file, { sheet })) for (let i = 0; i < b.rows.length; i++) yield { line: b.lines[i], fields: b.rows[i] };
}

/** The sheet asked for is not in the workbook: `sheets` lists those that are. */
export class XlsxSheetMissing extends Error {
  constructor(readonly sheet: string, readonly sheets: string[]) {
    super(`sheet "${sheet}" is not in the workbook (${sheets.join(', ')})`);
  }
}
