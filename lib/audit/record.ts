import type { ClientBase, Pool } from 'pg';

// The audit trail: who did what, when, with before/after where it fits. Call it inside the same transaction as
// the change, so a change without its audit row cannot happen.

type Queryable = ClientBase | Pool;

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
export async function recordAudit(db: Queryable, entry: AuditEntry): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO audit_log (organisation_id, user_id, action, entity, entity_id, before, after)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb) RETURNING id::text`,
    [
      entry.organisationId,
      entry.userId,
      entry.action,
      entry.entity,
      entry.entityId ?? null,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    ],
  );
  return rows[0].id;
}
