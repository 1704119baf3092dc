// The worker's side of a queued import. One attempt:
//   1. skip if an earlier attempt already committed (it died after COMMIT, before telling the queue);
//   2. reset the import_job row to "running" for this attempt;
//   3. check the stored upload against the SHA-256 taken when it arrived (a changed or missing file fails at once,
//      no retry: retrying cannot bring the bytes back);
//   4. run the one import pipeline (one transaction), marking the row "committed" inside that transaction;
//   5. afterwards queue the map's cluster rebuild and (other than occupancy, costs and maintenance, which re-score
//      the buildings they changed themselves) a re-score of the organisation.
// A failure of the pipeline (database gone, attempt cut off at its deadline) is thrown, so the queue retries it.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Pool } from 'pg';
import type PgBoss from 'pg-boss';
import { finishJob } from '@/lib/imports/job';
import { runImport } from '@/lib/imports/run-import';
import { saveMapping } from '@/lib/imports/saved-mappings';
import type { ImportKind } from '@/lib/imports/mapping';
import { findUpload } from '@/lib/imports/uploads';
import type { ImportJobData } from './import-job-data';
import { queueScore } from './queue-score';
import { QUEUE } from './queues';

/** Kinds whose import re-scores the buildings it changed in its own transaction (lib/imports/run-import.ts). */
const RESCORED_IN_IMPORT: ReadonlySet<ImportKind> = new Set(['occupancy', 'costs', 'maintenance']);

export type ImportAttemptOutcome = 'already-committed' | 'upload-missing' | 'upload-changed' | 'succeeded' | 'rejected';

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function failWithoutRetry(pool: Pool, id: string, code: string): Promise<void> {
  await finishJob(pool, id, { status: 'failed', checksum: null, rowsTotal: 0, accepted: 0, updated: 0, duplicates: 0, rejected: 0, issues: [], summary: { error: code } });
}

/** Runs one attempt of a queued import (see the file's head). `deadlineMs`: cut the attempt off after this long. */
export async function runImportJob(pool: Pool, boss: PgBoss, data: ImportJobData, opts: { deadlineMs?: number } = {}): Promise<ImportAttemptOutcome> {
  const { rows } = await pool.query<{ committed: boolean }>(
    `UPDATE import_job SET attempts = attempts + 1,
            status = CASE WHEN summary ? 'committed' THEN status ELSE 'running' END,
            phase = CASE WHEN summary ? 'committed' THEN phase ELSE 'queued' END,
            bytes_done = CASE WHEN summary ? 'committed' THEN bytes_done ELSE 0 END,
            rows_done = CASE WHEN summary ? 'committed' THEN rows_done ELSE 0 END,
            finished_at = CASE WHEN summary ? 'committed' THEN finished_at END,
            summary = CASE WHEN summary ? 'committed' THEN summary ELSE summary - 'pid' - 'error' END
      WHERE id = $1 RETURNING summary ? 'committed' AS committed`,
    [data.importJobId],
  );
  if (!rows[0]) return 'upload-missing';
  if (rows[0].committed) {
    // Landed in an earlier attempt; make sure the row says so even if that attempt died before finishJob.
    await pool.query(`UPDATE import_job SET status = 'succeeded', phase = 'done', finished_at = COALESCE(finished_at, now()) WHERE id = $1 AND status = 'running'`, [data.importJobId]);
    return 'already-committed';
  }
  const upload = await findUpload(data.organisationId, data.uploadId);
  if (!upload) {
    await failWithoutRetry(pool, data.importJobId, 'upload_missing');
    return 'upload-missing';
  }
  if (data.sha256 && (await sha256File(upload.path)) !== data.sha256) {
    await failWithoutRetry(pool, data.importJobId, 'upload_changed');
    return 'upload-changed';
  }
  // The deadline terminates the import's backend: its transaction rolls back, runImport throws, the queue retries.
  const timer = opts.deadlineMs
    ? setTimeout(() => void pool.query(`SELECT pg_terminate_backend((summary->>'pid')::int) FROM import_job WHERE id = $1 AND summary ? 'pid'`, [data.importJobId]).catch(() => undefined), opts.deadlineMs)
    : null;
  try {
    const result = await runImport({
      kind: data.kind, path: upload.path, fileName: upload.name, organisationId: data.organisationId, userId: data.userId, buildingIds: data.buildingIds,
      source: data.source, dryRun: data.dryRun, skipInvalid: data.skipInvalid, mapping: data.mapping, settings: data.settings, pool, jobId: data.importJobId,
      beforeCommit: async (client) => {
        await client.query(`UPDATE import_job SET summary = summary || '{"committed": true}'::jsonb WHERE id = $1`, [data.importJobId]);
      },
    });
    if (result.status !== 'succeeded') return 'rejected';
    if (!data.dryRun) {
      if (data.saveMappingAs) await saveMapping(pool, data.organisationId, { name: data.saveMappingAs, kind: data.kind, mapping: result.mapping });
      await boss.send(QUEUE.mapRebuild, { organisationId: data.organisationId }, { singletonKey: data.organisationId });
      // Occupancy, cost and maintenance imports re-score the buildings they changed inside the transaction
      // (lib/imports/rescore); registry, footprint and forecast data can change any building's figures (area,
      // category), so the organisation is re-scored by the queue.
      if (!RESCORED_IN_IMPORT.has(data.kind)) await queueScore(boss, { organisationId: data.organisationId });
    }
    return 'succeeded';
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** The last attempt failed: the dead-letter handler marks the import failed for the page (if nothing else did). */
export async function markImportDead(pool: Pool, data: ImportJobData): Promise<void> {
  await pool.query(
    `UPDATE import_job SET status = 'failed', phase = 'done', finished_at = now(), summary = summary - 'pid' || '{"deadLetter": true}'::jsonb
      WHERE id = $1 AND status = 'running'`,
    [data.importJobId],
  );
}
