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
 * read (for the checksum and progress bars).
 */
export async function* csvRecords(path: string, settings: CsvSettings, onChunk?: (chunk: Buffer) => void): AsyncGenerator<CsvRecord> {
  const source = createReadStream(path, { highWaterMark: 256 * 1024 });
  if (onChunk) source.on('data', (chunk) => onChunk(chunk as Buffer));
  const decoder = iconv.decodeStream(settings.encoding === 'utf-8' ? 'utf8' : 'win1252', { stripBOM: true });
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, {
    delimiter: settings.delimiter,
    newline: settings.lineEnding,
    quoteChar: '"',
    skipEmptyLines: false,
  });
  source.on('error', (e) => parser.destroy(e));
  decoder.on('error', (e: Error) => parser.destroy(e));
  source.pipe(decoder).pipe(parser);
  let line = 1;
  try {
    for await (const row of parser as AsyncIterable<string[]>) {
      const start = line;
      line += 1 + countNewlines(row, settings.lineEnding);
      if (row.length === 1 && row[0].trim() === '') continue;
      yield { line: start, fields: row };
    }
  } finally {
    source.destroy();
  }
}
