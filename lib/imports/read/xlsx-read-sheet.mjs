// Reads one sheet of a workbook and sends its rows' texts in batches — the one reading loop, run either in a worker
// thread with a capped heap (xlsx-reader-worker.mjs, large workbooks) or in the caller's thread (small ones). Plain
// JavaScript so both can run it (types: xlsx-read-sheet.d.mts).
// Why not exceljs' streaming WorkbookReader, which did this before: it builds a Row and Cell objects for every row,
// and a 1 M-row import then peaked at 238 MB RSS (its thread ~100 MB beside the importing process; docs/imports.md
// § Big files), over the 200 MB bound. Here the zip is opened at its central directory (unzipper's random access:
// the parts are read in the order a sheet needs them, whatever order the writer zipped them in), the small parts
// first (xlsx-workbook.mjs), then the chosen sheet's XML is inflated and SAX-parsed (saxes) a chunk at a time,
// each row kept only as its cells' texts (xlsx-cells.mjs).
// Messages sent: { chunk: Uint8Array } (all the file's bytes in order, for checksum and progress; sent as the sheet
// is read) · { sheet: name } (each sheet in workbook order up to the one read) · { rows: string[][], lines:
// number[] } · { done: true, found: boolean }.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import unzipper from 'unzipper';
import { cellText, unescapeXstring } from './xlsx-cells.mjs';
import { localName, parseXml, readDateStyles, readSharedStrings, readWorkbook } from './xlsx-workbook.mjs';

export { creditGate, ReaderStopped } from './xlsx-credit-gate.mjs';

const CHUNK_BYTES = 64 * 1024;
/** Excel's last column (XFD): a cell reference beyond it is a broken file, not a reason to allocate. */
const MAX_COLUMNS = 16384;

/** A cell reference's column (`AB12` → 28), or 0 when it has none. */
function columnOf(ref) {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + c - 64;
  }
  return col;
}

/**
 * The file's bytes in order, as { chunk } messages up to a position: the zip is read out of order, so the checksum
 * and progress see a second, sequential read, paced by how far the sheet has been read.
 */
async function fileBytes(path, size, send) {
  const handle = await open(path);
  let sent = 0;
  return {
    /** Sends whole chunks up to `end`, everything when `end` is the size. */
    async upTo(end) {
      while (sent < size && (end >= size || sent + CHUNK_BYTES <= end)) {
        const buf = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, size - sent));
        const { bytesRead } = await handle.read(buf, 0, buf.length, sent);
        if (bytesRead === 0) break;
        send({ chunk: buf.subarray(0, bytesRead) });
        sent += bytesRead;
      }
    },
    close: () => handle.close(),
  };
}

/** Reads `sheet` (default the first) of the workbook at `path`, or with `namesOnly` only lists its sheets. */
export async function readSheet({ path, sheet: wantedSheet, namesOnly, batchRows }, send, gate) {
  const { size } = await stat(path);
  // unzipper's own Open.file leaves a part's file stream open when its reader stops early: keep them to close.
  const streams = new Set();
  const source = {
    stream(offset, length) {
      const s = createReadStream(path, { start: offset, end: length ? offset + length - 1 : undefined });
      streams.add(s);
      s.on('close', () => streams.delete(s));
      return s;
    },
    size: async () => size,
  };
  const bytes = namesOnly ? null : await fileBytes(path, size, send);
  let found = false;
  try {
    const zip = await unzipper.Open.custom(source).catch((e) => {
      throw new Error(`the file is not a complete Excel workbook: its zip directory is missing or damaged (${e.message})`);
    });
    const entries = new Map(zip.files.map((f) => [f.path, f]));
    const book = await readWorkbook(entries);
    for (const sheet of book.sheets) {
      send({ sheet: sheet.name });
      if (namesOnly || (wantedSheet !== undefined && wantedSheet !== sheet.name)) continue;
      const entry = entries.get(sheet.part);
      if (!entry) throw new Error(`the workbook has no part for sheet "${sheet.name}"`);
      found = true;
      const parts = { dateStyles: await readDateStyles(entries.get(book.stylesPart)), sharedStrings: await readSharedStrings(entries.get(book.sharedStringsPart)), date1904: book.date1904 };
      await streamRows(entry, parts, batchRows, send, gate, (done) => bytes.upTo(Math.floor((size * done) / Math.max(entry.uncompressedSize, 1))));
      break;
    }
    await bytes?.upTo(size);
  } finally {
    for (const s of streams) s.destroy();
    await bytes?.close();
  }
  send({ done: true, found });
}

/**
 * Streams a worksheet part's `<sheetData>` as batches of rows: each cell's text trimmed at its column (`r`; a gap
 * is empty cells), trailing empty cells dropped, empty rows skipped, the row's number (`r`) as its line.
 */
async function streamRows(entry, parts, batchRows, send, gate, progress) {
  let rows = [];
  let lines = [];
  let inData = false;
  let fields = null; // the open row's texts
  let line = 0;
  let col = 0;
  let type = 'n';
  let dateStyle = false;
  let value = null; // the open cell's <v>, or its inline string's joined <t> runs
  let capture = null; // 'v' or 't' while inside one
  let run = '';
  let phonetic = 0;
  const handlers = {
    opentag(tag) {
      const name = localName(tag.name);
      if (!inData) {
        inData = name === 'sheetData';
        return;
      }
      const a = tag.attributes;
      switch (name) {
        case 'row':
          line = a.r ? parseInt(a.r, 10) : line + 1;
          fields = [];
          col = 0;
          break;
        case 'c':
          col = a.r ? columnOf(a.r) : col + 1;
          if (col < 1 || col > MAX_COLUMNS) throw new Error(`cell reference "${a.r}" is outside a worksheet`);
          type = a.t ?? 'n';
          dateStyle = a.s ? parts.dateStyles[parseInt(a.s, 10)] === true : false;
          value = null;
          break;
        case 'v':
          capture = 'v';
          value = '';
          break;
        case 'is':
          value = '';
          break;
        case 'rPh':
          phonetic++;
          break;
        case 't':
          if (value !== null && phonetic === 0) {
            capture = 't';
            run = '';
          }
          break;
        default:
          break;
      }
    },
    text(t) {
      if (capture === 'v') value += t;
      else if (capture === 't') run += t;
    },
    closetag(tag) {
      if (!inData) return;
      switch (localName(tag.name)) {
        case 'sheetData':
          inData = false;
          break;
        case 'v':
          capture = null;
          break;
        case 't':
          if (capture === 't') value += unescapeXstring(run);
          capture = null;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'c': {
          if (!fields) break;
          const text = cellText(type, value, dateStyle, parts).trim();
          if (text === '') break;
          while (fields.length < col - 1) fields.push('');
          fields[col - 1] = text;
          break;
        }
        case 'row':
          if (fields && fields.length > 0) {
            rows.push(fields);
            lines.push(line);
          }
          fields = null;
          break;
        default:
          break;
      }
    },
  };
  await parseXml(entry, handlers, async (done) => {
    while (rows.length >= batchRows) {
      await gate.take();
      send({ rows: rows.slice(0, batchRows), lines: lines.slice(0, batchRows) });
      rows = rows.slice(batchRows);
      lines = lines.slice(batchRows);
    }
    await progress(done);
  });
  if (rows.length > 0) send({ rows, lines });
}
