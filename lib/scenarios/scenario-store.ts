import type { Pool } from 'pg';
import { withTransaction } from '@/lib/db/pool';
import { scenarioActionsSchema, scenarioParamsSchema, type ScenarioAction, type ScenarioOutcome, type ScenarioParams } from './types';

// Saved scenarios: one scenario row (params, last outcome, status with who/when) and one scenario_action row per
// building. Every query is scoped to the organisation.

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

/** Saves a new draft scenario with its actions in one transaction; returns its id. */
export async function createScenario(pool: Pool, organisationId: string, input: ScenarioInput, userId: string | null = null): Promise<string> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO scenario (organisation_id, name, description, params, result, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [organisationId, input.name, input.description ?? null, JSON.stringify(input.params), input.result ? JSON.stringify(input.result) : null, userId],
    );
    await writeActions(client, rows[0].id, input.actions);
    return rows[0].id;
  });
}

/** Replaces a scenario's name, params, actions and outcome; false when it does not exist. */
export async function updateScenario(pool: Pool, organisationId: string, id: string, input: Partial<ScenarioInput>): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    const { rowCount } = await client.query(
      `UPDATE scenario SET name = COALESCE($3, name), description = COALESCE($4, description), params = COALESCE($5, params),
              result = COALESCE($6, result), updated_at = now()
        WHERE organisation_id = $1 AND id = $2`,
      [organisationId, id, input.name ?? null, input.description ?? null, input.params ? JSON.stringify(input.params) : null, input.result ? JSON.stringify(input.result) : null],
    );
    if (!rowCount) return false;
    if (input.actions) await writeActions(client, id, input.actions);
    return true;
  });
}

export type StatusChange = { ok: true } | { ok: false; reason: 'not_found' | 'invalid_transition'; from?: ScenarioStatus };

/** Moves a scenario along draft → proposed → approved/rejected, recording who and when. */
export async function changeStatus(pool: Pool, organisationId: string, id: string, to: ScenarioStatus, userId: string | null): Promise<StatusChange> {
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
    return { ok: true };
  });
}

/** Deletes a scenario (its actions cascade); false when it does not exist. */
export async function deleteScenario(pool: Pool, organisationId: string, id: string): Promise<boolean> {
  const { rowCount } = await pool.query('DELETE FROM scenario WHERE organisation_id = $1 AND id = $2', [organisationId, id]);
  return (rowCount ?? 0) > 0;
}
