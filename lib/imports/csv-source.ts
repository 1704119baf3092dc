// Reading a CSV file as a stream of records with their physical line numbers: bytes → iconv-lite decoding
// (UTF-8 with or without BOM, Windows-1252) → papaparse in Node-stream mode. Memory stays bounded by the
// stream buffers, whatever the file size; the consumer's pace sets the reading pace (backpressure).
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { SAMPLE_BYTES, type CsvSettings } from './detect';

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  fields: string[];
}

/** The first `bytes` of a file, whether the file is longer, and its size. */
export async function readSample(path: string, bytes = SAMPLE_BYTES): Promise<{ sample: Buffer; truncated: boolean; size: number }> {
  const { size } = await stat(path);
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(bytes, size));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return { sample: buf.subarray(0, bytesRead), truncated: size > bytesRead, size };
  } finally {
    await fh.close();
  }
}

function countNewlines(fields: string[], lineEnding: string): number {
  let n = 0;
  for (const f of fields) {
    if (f.length < 1) continue;
    let i = f.indexOf(lineEnding);
    while (i !== -1) {
      n += 1;
      i = f.indexOf(lineEnding, i + lineEnding.length);
    }
  }
  return n;
}

/**
 * Streams the records of a CSV file (header included, empty lines skipped). `onChunk` sees every raw chunk
 * read (for the checksum and progress bars). papaparse parses whole stream chunks (its `chunk` mode); the
 * parser, and with it the file stream, is paused while more than two parsed chunks wait for the consumer.
 * (Its per-row `step` mode re-slices the chunk on every pause, which is quadratic on big files.)
 */
export async function* csvRecords(path: string, settings: CsvSettings, onChunk?: (chunk: Buffer) => void): AsyncGenerator<CsvRecord> {
  for await (const batch of csvBatches(path, settings, onChunk)) {
    for (let i = 0; i < batch.rows.length; i++) yield { line: batch.lines[i], fields: batch.rows[i] };
  }
}

/** A parsed chunk of records (empty lines dropped) with the physical line each starts on. */
export interface CsvBatch {
  rows: string[][];
  lines: number[];
}

/**
 * The same records as csvRecords, a parsed chunk at a time: the import's hot loop then awaits once per chunk
 * (thousands of rows), not once per row.
 */
export async function* csvBatches(path: string, settings: CsvSettings, onChunk?: (chunk: Buffer) => void): AsyncGenerator<CsvBatch> {
  const source = createReadStream(path, { highWaterMark: 256 * 1024 });
  if (onChunk) source.on('data', (chunk) => onChunk(chunk as Buffer));
  const decoded = source.pipe(iconv.decodeStream(settings.encoding === 'utf-8' ? 'utf8' : 'win1252', { stripBOM: true }));
  const queue: string[][][] = [];
  let done = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  let parser: Papa.Parser | null = null;
  let paused = false;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  source.on('error', (e) => {
    failure = e;
    poke();
  });
  Papa.parse(decoded as unknown as File, {
    delimiter: settings.delimiter,
    newline: settings.lineEnding,
    quoteChar: '"',
    skipEmptyLines: false,
    chunk: (results: Papa.ParseResult<string[]>, p: Papa.Parser) => {
      parser = p;
      queue.push(results.data);
      if (queue.length >= 2 && !paused) {
        paused = true;
        p.pause();
      }
      poke();
    },
    complete: () => {
      done = true;
      poke();
    },
    error: (e: Error) => {
      failure = e;
      poke();
    },
  });
  let line = 1;
  try {
    for (;;) {
      const batch = queue.shift();
      if (batch) {
        if (paused && queue.length < 2) {
          paused = false;
          (parser as Papa.Parser | null)?.resume();
        }
        const rows: string[][] = [];
        const lines: number[] = [];
        for (const row of batch) {
          const start = line;
          line += 1 + countNewlines(row, settings.lineEnding);
          if (row.length === 1 && row[0].trim() === '') continue;
          rows.push(row);
          lines.push(start);
        }
        if (rows.length > 0) yield { rows, lines };
        continue;
      }
      if (failure) throw failure;
      if (done) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    source.destroy();
  }
}
