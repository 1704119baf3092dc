// Queues an import of a stored upload: the import_job row first (the page polls it at once; phase "queued"),
// then the queue job with the same identity, so a worker picks it up — now, or after a restart.
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type PgBoss from 'pg-boss';
import { createJob, finishJob } from '@/lib/imports/job';
import type { StoredUpload } from '@/lib/imports/uploads';
import type { ImportJobData } from './import-job-data';
import { QUEUE } from './queues';

export type EnqueueImport = Omit<ImportJobData, 'importJobId' | 'uploadId' | 'sha256'> & { upload: StoredUpload };

/** Creates the import job and queues it; returns the import job's id. */
export async function enqueueImport(pool: Pool, boss: PgBoss, s: EnqueueImport): Promise<string> {
  const queueJobId = randomUUID();
  const importJobId = await createJob(pool, {
    organisationId: s.organisationId, userId: s.userId, kind: s.kind, source: s.source, fileName: s.upload.name, bytesTotal: s.upload.size, dryRun: s.dryRun, queueJobId,
  });
  const { upload, ...rest } = s;
  const data: ImportJobData = { ...rest, importJobId, uploadId: upload.id, sha256: upload.sha256 };
  try {
    await boss.send(QUEUE.import, data, { id: queueJobId });
  } catch (e) {
    await finishJob(pool, importJobId, { status: 'failed', checksum: null, rowsTotal: 0, accepted: 0, updated: 0, duplicates: 0, rejected: 0, issues: [], summary: { error: 'queue unavailable' } });
    throw e;
  }
  return importJobId;
}
