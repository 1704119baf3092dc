// Starting an import from the upload page: the import runs in the worker process, as a job on the durable queue
// (lib/jobs): the import_job row is created first so the page can poll its progress at once (phase "queued"),
// and a restart of the web server or the worker does not lose it (a dry run unless confirmed).
import type { Pool } from 'pg';
import type PgBoss from 'pg-boss';
import { getBoss } from './boss';
import { enqueueImport } from './enqueue-import';
import type { CsvSettings } from '@/lib/imports/detect/detect';
import type { ColumnMapping, ImportKind } from '@/lib/imports/mapping';
import type { StoredUpload } from '@/lib/imports/uploads';

export interface StartImport {
  pool: Pool;
  /** The queue to send to (default the process's own, lib/jobs/boss.ts). */
  boss?: PgBoss;
  organisationId: string;
  userId: string | null;
  /** importActor().buildingIds: facility staff may import only for these buildings; null = all. */
  buildingIds?: readonly string[] | null;
  upload: StoredUpload;
  kind: ImportKind;
  mapping: Partial<ColumnMapping>;
  settings: Partial<CsvSettings>;
  dryRun: boolean;
  skipInvalid?: boolean;
  saveMappingAs?: string;
}

/** Creates the job and queues the import; returns the job id to poll. */
export async function startImport(s: StartImport): Promise<string> {
  return enqueueImport(s.pool, s.boss ?? (await getBoss()), {
    organisationId: s.organisationId, userId: s.userId, buildingIds: s.buildingIds ?? null, upload: s.upload, kind: s.kind, mapping: s.mapping,
    settings: s.settings, dryRun: s.dryRun, skipInvalid: s.skipInvalid ?? false, saveMappingAs: s.saveMappingAs ?? null, source: 'web',
  });
}
