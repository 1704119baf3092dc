// The import_job row: written before any data moves (outside the import's transaction), updated with
// progress while the file streams, and finished with counts and issues — also when the import is rejected.
import type { Pool } from 'pg';
import type { ImportIssue } from './issues';
import type { ImportKind } from './mapping';

export type JobStatus = 'running' | 'succeeded' | 'rejected' | 'failed';

export interface NewJob {
  organisationId: string;
  userId?: string | null;
  kind: ImportKind;
  source: 'web' | 'cli' | 'api';
  fileName: string;
  bytesTotal?: number | null;
  dryRun: boolean;
}

/** Inserts a running job; marks this organisation's jobs whose importing connection is gone as failed (interrupted). */
export async function createJob(pool: Pool, job: NewJob): Promise<string> {
  await pool.query(
    `UPDATE import_job SET status = 'failed', phase = 'done', finished_at = now(),
            summary = summary || '{"interrupted": true}'::jsonb
      WHERE organisation_id = $1 AND status = 'running'
        AND (summary ? 'pid') AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = (summary->>'pid')::int)`,
    [job.organisationId],
  );
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO import_job (organisation_id, user_id, kind, source, file_name, bytes_total, dry_run, status, phase)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'running', 'queued') RETURNING id`,
    [job.organisationId, job.userId ?? null, job.kind, job.source, job.fileName, job.bytesTotal ?? null, job.dryRun],
  );
  return rows[0].id;
}

/** Records progress (bytes read, phase) and the importing backend's pid, so an interrupted job can be recognised. */
export async function updateJobProgress(pool: Pool, id: string, p: { bytesDone?: number; phase?: string; pid?: number }): Promise<void> {
  await pool.query(
    `UPDATE import_job SET bytes_done = COALESCE($2, bytes_done), phase = COALESCE($3, phase),
            summary = CASE WHEN $4::int IS NULL THEN summary ELSE summary || jsonb_build_object('pid', $4::int) END
      WHERE id = $1`,
    [id, p.bytesDone ?? null, p.phase ?? null, p.pid ?? null],
  );
}

export interface JobOutcome {
  status: Exclude<JobStatus, 'running'>;
  checksum: string | null;
  rowsTotal: number;
  accepted: number;
  updated: number;
  duplicates: number;
  rejected: number;
  issues: ImportIssue[];
  summary: Record<string, unknown>;
  bytesDone?: number;
}

/** Writes the outcome of an import (autocommit, so it survives the import's rollback). */
export async function finishJob(pool: Pool, id: string, o: JobOutcome): Promise<void> {
  await pool.query(
    `UPDATE import_job SET status = $2, checksum = $3, rows_total = $4, rows_accepted = $5, rows_updated = $6,
            rows_duplicate = $7, rows_rejected = $8, errors = $9::jsonb, summary = (summary - 'pid') || $10::jsonb,
            bytes_done = COALESCE($11, bytes_done), phase = 'done', finished_at = now()
      WHERE id = $1`,
    [id, o.status, o.checksum, o.rowsTotal, o.accepted, o.updated, o.duplicates, o.rejected, JSON.stringify(o.issues), JSON.stringify(o.summary), o.bytesDone ?? null],
  );
}

export interface JobView {
  id: string;
  kind: string;
  fileName: string | null;
  status: JobStatus;
  phase: string;
  dryRun: boolean;
  bytesTotal: number | null;
  bytesDone: number;
  rowsTotal: number;
  accepted: number;
  updated: number;
  duplicates: number;
  rejected: number;
  errors: ImportIssue[];
  warnings: ImportIssue[];
  summary: Record<string, unknown>;
  startedAt: Date;
  finishedAt: Date | null;
}

/** One job of the organisation (null when unknown or another organisation's). */
export async function getJob(pool: Pool, organisationId: string, id: string, ownerScope: string | null = null): Promise<JobView | null> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  // ownerScope (facility staff): only a job this user started; someone else's answers as not found.
  const { rows } = await pool.query(
    `SELECT id, kind, file_name, status, phase, dry_run, bytes_total, bytes_done, rows_total, rows_accepted, rows_updated,
            rows_duplicate, rows_rejected, errors, summary, started_at, finished_at
       FROM import_job WHERE id = $1 AND organisation_id = $2 AND ($3::uuid IS NULL OR user_id = $3::uuid)`,
    [id, organisationId, ownerScope],
  );
  const r = rows[0];
  if (!r) return null;
  const summary = (r.summary ?? {}) as Record<string, unknown>;
  return {
    id: r.id, kind: r.kind, fileName: r.file_name, status: r.status, phase: r.phase, dryRun: r.dry_run,
    bytesTotal: r.bytes_total === null ? null : Number(r.bytes_total), bytesDone: Number(r.bytes_done),
    rowsTotal: r.rows_total, accepted: r.rows_accepted, updated: r.rows_updated, duplicates: r.rows_duplicate, rejected: r.rows_rejected,
    errors: r.errors as ImportIssue[], warnings: (summary.warnings as ImportIssue[] | undefined) ?? [], summary, startedAt: r.started_at, finishedAt: r.finished_at,
  };
}
