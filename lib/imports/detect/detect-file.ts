// Stage 1 of the import pipeline — detect: what the uploaded file is, before a row is read. Empty, binary and
// oversized files are refused here; a CSV file gets its encoding, delimiter, header, decimal mark and line ending.
import { createHash } from 'node:crypto';
import { readSample } from '../read/csv-source';
import type { ImportKind } from '../mapping';
import { fileRejection, Rejection } from '../rejection';
import { admissionIssue, readsAsJson } from './admission';
import { decodeSample, detectCsvSettings, looksBinary, type CsvSettings } from './detect';

export interface DetectInput {
  kind: ImportKind;
  path: string;
  /** The name shown in issues. */
  fileName: string;
  /** The file's size in bytes (known from the job). */
  size: number;
  /** The importing user's buildings (facility staff), null = all: some kinds are refused to such users. */
  buildingIds?: readonly string[] | null;
  /** The user's overrides of the detected CSV settings. */
  settings?: Partial<CsvSettings>;
}

export type DetectedFile =
  | { format: 'json'; kind: ImportKind; path: string; fileName: string; size: number }
  | { format: 'csv'; kind: ImportKind; path: string; fileName: string; size: number; settings: CsvSettings };

/** Detects the file's format and settings, or throws a Rejection (empty, binary, refused for this user or size). */
export async function detectFile(input: DetectInput): Promise<DetectedFile> {
  const { kind, path, fileName, size } = input;
  const { sample, truncated } = await readSample(path);
  const sampleChecksum = () => createHash('sha256').update(sample).digest('hex');
  if (size === 0 || sample.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
    throw fileRejection(fileName, 'empty_file', {}, '', sampleChecksum());
  }
  if (looksBinary(sample)) throw fileRejection(fileName, 'binary_file', {}, '', sampleChecksum());
  const json = readsAsJson(kind, decodeSample(sample.subarray(0, 4096), 'utf-8').trimStart()[0]);
  const refused = admissionIssue({ kind, size, json, buildingIds: input.buildingIds, file: fileName });
  if (refused) throw new Rejection([refused]);
  if (json) return { format: 'json', kind, path, fileName, size };
  const settings: CsvSettings = { ...detectCsvSettings(sample, truncated), ...stripUndefined(input.settings ?? {}) };
  return { format: 'csv', kind, path, fileName, size, settings };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
