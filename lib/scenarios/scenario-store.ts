import type { Pool } from 'pg';
import { recordAudit } from '@/lib/audit/record';
import { withTransaction } from '@/lib/db/pool';
import { scenarioActionsSchema, scenarioParamsSchema, type ScenarioAction, type ScenarioOutcome, type ScenarioParams } from './types';

// Saved scenarios: one scenario row (params, last outcome, status with who/when) and one scenario_action row per
// building. Every query is scoped to the organisation. Every change — create, edit, status change, delete — writes
// its audit row (lib/audit/record.ts) in the same transaction, with the acting user (null = a script or the seed).

/** Who changes a scenario, and through what: the app's forms, the optimiser, a JSON import, the CLI, the demo seed. */
export interface ScenarioActor {
  userId: string | null;
  source?: 'app' | 'optimiser' | 'import' | 'cli' | 'demo-seed';
  /** Extra facts for the audit row, e.g. the optimiser's options, status and proven gap. */
  details?: Record<string, unknown>;
}

const actorOf = (actor: ScenarioActor | string | null): ScenarioActor => (actor === null || typeof actor === 'string' ? { userId: actor } : actor);

export const SCENARIO_STATUSES = ['draft', 'proposed', 'approved', 'rejected'] as const;
export type ScenarioStatus = (typeof SCENARIO_STATUSES)[number];

/** Allowed status changes: draft → proposed → approved | rejected; a proposal may go back to draft. */
export const STATUS_TRANSITIONS: Record<ScenarioStatus, ScenarioStatus[]> = {
  draft: ['proposed'],
  proposed: ['approved', 'rejected', 'draft'],
  approved: [],
  rejected: ['draft'],
};

