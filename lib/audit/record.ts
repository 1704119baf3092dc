import { isPgConnection, Prisma, prismaOf, type Database, type PgQueryable } from '@/lib/db/prisma';

// The audit trail: who did what, when, with before/after where it fits. Call it inside the same transaction as
// the change, so a change without its audit row cannot happen: pass the Prisma transaction client of the change
// — or, for a change made in a pg transaction (an ingest batch, an import, the OIDC sign-up, the admin actions
// that still run on pg), that transaction's connection.

/** What happened, as `<entity>.<verb>`; extend the list rather than inventing free text at the call site. */
export const AUDIT_ACTIONS = [
  'import.create',
  'import.delete',
  'ingest.batch',
  'scenario.create',
  'scenario.update',
  'scenario.status_change',
  'scenario.delete',
  'scenario.export',
  'user.create',
  'user.disable',
  'user.enable',
  'membership.role_change',
  'membership.remove',
  'membership.invite',
  'membership.accept',
  'membership.decline',
  'membership.disable',
  'membership.enable',
  'assignment.change',
  'token.create',
  'token.revoke',
  'sensor_device.set',
  'sensor_device.remove',
  'device_type.create',
  'device_type.update',
  'device_type.delete',
  'session.switch_organisation',
  'settings.change',
  'building.delete',
  'forecast.own_estimate',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  organisationId: string | null;
  /** The acting user; null for machine actions (ingest tokens, scripts). */
  userId: string | null;
  action: AuditAction;
  /** The table or concept changed: 'scenario', 'membership', 'import_job', 'ingest_token', … */
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Appends one audit row; returns its id. */
export async function recordAudit(db: Database | PgQueryable, entry: AuditEntry): Promise<string> {
  if (isPgConnection(db)) {
    // The same row written on the caller's pg connection, inside its transaction (see above).
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO audit_log (organisation_id, user_id, action, entity, entity_id, before, after)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb) RETURNING id::text`,
      [entry.organisationId, entry.userId, entry.action, entry.entity, entry.entityId ?? null, json(entry.before), json(entry.after)],
    );
    return rows[0].id;
  }
  const row = await prismaOf(db).auditLog.create({
    data: {
      organisationId: entry.organisationId,
      userId: entry.userId,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId ?? null,
      before: jsonInput(entry.before),
      after: jsonInput(entry.after),
    },
    select: { id: true },
  });
  return row.id.toString();
}

// before/after: undefined (nothing to say) is SQL NULL; null (e.g. "no role before") is the JSON value null.
const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
const jsonInput = (v: unknown) => (v === undefined ? Prisma.DbNull : v === null ? Prisma.JsonNull : (v as Prisma.InputJsonValue));
