// The last confirmed imports shown on the upload page (dry runs are checks, not uploads, and are left out):
// facility staff see their own, everyone else the organisation's.
import type { Pool } from 'pg';

export interface RecentImport {
  id: string;
  kind: string;
  fileName: string | null;
  source: string;
  status: 'running' | 'succeeded' | 'rejected' | 'failed';
  rowsTotal: number;
  accepted: number;
  rejected: number;
  /** Only the file's valid rows were imported, by the user's choice; its rejected rows are in the job's error file. */
  validRowsOnly: boolean;
  startedAt: Date;
}

/** Up to `limit` confirmed imports of the organisation (of `userId` only when given), newest first. */
export async function recentImports(pool: Pool, organisationId: string, userId: string | null, limit = 10): Promise<RecentImport[]> {
  const { rows } = await pool.query(
    `SELECT id, kind, file_name, source, status, rows_total, rows_accepted, rows_rejected, started_at,
            coalesce((summary->'extra'->>'validRowsOnly')::boolean, false) AS valid_rows_only
       FROM import_job
      WHERE organisation_id = $1 AND NOT dry_run AND ($2::uuid IS NULL OR user_id = $2::uuid)
      ORDER BY started_at DESC LIMIT $3`,
    [organisationId, userId, limit],
  );
  return rows.map((r) => ({
    id: r.id, kind: r.kind, fileName: r.file_name, source: r.source, status: r.status,
    rowsTotal: r.rows_total, accepted: r.rows_accepted, rejected: r.rows_rejected, validRowsOnly: r.valid_rows_only, startedAt: r.started_at,
  }));
}
