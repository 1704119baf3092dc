// What a queued import carries: everything the worker needs to run the same import the page asked for, and the
// upload's id and SHA-256 so the worker reads exactly the bytes that were uploaded. Never the file content.
import type { CsvSettings } from '@/lib/imports/detect/detect';
import type { ColumnMapping, ImportKind } from '@/lib/imports/mapping';

export interface ImportJobData {
  importJobId: string;
  organisationId: string;
  userId: string | null;
  buildingIds: readonly string[] | null;
  uploadId: string;
  sha256: string | null;
  kind: ImportKind;
  mapping: Partial<ColumnMapping>;
  settings: Partial<CsvSettings>;
  dryRun: boolean;
  skipInvalid: boolean;
  saveMappingAs: string | null;
  source: 'web' | 'cli' | 'api';
}
