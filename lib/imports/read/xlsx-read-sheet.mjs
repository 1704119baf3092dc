// Reads one sheet of a workbook with exceljs' streaming WorkbookReader and sends its rows' texts in batches — the
// one reading loop, run either in a worker thread with a capped heap (xlsx-reader-worker.mjs, large workbooks) or
// in the caller's thread (small ones, where starting a thread and loading exceljs again would cost more than the
// read). Plain JavaScript so both can run it (types: xlsx-read-sheet.d.mts).
// Messages sent: { chunk: Uint8Array } (the file's bytes, for checksum and progress) · { sheet: name } (each sheet
// as it is reached) · { rows: string[][], lines: number[] } · { done: true, found: boolean }.
import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { rowTexts } from './xlsx-cells.mjs';

export { creditGate, ReaderStopped } from './xlsx-credit-gate.mjs';

/** Reads `sheet` (default the first) of the workbook at `path`, or with `namesOnly` only walks its sheets. */
export async function readSheet({ path, sheet: wantedSheet, namesOnly, batchRows }, send, gate) {
  const input = createReadStream(path, { highWaterMark: 64 * 1024 });
  if (!namesOnly) input.on('data', (c) => send({ chunk: c }));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: namesOnly ? 'ignore' : 'cache', styles: namesOnly ? 'ignore' : 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore',
  });
  let found = false;
  let index = 0;
  try {
    for await (const sheet of reader) {
      const name = sheet.name ?? `#${index + 1}`;
      index++;
      send({ sheet: name });
      const wanted = !namesOnly && !found && (wantedSheet === undefined || wantedSheet === name);
      if (!wanted) {
        for await (const row of sheet) void row; // each sheet must be read before the next is offered
        continue;
      }
      found = true;
      let rows = [];
      let lines = [];
      for await (const row of sheet) {
        const fields = rowTexts(row);
        if (fields.length === 0) continue;
        rows.push(fields);
        lines.push(row.number);
        if (rows.length >= batchRows) {
          await gate.take();
          send({ rows, lines });
          rows = [];
          lines = [];
        }
      }
      if (rows.length > 0) send({ rows, lines });
      break;
    }
  } finally {
    input.destroy();
  }
  send({ done: true, found });
}
