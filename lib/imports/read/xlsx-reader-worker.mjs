// The worker thread that reads a large workbook (xlsx-source.ts starts it with a capped heap: XLSX_READER_HEAP_MB
// in lib/config/limits.ts). exceljs makes a Row and Cell objects per row and its XML parser's events per cell:
// garbage that, in the importing thread's large default heap, was collected late (a 1 M-row sheet peaked at 301 MB
// RSS). Here it lives in a small heap that is collected often (the import's peak is no lower: this isolate costs about
// as much — docs/imports.md § Big files), and only the rows' texts cross to the caller, in
// batches, never more than `credits` batches ahead of it. Messages out: those of readSheet (chunks are copied and
// transferred) and { error: string }; in: { credit: 1 } per batch consumed.
import { parentPort, workerData } from 'node:worker_threads';
import { creditGate, readSheet } from './xlsx-read-sheet.mjs';

const gate = creditGate(workerData.credits);
parentPort.on('message', (m) => {
  if (m.credit) gate.give();
});

const send = (m) => {
  if (!m.chunk) return parentPort.postMessage(m);
  const copy = new Uint8Array(m.chunk); // the stream's buffers may share a pool: post a copy we can transfer
  parentPort.postMessage({ chunk: copy }, [copy.buffer]);
};

readSheet(workerData, send, gate).catch((e) => parentPort.postMessage({ error: String(e?.message ?? e) }));
