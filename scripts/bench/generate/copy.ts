// Streaming writers with back-pressure: rows are batched into ~1 MB strings and written to a COPY stream
// (pg-copy-streams) or a file, waiting for 'drain' so memory stays bounded whatever the row count.
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const BATCH_CHARS = 1 << 20;

/** Batches text into a Writable, honouring back-pressure. Call end() to flush and wait. */
export class BatchedWriter {
  private buf = '';
  rows = 0;
  constructor(private readonly out: Writable) {}

  /** Adds one line without awaiting; true when the batch is full and the caller should `await flush()`. */
  push(text: string): boolean {
    this.buf += text;
    this.buf += '\n';
    this.rows++;
    return this.buf.length >= BATCH_CHARS;
  }

  /** Adds one line (without the newline); resolves immediately unless the sink asks to wait. */
  async line(text: string): Promise<void> {
    this.buf += text;
    this.buf += '\n';
    this.rows++;
    if (this.buf.length >= BATCH_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.buf) return;
    const chunk = this.buf;
    this.buf = '';
    if (!this.out.write(chunk)) await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }

  async end(): Promise<void> {
    await this.flush();
    this.out.end();
    await finished(this.out);
  }
}

/** Opens `COPY <table> (<columns>) FROM STDIN` (text format, tab-separated, \N = null) on a client. */
export function copyInto(client: ClientBase, table: string, columns: string[]): BatchedWriter {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  return new BatchedWriter(stream);
}

/** Opens a file for batched writing. */
export function fileWriter(path: string): BatchedWriter {
  return new BatchedWriter(createWriteStream(path));
}

/** A value in COPY text format: null → \N; tabs, newlines and backslashes escaped. */
export function copyText(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
