import { DateTime } from 'luxon';
import { csvLines } from '@/lib/format/csv';
import { DEFAULT_TIME_ZONE } from '@/lib/config/time-zone';
import { prismaOf, type Database, type Prisma } from '@/lib/db/prisma';

// Reading the audit trail: filters (entity, action, user, Danish calendar days), keyset paging both ways, and a
// CSV export that pages through the same query in batches, so memory stays bounded however long the log is.

/** The audit trail's times are Danish (the page and the CSV say "dansk tid", the CSV adds UTC), whatever the organisation's zone. */
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

function where(organisationId: string, filter: AuditFilter): Prisma.AuditLogWhereInput {
  const { from, to } = dayBounds(filter);
  return {
    organisationId,
    entity: filter.entity,
    action: filter.action,
    userId: filter.userId,
    at: from || to ? { gte: from ?? undefined, lt: to ?? undefined } : undefined,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One page of the organisation's audit trail, newest first (at most 500 rows). With afterId, the page of rows
 * just newer than it (still returned newest first). The person an entry is about (entity_id of a membership,
 * account or assignment entry — text, not a foreign key) is looked up in a second query.
 */
export async function listAudit(db: Database, organisationId: string, query: AuditQuery = {}): Promise<AuditRow[]> {
  const prisma = prismaOf(db);
  const limit = Math.min(Math.max(query.limit ?? 100, 1), 500);
  const newer = query.afterId !== undefined && query.beforeId === undefined;
  const id = query.beforeId !== undefined ? { lt: BigInt(query.beforeId) } : newer ? { gt: BigInt(query.afterId!) } : undefined;
  const rows = await prisma.auditLog.findMany({
    where: { ...where(organisationId, query), id },
    include: { user: { select: { name: true, email: true } } },
    orderBy: { id: newer ? 'asc' : 'desc' },
    take: limit,
  });
  if (newer) rows.reverse();
  const subjectIds = [...new Set(rows.filter((r) => PERSON_ENTITIES.includes(r.entity) && r.entityId && UUID.test(r.entityId)).map((r) => r.entityId!))];
  const subjects = new Map(
    subjectIds.length === 0 ? [] : (await prisma.appUser.findMany({ where: { id: { in: subjectIds } }, select: { id: true, name: true, email: true } })).map((u) => [u.id, u]),
  );
  return rows.map((r) => {
    const subject = PERSON_ENTITIES.includes(r.entity) && r.entityId ? subjects.get(r.entityId.toLowerCase()) : undefined;
    return {
      id: r.id.toString(),
      at: r.at,
      action: r.action,
      entity: r.entity,
      entityId: r.entityId,
      userId: r.userId,
      userName: r.user?.name ?? null,
      userEmail: r.user?.email ?? null,
      subjectName: subject?.name ?? null,
      subjectEmail: subject?.email ?? null,
      before: r.before,
      after: r.after,
    };
  });
}

/** Whether rows exist older than `beforeId` / newer than `afterId` under the filter (for the paging links). */
export async function auditNeighbours(db: Database, organisationId: string, filter: AuditFilter, newestId: string | null, oldestId: string | null): Promise<{ newer: boolean; older: boolean }> {
  if (newestId === null || oldestId === null) return { newer: false, older: false };
  const prisma = prismaOf(db);
  const exists = async (id: Prisma.BigIntFilter) => (await prisma.auditLog.findFirst({ where: { ...where(organisationId, filter), id }, select: { id: true } })) !== null;
  const [newer, older] = await Promise.all([exists({ gt: BigInt(newestId) }), exists({ lt: BigInt(oldestId) })]);
  return { newer, older };
}

/** The people who appear as actors in the organisation's audit trail (for the user filter), by name. */
export async function auditActors(db: Database, organisationId: string): Promise<{ id: string; name: string; email: string }[]> {
  return prismaOf(db).appUser.findMany({
    where: { auditLogs: { some: { organisationId } } },
    select: { id: true, name: true, email: true },
    orderBy: [{ name: 'asc' }, { email: 'asc' }],
  });
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
export function auditCsvStream(db: Database, organisationId: string, filter: AuditFilter, batch = 1000): ReadableStream<Uint8Array> {
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
      const rows = await listAudit(db, organisationId, { ...filter, beforeId, limit: Math.min(batch, 500) });
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
export const AUDIT_ENTITIES = ['import_job', 'scenario', 'membership', 'app_user', 'building_assignment', 'ingest_token', 'auth_session', 'organisation', 'building', 'sensor', 'device_type', 'population_forecast'] as const;
