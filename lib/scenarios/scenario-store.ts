import { recordAudit } from '@/lib/audit/record';
import { inTransaction, Prisma, prismaOf, type Database, type PrismaDb } from '@/lib/db/prisma';
import { scenarioActionsSchema, scenarioParamsSchema, type ScenarioAction, type ScenarioOutcome, type ScenarioParams } from './types';

// Saved scenarios: one scenario row (params, last outcome, status with who/when) and one scenario_action row per
// building. Every query is scoped to the organisation. Every change — create, edit, status change, delete — writes
// its audit row (lib/audit/record.ts) in the same Prisma transaction, with the acting user (null = a script or the
// seed). A change first takes the scenario's row lock (SELECT … FOR UPDATE, which Prisma's model API has no word for),
// so two edits of one scenario audit their before/after in order.

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

/** What a stored scenario is read with: who changed its status last, and its actions in building order. */
const INCLUDE = {
  statusChangedBy: { select: { name: true } },
  actions: { select: { buildingId: true, action: true, receivers: true }, orderBy: { buildingId: 'asc' } },
} satisfies Prisma.ScenarioInclude;

type ScenarioModel = Prisma.ScenarioGetPayload<{ include: typeof INCLUDE }>;

const fromModel = (s: ScenarioModel): StoredScenario => ({
  id: s.id,
  name: s.name,
  description: s.description,
  status: s.status as ScenarioStatus,
  params: scenarioParamsSchema.parse(s.params),
  result: s.result as ScenarioOutcome | null,
  actions: scenarioActionsSchema.parse(s.actions),
  statusChangedBy: s.statusChangedById,
  statusChangedByName: s.statusChangedBy?.name ?? null,
  statusChangedAt: s.statusChangedAt?.toISOString() ?? null,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

/** All scenarios of an organisation, newest first. */
export async function listScenarios(db: Database, organisationId: string): Promise<StoredScenario[]> {
  const rows = await prismaOf(db).scenario.findMany({ where: { organisationId }, include: INCLUDE, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
  return rows.map(fromModel);
}

/** One scenario, or null when it does not exist in this organisation. */
export async function getScenario(db: Database, organisationId: string, id: string): Promise<StoredScenario | null> {
  const row = await prismaOf(db).scenario.findFirst({ where: { id, organisationId }, include: INCLUDE });
  return row ? fromModel(row) : null;
}

/** The scenario's row, locked for the rest of the transaction; null when it is not in this organisation. */
async function lockScenario(tx: PrismaDb, organisationId: string, id: string): Promise<StoredScenario | null> {
  const locked = await tx.$executeRaw`SELECT 1 FROM scenario WHERE organisation_id = ${organisationId}::uuid AND id = ${id}::uuid FOR UPDATE`;
  return locked === 0 ? null : getScenario(tx, organisationId, id);
}

async function writeActions(tx: PrismaDb, scenarioId: string, actions: ScenarioAction[]) {
  await tx.scenarioAction.deleteMany({ where: { scenarioId } });
  await tx.scenarioAction.createMany({
    data: actions.map((a) => ({ scenarioId, buildingId: a.buildingId, action: a.action, receivers: a.receivers as Prisma.InputJsonValue })),
  });
}

const jsonOf = (v: unknown) => v as Prisma.InputJsonValue;

/** Saves a new draft scenario with its actions and its audit row in one transaction; returns its id. */
export async function createScenario(db: Database, organisationId: string, input: ScenarioInput, by: ScenarioActor | string | null = null): Promise<string> {
  const actor = actorOf(by);
  return inTransaction(db, async (tx) => {
    const { id } = await tx.scenario.create({
      data: {
        organisationId,
        name: input.name,
        description: input.description ?? null,
        params: jsonOf(input.params),
        result: input.result ? jsonOf(input.result) : Prisma.DbNull,
        createdById: actor.userId,
      },
      select: { id: true },
    });
    await writeActions(tx, id, input.actions);
    await recordAudit(tx, {
      organisationId,
      userId: actor.userId,
      action: 'scenario.create',
      entity: 'scenario',
      entityId: id,
      after: { name: input.name, description: input.description ?? null, status: 'draft', params: input.params, actions: input.actions, source: actor.source ?? 'app', ...actor.details },
    });
    return id;
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
export async function updateScenario(db: Database, organisationId: string, id: string, input: Partial<ScenarioInput>, by: ScenarioActor | string | null = null): Promise<boolean> {
  const actor = actorOf(by);
  return inTransaction(db, async (tx) => {
    const current = await lockScenario(tx, organisationId, id);
    if (!current) return false;
    const changes = scenarioChanges(current, input);
    await tx.scenario.update({
      where: { id },
      data: {
        // Absent (or null) fields keep what is stored.
        name: input.name ?? undefined,
        description: input.description ?? undefined,
        params: input.params ? jsonOf(input.params) : undefined,
        result: input.result ? jsonOf(input.result) : undefined,
        updatedAt: new Date(),
      },
    });
    if (input.actions) await writeActions(tx, id, input.actions);
    if (changes.changed) {
      await recordAudit(tx, { organisationId, userId: actor.userId, action: 'scenario.update', entity: 'scenario', entityId: id, before: changes.before, after: { ...changes.after, ...(actor.source ? { source: actor.source } : {}) } });
    }
    return true;
  });
}

export type StatusChange = { ok: true } | { ok: false; reason: 'not_found' | 'invalid_transition'; from?: ScenarioStatus };

/** Moves a scenario along draft → proposed → approved/rejected, recording who and when (and the audit row). */
export async function changeStatus(db: Database, organisationId: string, id: string, to: ScenarioStatus, by: ScenarioActor | string | null): Promise<StatusChange> {
  const actor = actorOf(by);
  const userId = actor.userId;
  return inTransaction(db, async (tx) => {
    const current = await lockScenario(tx, organisationId, id);
    if (!current) return { ok: false, reason: 'not_found' };
    if (!STATUS_TRANSITIONS[current.status].includes(to)) return { ok: false, reason: 'invalid_transition', from: current.status };
    const now = new Date();
    await tx.scenario.update({ where: { id }, data: { status: to, statusChangedById: userId, statusChangedAt: now, updatedAt: now } });
    await recordAudit(tx, { organisationId, userId, action: 'scenario.status_change', entity: 'scenario', entityId: id, before: { status: current.status }, after: { status: to, ...(actor.source ? { source: actor.source } : {}) } });
    return { ok: true };
  });
}

/** Deletes a scenario (its actions cascade) and audits what it was; false when it does not exist. */
export async function deleteScenario(db: Database, organisationId: string, id: string, by: ScenarioActor | string | null = null): Promise<boolean> {
  const actor = actorOf(by);
  return inTransaction(db, async (tx) => {
    const before = await lockScenario(tx, organisationId, id);
    if (!before) return false;
    await tx.scenario.delete({ where: { id } });
    await recordAudit(tx, {
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
export async function recordScenarioExport(db: Database, organisationId: string, id: string, format: 'csv' | 'json' | 'pdf', userId: string | null): Promise<void> {
  await recordAudit(db, { organisationId, userId, action: 'scenario.export', entity: 'scenario', entityId: id, after: { format } });
}
