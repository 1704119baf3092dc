import { DateTime } from 'luxon';
import { csvLines } from '@/lib/format/csv';
import { DEFAULT_TIME_ZONE } from '@/lib/config/time-zone';
import type { Pool } from 'pg';

// Reading the audit trail: filters (entity, action, user, Danish calendar days), keyset paging both ways, and a
// CSV export that pages through the same query in batches, so memory stays bounded however long the log is.

export const AUDIT_ZONE = DEFAULT_TIME_ZONE;

export interface AuditRow {
  id: string;
  at: Date;
  action: string;
  entity: string;
  entityId: string | null;
  userId: string | null;
  userName: string | null;
  userEmail: string | null;
  /** When the entry is about a person (membership, account, assignments): who, as they are now. */
  subjectName: string | null;
  subjectEmail: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditFilter {
  entity?: string;
  action?: string;
  userId?: string;
  /** First Danish calendar day included, yyyy-mm-dd. */
  fromDay?: string;
  /** Last Danish calendar day included, yyyy-mm-dd. */
  toDay?: string;
}

export interface AuditQuery extends AuditFilter {
  /** Rows older than this id (the next page). */
  beforeId?: string;
  /** Rows newer than this id (the previous page). */
  afterId?: string;
  limit?: number;
}

const PERSON_ENTITIES = ['membership', 'app_user', 'building_assignment'];

/** [start, end) instants of the filter's Danish days; null where open. Invalid dates are ignored. */
export function dayBounds(filter: AuditFilter): { from: Date | null; to: Date | null } {
  const day = (s: string | undefined) => {
    if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
    const d = DateTime.fromISO(s, { zone: AUDIT_ZONE });
    return d.isValid ? d : null;
  };
  const from = day(filter.fromDay);
  const to = day(filter.toDay);
  return { from: from ? from.startOf('day').toJSDate() : null, to: to ? to.plus({ days: 1 }).startOf('day').toJSDate() : null };
}

function where(organisationId: string, filter: AuditFilter, params: unknown[]): string {
  const { from, to } = dayBounds(filter);
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const clauses = [`a.organisation_id = ${p(organisationId)}`];
  if (filter.entity) clauses.push(`a.entity = ${p(filter.entity)}`);
  if (filter.action) clauses.push(`a.action = ${p(filter.action)}`);
  if (filter.userId) clauses.push(`a.user_id = ${p(filter.userId)}::uuid`);
  if (from) clauses.push(`a.at >= ${p(from)}`);
  if (to) clauses.push(`a.at < ${p(to)}`);
  return clauses.join(' AND ');
}

const COLUMNS = `a.id::text, a.at, a.action, a.entity, a.entity_id AS "entityId", a.user_id AS "userId",
  u.name AS "userName", u.email AS "userEmail", s.name AS "subjectName", s.email AS "subjectEmail", a.before, a.after`;
const FROM = `audit_log a
  LEFT JOIN app_user u ON u.id = a.user_id
  LEFT JOIN app_user s ON a.entity = ANY('{${PERSON_ENTITIES.join(',')}}'::text[]) AND s.id::text = a.entity_id`;

/**
 * One page of the organisation's audit trail, newest first (at most 500 rows). With afterId, the page of rows
 * just newer than it (still returned newest first).
 */
export async function listAudit(pool: Pool, organisationId: string, query: AuditQuery = {}): Promise<AuditRow[]> {
  const limit = Math.min(Math.max(query.limit ?? 100, 1), 500);
  const params: unknown[] = [];
  let sql = `SELECT ${COLUMNS} FROM ${FROM} WHERE ${where(organisationId, query, params)}`;
  const newer = query.afterId !== undefined && query.beforeId === undefined;
  if (query.beforeId !== undefined) {
    params.push(query.beforeId);
    sql += ` AND a.id < $${params.length}::bigint`;
  } else if (newer) {
    params.push(query.afterId);
    sql += ` AND a.id > $${params.length}::bigint`;
  }
  params.push(limit);
  sql += ` ORDER BY a.id ${newer ? 'ASC' : 'DESC'} LIMIT $${params.length}`;
  const { rows } = await pool.query<AuditRow>(sql, params);
  return newer ? rows.reverse() : rows;
}

/** Whether rows exist older than `beforeId` / newer than `afterId` under the filter (for the paging links). */
export async function auditNeighbours(pool: Pool, organisationId: string, filter: AuditFilter, newestId: string | null, oldestId: string | null): Promise<{ newer: boolean; older: boolean }> {
  if (newestId === null || oldestId === null) return { newer: false, older: false };
  const params: unknown[] = [];
  const w = where(organisationId, filter, params);
  params.push(newestId, oldestId);
  const n = params.length;
  const { rows } = await pool.query<{ newer: boolean; older: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM audit_log a WHERE ${w} AND a.id > $${n - 1}::bigint) AS newer,
            EXISTS (SELECT 1 FROM audit_log a WHERE ${w} AND a.id < $${n}::bigint) AS older`,
    params,
  );
  return rows[0];
}

/** The people who appear as actors in the organisation's audit trail (for the user filter), by name. */
export async function auditActors(pool: Pool, organisationId: string): Promise<{ id: string; name: string; email: string }[]> {
  const { rows } = await pool.query<{ id: string; name: string; email: string }>(
    `SELECT u.id, u.name, u.email FROM app_user u
      WHERE EXISTS (SELECT 1 FROM audit_log a WHERE a.organisation_id = $1 AND a.user_id = u.id)
      ORDER BY u.name, u.email`,
    [organisationId],
  );
  return rows;
}

/** An instant as Danish local time, `dd-mm-yyyy HH:MM:SS` (the page and the CSV use the same text). */
export function danishTime(at: Date): string {
  return DateTime.fromJSDate(at, { zone: AUDIT_ZONE }).toFormat('dd-MM-yyyy HH:mm:ss');
}

const CSV_HEADER = ['id', 'tidspunkt (dansk tid)', 'tidspunkt (UTC)', 'handling', 'type', 'id på det ændrede', 'bruger', 'brugerens e-mail', 'berørt person', 'før', 'efter'];

/**
 * The filtered audit trail as CSV (semicolon-separated and with a BOM, so Danish Excel opens it as columns),
 * newest first, fetched `batch` rows at a time.
 */
export function auditCsvStream(pool: Pool, organisationId: string, filter: AuditFilter, batch = 1000): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let beforeId: string | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode('\uFEFF' + csvLines([CSV_HEADER])));
        return;
      }
      const rows = await listAudit(pool, organisationId, { ...filter, beforeId, limit: Math.min(batch, 500) });
      if (rows.length === 0) {
        controller.close();
        return;
      }
      beforeId = rows[rows.length - 1].id;
      const data = rows.map((r) => [
        r.id,
        danishTime(r.at),
        r.at.toISOString(),
        r.action,
        r.entity,
        r.entityId ?? '',
        r.userName ?? '',
        r.userEmail ?? '',
        r.subjectEmail ?? '',
        r.before == null ? '' : JSON.stringify(r.before),
        r.after == null ? '' : JSON.stringify(r.after),
      ]);
      // The one CSV writer: cells starting with = + - @ (formulas in a spreadsheet) get a leading apostrophe.
      controller.enqueue(encoder.encode(csvLines(data)));
    },
  });
}

/** The audit filter from query parameters (page and export share it); unknown values are dropped, not trusted. */
export function auditFilterFromParams(get: (name: string) => string | null | undefined, knownActions: readonly string[], knownEntities: readonly string[]): AuditFilter {
  const value = (name: string) => {
    const v = get(name);
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const day = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) && DateTime.fromISO(v).isValid ? v : undefined);
  const action = value('action');
  const entity = value('entity');
  const userId = value('user');
  return {
    action: action && knownActions.includes(action) ? action : undefined,
    entity: entity && knownEntities.includes(entity) ? entity : undefined,
    userId: userId && uuid.test(userId) ? userId.toLowerCase() : undefined,
    fromDay: day(value('from')),
    toDay: day(value('to')),
  };
}

/** The filter as query parameters (for paging links and the export link). */
export function auditFilterParams(filter: AuditFilter): Record<string, string> {
  const out: Record<string, string> = {};
  if (filter.action) out.action = filter.action;
  if (filter.entity) out.entity = filter.entity;
  if (filter.userId) out.user = filter.userId;
  if (filter.fromDay) out.from = filter.fromDay;
  if (filter.toDay) out.to = filter.toDay;
  return out;
}

/** Entities the audit trail records (the page's type filter). */
export const AUDIT_ENTITIES = ['import_job', 'scenario', 'membership', 'app_user', 'building_assignment', 'ingest_token', 'auth_session', 'organisation', 'building'] as const;
