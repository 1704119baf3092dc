import type { Pool } from 'pg';

export interface AuditRow {
  id: string;
  at: Date;
  action: string;
  entity: string;
  entityId: string | null;
  userId: string | null;
  userName: string | null;
  userEmail: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditQuery {
  entity?: string;
  action?: string;
  /** Rows older than this id (keyset paging). */
  beforeId?: string;
  limit?: number;
}

/** The organisation's audit trail, newest first (at most 500 rows per page). */
export async function listAudit(pool: Pool, organisationId: string, query: AuditQuery = {}): Promise<AuditRow[]> {
  const limit = Math.min(Math.max(query.limit ?? 100, 1), 500);
  const { rows } = await pool.query<AuditRow>(
    `SELECT a.id::text, a.at, a.action, a.entity, a.entity_id AS "entityId", a.user_id AS "userId",
            u.name AS "userName", u.email AS "userEmail", a.before, a.after
       FROM audit_log a LEFT JOIN app_user u ON u.id = a.user_id
      WHERE a.organisation_id = $1
        AND ($2::text IS NULL OR a.entity = $2)
        AND ($3::text IS NULL OR a.action = $3)
        AND ($4::bigint IS NULL OR a.id < $4::bigint)
      ORDER BY a.id DESC
      LIMIT $5`,
    [organisationId, query.entity ?? null, query.action ?? null, query.beforeId ?? null, limit],
  );
  return rows;
}
