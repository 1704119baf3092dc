import type { Pool, PoolClient } from 'pg';
import { hashPassword } from './password';
import type { Role } from './roles';

// Creating and changing accounts (administrators, scripts/demo-users.ts). Local passwords are stored the way
// better-auth reads them: an auth_account row with provider 'credential' and a bcrypt hash.

type Db = Pool | PoolClient;

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** When this organisation disabled the membership (the account and its other memberships are untouched). */
  disabledAt: Date | null;
  /** Invited, not yet accepted by the account: no access yet. */
  pending: boolean;
  createdAt: Date;
  assignedBuildings: number;
}

/** Creates a local user (or updates the name and password of an existing e-mail); returns the user id. */
export async function upsertLocalUser(db: Db, input: { email: string; name: string; password: string }): Promise<string> {
  const email = input.email.trim().toLowerCase();
  const hash = await hashPassword(input.password);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO app_user (email, name, email_verified) VALUES ($1, $2, true)
     ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name, updated_at = now()
     RETURNING id`,
    [email, input.name],
  );
  const id = rows[0].id;
  await db.query(
    `INSERT INTO auth_account (user_id, account_id, provider_id, password) VALUES ($1::uuid, $3, 'credential', $2)
     ON CONFLICT (provider_id, account_id) DO UPDATE SET password = EXCLUDED.password, updated_at = now()`,
    [id, hash, id],
  );
  return id;
}

/** Gives a user a role in an organisation (replacing the previous one); returns the previous role or null. */
export async function setMembership(db: Db, userId: string, organisationId: string, role: Role): Promise<Role | null> {
  const { rows } = await db.query<{ role: Role }>('SELECT role FROM membership WHERE user_id = $1 AND organisation_id = $2', [userId, organisationId]);
  await db.query(
    `INSERT INTO membership (user_id, organisation_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, organisation_id) DO UPDATE SET role = EXCLUDED.role`,
    [userId, organisationId, role],
  );
  return rows[0]?.role ?? null;
}

/** Removes a user's role in an organisation; returns the role they had, or null. */
export async function removeMembership(db: Db, userId: string, organisationId: string): Promise<Role | null> {
  const { rows } = await db.query<{ role: Role }>('DELETE FROM membership WHERE user_id = $1 AND organisation_id = $2 RETURNING role', [userId, organisationId]);
  return rows[0]?.role ?? null;
}

/** The members of an organisation, by name — with pending invitations and memberships this organisation disabled. */
export async function listMembers(db: Db, organisationId: string): Promise<UserRow[]> {
  const { rows } = await db.query<UserRow>(
    // Until an invitation is accepted the account's name (set in its own organisation) is not this organisation's to see.
    `SELECT u.id, u.email, CASE WHEN m.accepted_at IS NULL THEN u.email ELSE u.name END AS name, m.role, m.disabled_at AS "disabledAt", m.accepted_at IS NULL AS pending,
            coalesce(m.invited_at, u.created_at) AS "createdAt",
            (SELECT count(*)::int FROM building_assignment a JOIN building b ON b.id = a.building_id
              WHERE a.user_id = u.id AND b.organisation_id = m.organisation_id) AS "assignedBuildings"
       FROM membership m JOIN app_user u ON u.id = m.user_id
      WHERE m.organisation_id = $1
      ORDER BY u.name, u.email`,
    [organisationId],
  );
  return rows;
}

/** Replaces the buildings a user is assigned to within one organisation (ids of other organisations are ignored). */
export async function setBuildingAssignments(db: Db, userId: string, organisationId: string, buildingIds: string[]): Promise<{ before: string[]; after: string[] }> {
  const { rows: before } = await db.query<{ id: string }>(
    `SELECT a.building_id AS id FROM building_assignment a JOIN building b ON b.id = a.building_id
      WHERE a.user_id = $1 AND b.organisation_id = $2 ORDER BY 1`,
    [userId, organisationId],
  );
  await db.query(
    `DELETE FROM building_assignment a USING building b
      WHERE a.building_id = b.id AND a.user_id = $1 AND b.organisation_id = $2`,
    [userId, organisationId],
  );
  const { rows: after } = await db.query<{ id: string }>(
    `INSERT INTO building_assignment (user_id, building_id)
     SELECT $1, b.id FROM building b WHERE b.organisation_id = $2 AND b.id = ANY($3::uuid[])
     ON CONFLICT DO NOTHING RETURNING building_id AS id`,
    [userId, organisationId, buildingIds],
  );
  return { before: before.map((r) => r.id), after: after.map((r) => r.id).sort() };
}

/**
 * Disables (or re-enables) an ACCOUNT everywhere and ends every session it has. Not reachable from an
 * organisation's administration (there is no platform-operator role in the app): for operators' scripts only.
 * An organisation disables its own membership with {@link setMembershipDisabled}.
 */
export async function setAccountDisabled(db: Db, userId: string, disabled: boolean): Promise<void> {
  await db.query('UPDATE app_user SET disabled_at = CASE WHEN $2 THEN now() ELSE NULL END, updated_at = now() WHERE id = $1', [userId, disabled]);
  if (disabled) await db.query('DELETE FROM auth_session WHERE user_id = $1', [userId]);
}

/**
 * Disables (or re-enables) a user's membership of ONE organisation: from the next request they have no access
 * there (lib/auth/session.ts reads only enabled, accepted memberships); the account, its sessions and its other
 * organisations are untouched. Returns whether it was disabled before, or null when there is no such membership.
 */
export async function setMembershipDisabled(db: Db, userId: string, organisationId: string, disabled: boolean): Promise<boolean | null> {
  const { rows: [was] } = await db.query<{ disabled: boolean }>(
    'SELECT disabled_at IS NOT NULL AS disabled FROM membership WHERE user_id = $1 AND organisation_id = $2 FOR UPDATE', [userId, organisationId]);
  if (!was) return null;
  if (was.disabled !== disabled) {
    await db.query('UPDATE membership SET disabled_at = CASE WHEN $3 THEN now() ELSE NULL END WHERE user_id = $1 AND organisation_id = $2', [userId, organisationId, disabled]);
  }
  return was.disabled;
}

/** Creates a local user, or finds the existing one by e-mail (whose name and password are left alone). */
export async function createOrFindLocalUser(db: Db, input: { email: string; name: string; password: string }): Promise<{ id: string; created: boolean }> {
  const email = input.email.trim().toLowerCase();
  const { rows } = await db.query<{ id: string }>('SELECT id FROM app_user WHERE email = $1', [email]);
  if (rows[0]) return { id: rows[0].id, created: false };
  return { id: await upsertLocalUser(db, { ...input, email }), created: true };
}
