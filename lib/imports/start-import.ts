// Starting an import from the upload page: the job row is created first so the page can poll its progress
// at once; the import itself runs on in the server process after the response (a dry run unless confirmed).
import type { Pool } from 'pg';
import type { CsvSettings } from './detect/detect';
import { createJob } from './job';
import type { ColumnMapping, ImportKind } from './mapping';
import { runImport } from './run-import';
import { saveMapping } from './saved-mappings';
import type { StoredUpload } from './uploads';

export interface StartImport {
  pool: Pool;
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

/** Creates the job and starts the import in the background; returns the job id to poll. */
export async function startImport(s: StartImport): Promise<string> {
  const jobId = await createJob(s.pool, {
    organisationId: s.organisationId, userId: s.userId, kind: s.kind, source: 'web', fileName: s.upload.name, bytesTotal: s.upload.size, dryRun: s.dryRun,
  });
  void runImport({
    kind: s.kind, path: s.upload.path, fileName: s.upload.name, organisationId: s.organisationId, userId: s.userId, buildingIds: s.buildingIds, source: 'web',
    dryRun: s.dryRun, skipInvalid: s.skipInvalid, mapping: s.mapping, settings: s.settings, pool: s.pool, jobId,
  })
    .then(async (r) => {
      if (!s.dryRun && r.status === 'succeeded' && s.saveMappingAs) {
        await saveMapping(s.pool, s.organisationId, { name: s.saveMappingAs, kind: s.kind, mapping: r.mapping });
      }
    })
    .catch((e: unknown) => console.error(`[imports] job ${jobId} failed:`, e));
  return jobId;
}
