// The records the read stage hands on, whatever the file's format: batches of records whose fields are looked up
// through the resolved column mapping. The CSV source reuses one record object per batch (no allocation per row).
import type { ResolvedField } from '../mapping';

export interface SourceRecord {
  line: number;
  /** Number of fields (CSV); undefined for JSON records, which have no width. */
  width?: number;
  get: (f: ResolvedField) => string | undefined;
}

export interface RecordBatch {
  size: number;
  /** The k-th record of the batch (the CSV source reuses one object: read it before asking for the next). */
  at: (k: number) => SourceRecord;
}

/** A CSV record: its fields trimmed on access, empty → undefined; constants for fields mapped to a fixed value. */
export class CsvRecordView implements SourceRecord {
  line = 0;
  width = 0;
  fields: string[] = [];
  get = (f: ResolvedField): string | undefined => {
    if (f.index < 0) return f.constant;
    const v = this.fields[f.index];
    if (v === undefined) return undefined;
    const t = v.trim();
    return t === '' ? undefined : t;
  };
}

/** True when every field of the record from index `from` on is empty (trailing delimiters). */
export function allEmptyFrom(r: SourceRecord, from: number): boolean {
  for (let i = from; i < (r.width ?? 0); i++) if (r.get({ key: '', index: i, column: '' }) !== undefined) return false;
  return true;
}
