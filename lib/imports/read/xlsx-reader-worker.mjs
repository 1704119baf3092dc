// The worker thread that reads a large workbook (xlsx-source.ts starts it with a capped heap: XLSX_READER_HEAP_MB
// in lib/config/limits.ts). The zip reader's buffers and the XML parser's events per cell are garbage that lives
// here, in a small heap collected often, never in the importing thread's; so does the shared strings table.
// Two ways out for the rows' texts:
// - streamed (previews, small reads): batches to the caller, never more than `credits` batches ahead of it;
// - spooled (`spool`: a file path; whole-sheet imports): every batch appended to that file as one JSON line, as fast
//   as the disk takes it; `done` is sent once the file is complete, and the thread then ends, so its heap is gone
//   before the import reads the rows back. The reader's memory and the import's are then never needed at the same
//   time (docs/imports.md § Big files). A sheet whose text exceeds `spoolMaxBytes` stops with a message.
// Messages out: those of readSheet (chunks are copied into a handed-back buffer and transferred) and { error: string };
// in: { credit: 1 } per batch consumed (streamed only), { recycle: ArrayBuffer } per chunk hashed.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { creditGate, readSheet } from './xlsx-read-sheet.mjs';

// The file's chunks cross in buffers the importing thread hands back once it has hashed them ({ recycle }): a chunk
// it received would otherwise stay in its memory until its next garbage collection, and that thread, idle while a
// spooled read runs, collected none — the whole file (17 MB of a 1 M-row workbook) piled up there.
const buffers = [];
const post = (m) => {
  if (!m.chunk) return parentPort.postMessage(m);
  let buffer = buffers.pop();
  if (!buffer || buffer.byteLength < m.chunk.length) buffer = new ArrayBuffer(Math.max(m.chunk.length, 64 * 1024));
  const copy = new Uint8Array(buffer, 0, m.chunk.length);
  copy.set(m.chunk);
  parentPort.postMessage({ chunk: copy }, [buffer]);
};
const fail = (e) => parentPort.postMessage({ error: String(e?.message ?? e) });
let gate = null;
parentPort.on('message', (m) => {
  if (m.recycle) buffers.push(m.recycle);
  else if (m.credit) gate?.give();
});

if (workerData.spool) {
  const out = createWriteStream(workerData.spool);
  let failed = null;
  out.on('error', (e) => (failed = e));
  let written = 0;
  // The gate readSheet waits at after each full batch: open unless the file's buffer is full.
  const diskGate = {
    async take() {
      if (failed) throw failed;
      if (out.writableNeedDrain) await once(out, 'drain');
    },
    give() {},
    close() {},
  };
  const send = (m) => {
    if ('rows' in m) {
      const line = `${JSON.stringify([m.lines, m.rows])}\n`;
      written += Buffer.byteLength(line);
      if (written > workerData.spoolMaxBytes) throw new Error(`the sheet holds more than ${Math.round(workerData.spoolMaxBytes / 2 ** 30)} GiB of text; split it or save it as CSV (UTF-8)`);
      out.write(line);
    } else if ('done' in m) {
      out.end(() => {
        if (failed) return fail(failed);
        post(m);
        parentPort.unref(); // nothing more to do: let the thread end and free its heap
      });
    } else post(m);
  };
  readSheet(workerData, send, diskGate).catch((e) => {
    out.destroy();
    fail(e);
  });
} else {
  gate = creditGate(workerData.credits);
  readSheet(workerData, post, gate).catch(fail);
}
