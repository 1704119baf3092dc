// Reading a CSV file as a stream of records with their physical line numbers: bytes → iconv-lite decoding
// (UTF-8 with or without BOM, Windows-1252) → papaparse in Node-stream mode. Memory stays bounded by the
// stream buffers, whatever the file size; the consumer's pace sets the reading pace (backpressure).
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { CSV_RECORD_MAX_CHARS } from '@/lib/config/limits';
import { SAMPLE_BYTES, type CsvSettings } from '../detect/detect';

/**
 * A record grew past CSV_RECORD_MAX_CHARS without ending — in practice a quote that opens and never closes, which
 * would otherwise make the parser re-read the growing record on every chunk (40 MB took 14 s). `line` is where
 * the first quote of the unfinished record stands.
 */
export class CsvRecordTooLong extends Error {
  constructor(readonly line: number, readonly limit: number) {
    super(`record from line ${line} is longer than ${limit} characters`);
  }
}

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
 * (thousands of rows), not once per row. Pull-based: the next 256 KB are read from the file only when the
 * consumer asks for the next batch, so memory is bounded by one chunk whatever the file size and pace.
 * (papaparse's own stream mode keeps queueing chunks while paused; here its Parser gets one chunk at a time
 * plus the incomplete last row of the previous one, as its ChunkStreamer does.) That incomplete row is bounded
 * by `maxRecordChars`: past it, CsvRecordTooLong.
 */
export async function* csvBatches(path: string, settings: CsvSettings, onChunk?: (chunk: Buffer) => void, maxRecordChars = CSV_RECORD_MAX_CHARS): AsyncGenerator<CsvBatch> {
  const source = createReadStream(path, { highWaterMark: 64 * 1024 });
  const decoder = iconv.getDecoder(settings.encoding === 'utf-8' ? 'utf8' : 'win1252', { stripBOM: true });
  const parser = new Papa.Parser({ delimiter: settings.delimiter, newline: settings.lineEnding, quoteChar: '"', skipEmptyLines: false });
  let partial = '';
  let line = 1;
  const batchOf = (data: string[][]): CsvBatch => {
    const rows: string[][] = [];
    const lines: number[] = [];
    for (const row of data) {
      const start = line;
      line += 1 + countNewlines(row, settings.lineEnding);
      if (row.length === 1 && row[0].trim() === '') continue;
      rows.push(row);
      lines.push(start);
    }
    return { rows, lines };
  };
  try {
    for await (const raw of source) {
      const chunk = raw as Buffer;
      onChunk?.(chunk);
      const input = partial + decoder.write(chunk);
      const res = parser.parse(input, 0, true) as Papa.ParseResult<string[]>;
      partial = input.substring(res.meta.cursor);
      const batch = batchOf(res.data);
      if (partial.length > maxRecordChars) throw new CsvRecordTooLong(line + countNewlines([partial.slice(0, Math.max(0, partial.indexOf('"')))], settings.lineEnding), maxRecordChars);
      if (batch.rows.length > 0) yield batch;
    }
    const rest = partial + (decoder.end() ?? '');
    if (rest !== '') {
      const res = parser.parse(rest, 0, false) as Papa.ParseResult<string[]>;
      // A file ending in a line break leaves one empty trailing row: not a record, and no line of its own.
      const data = res.data.length > 0 && res.data[res.data.length - 1].length === 1 && res.data[res.data.length - 1][0] === '' && /[\r\n]$/.test(rest) ? res.data.slice(0, -1) : res.data;
      const batch = batchOf(data);
      if (batch.rows.length > 0) yield batch;
    }
  } finally {
    source.destroy();
  }
}