export interface StoredScenario {
  id: string;
  name: string;
  description: string | null;
  status: ScenarioStatus;
  params: ScenarioParams;
  result: ScenarioOutcome | null;
  actions: ScenarioAction[];
  statusChangedBy: string | null;
  statusChangedByName: string | null;
  statusChangedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ScenarioInput {
  name: string;
  description?: string | null;
  params: ScenarioParams;
  actions: ScenarioAction[];
  result: ScenarioOutcome | null;
}

const SELECT = `SELECT s.id, s.name, s.description, s.status, s.params, s.result, s.status_changed_by AS "statusChangedBy",
  u.name AS "statusChangedByName", s.status_changed_at AS "statusChangedAt", s.created_at AS "createdAt", s.updated_at AS "updatedAt",
  COALESCE((SELECT json_agg(json_build_object('buildingId', a.building_id, 'action', a.action, 'receivers', a.receivers) ORDER BY a.building_id)
     FROM scenario_action a WHERE a.scenario_id = s.id), '[]'::json) AS actions
  FROM scenario s LEFT JOIN app_user u ON u.id = s.status_changed_by`;

type Row = Omit<StoredScenario, 'statusChangedAt' | 'createdAt' | 'updatedAt' | 'params' | 'actions'> & {
  params: unknown;
  actions: unknown;
  statusChangedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};
const fromRow = (r: Row): StoredScenario => ({
  ...r,
  params: scenarioParamsSchema.parse(r.params),
  actions: scenarioActionsSchema.parse(r.actions),
  statusChangedAt: r.statusChangedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** All scenarios of an organisation, newest first. */
export async function listScenarios(pool: Pool, organisationId: string): Promise<StoredScenario[]> {
  const { rows } = await pool.query<Row>(`${SELECT} WHERE s.organisation_id = $1 ORDER BY s.created_at DESC, s.id`, [organisationId]);
  return rows.map(fromRow);
}

/** One scenario, or null when it does not exist in this organisation. */
export async function getScenario(pool: Pool, organisationId: string, id: string): Promise<StoredScenario | null> {
  const { rows } = await pool.query<Row>(`${SELECT} WHERE s.organisation_id = $1 AND s.id = $2`, [organisationId, id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

async function writeActions(client: import('pg').PoolClient, scenarioId: string, actions: ScenarioAction[]) {
  await client.query('DELETE FROM scenario_action WHERE scenario_id = $1', [scenarioId]);
  for (const a of actions) {
    await client.query('INSERT INTO scenario_action (scenario_id, building_id, action, receivers) VALUES ($1, $2, $3, $4)', [
      scenarioId,
      a.buildingId,
      a.action,
      JSON.stringify(a.receivers),
    ]);
  }
}

/** Saves a new draft scenario with its actions and its audit row in one transaction; returns its id. */
export async function createScenario(pool: Pool, organisationId: string, input: ScenarioInput, by: ScenarioActor | string | null = null): Promise<string> {
  const actor = actorOf(by);
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO scenario (organisation_id, name, description, params, result, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [organisationId, input.name, input.description ?? null, JSON.stringify(input.params), input.result ? JSON.stringify(input.result) : null, actor.userId],
    );
    await writeActions(client, rows[0].id, input.actions);
    await recordAudit(client, {
      organisationId,
      userId: actor.userId,
      action: 'scenario.create',
      entity: 'scenario',
      entityId: rows[0].id,
      after: { name: input.name, description: input.description ?? null, status: 'draft', params: input.params, actions: input.actions, source: actor.source ?? 'app', ...actor.details },
    });
    return rows[0].id;
  });
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields an edit changes, as before/after pairs (params key by key); empty when nothing changes. */
export function scenarioChanges(current: Pick<StoredScenario, 'name' | 'description' | 'params' | 'actions'>, input: Partial<ScenarioInput>) {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  if (input.name !== undefined && input.name !== current.name) [before.name, after.name] = [current.name, input.name];
  if (input.description != null && input.description !== current.description) [before.description, after.description] = [current.description, input.description];
  if (input.params) {
    const keys = (Object.keys(input.params) as (keyof ScenarioParams)[]).filter((k) => !same(input.params![k], current.params[k]));
    if (keys.length > 0) {
      before.params = Object.fromEntries(keys.map((k) => [k, current.params[k]]));
      after.params = Object.fromEntries(keys.map((k) => [k, input.params![k]]));
    }
  }
  const sorted = (list: ScenarioAction[]) => [...list].sort((x, y) => x.buildingId.localeCompare(y.buildingId));
  if (input.actions && !same(sorted(input.actions), sorted(current.actions))) [before.actions, after.actions] = [current.actions, input.actions];
  return { before, after, changed: Object.keys(after).length > 0 };
}

/** Replaces a scenario's name, params, actions and outcome, auditing what changed; false when it does not exist. */
export async function updateScenario(pool: Pool, organisationId: string, id: string, input: Partial<ScenarioInput>, by: ScenarioActor | string | null = null): Promise<boolean> {
  const actor = actorOf(by);
  return withTransaction(pool, async (client) => {
    const { rows: locked } = await client.query<Row>(`${SELECT} WHERE s.organisation_id = $1 AND s.id = $2 FOR UPDATE OF s`, [organisationId, id]);
    if (!locked[0]) return false;
    const changes = scenarioChanges(fromRow(locked[0]), input);
    const { rowCount } = await client.query(
      `UPDATE scenario SET name = COALESCE($3, name), description = COALESCE($4, description), params = COALESCE($5, params),
              result = COALESCE($6, result), updated_at = now()
        WHERE organisation_id = $1 AND id = $2`,
      [organisationId, id, input.name ?? null, input.description ?? null, input.params ? JSON.stringify(input.params) : null, input.result ? JSON.stringify(input.result) : null],
    );
    if (!rowCount) return false;
    if (input.actions) await writeActions(client, id, input.actions);
    if (changes.changed) {
      await recordAudit(client, { organisationId, userId: actor.userId, action: 'scenario.update', entity: 'scenario', entityId: id, before: changes.before, after: { ...changes.after, ...(actor.source ? { source: actor.source } : {}) } });
    }
    return true;
  });
}

export type StatusChange = { ok: true } | { ok: false; reason: 'not_found' | 'invalid_transition'; from?: ScenarioStatus };

/** Moves a scenario along draft → proposed → approved/rejected, recording who and when (and the audit row). */
export async function changeStatus(pool: Pool, organisationId: string, id: string, to: ScenarioStatus, by: ScenarioActor | string | null): Promise<StatusChange> {
  const actor = actorOf(by);
  const userId = actor.userId;
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ status: ScenarioStatus }>('SELECT status FROM scenario WHERE organisation_id = $1 AND id = $2 FOR UPDATE', [organisationId, id]);
    if (!rows[0]) return { ok: false, reason: 'not_found' };
    if (!STATUS_TRANSITIONS[rows[0].status].includes(to)) return { ok: false, reason: 'invalid_transition', from: rows[0].status };
    await client.query('UPDATE scenario SET status = $3, status_changed_by = $4, status_changed_at = now(), updated_at = now() WHERE organisation_id = $1 AND id = $2', [
      organisationId,
      id,
      to,
      userId,
    ]);
    await recordAudit(client, { organisationId, userId, action: 'scenario.status_change', entity: 'scenario', entityId: id, before: { status: rows[0].status }, after: { status: to, ...(actor.source ? { source: actor.source } : {}) } });
    return { ok: true };
  });
}

/** Deletes a scenario (its actions cascade) and audits what it was; false when it does not exist. */
export async function deleteScenario(pool: Pool, organisationId: string, id: string, by: ScenarioActor | string | null = null): Promise<boolean> {
  const actor = actorOf(by);
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<Row>(`${SELECT} WHERE s.organisation_id = $1 AND s.id = $2 FOR UPDATE OF s`, [organisationId, id]);
    if (!rows[0]) return false;
    const before = fromRow(rows[0]);
    await client.query('DELETE FROM scenario WHERE organisation_id = $1 AND id = $2', [organisationId, id]);
    await recordAudit(client, {
      organisationId,
      userId: actor.userId,
      action: 'scenario.delete',
      entity: 'scenario',
      entityId: id,
      before: { name: before.name, description: before.description, status: before.status, params: before.params, actions: before.actions },
    });
    return true;
  });
}

/** Audits an export of a scenario (who took which format out of the system). */
export async function recordScenarioExport(pool: Pool, organisationId: string, id: string, format: 'csv' | 'json' | 'pdf', userId: string | null): Promise<void> {
  await recordAudit(pool, { organisationId, userId, action: 'scenario.export', entity: 'scenario', entityId: id, after: { format } });
}
