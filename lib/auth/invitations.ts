import type { Pool, PoolClient } from 'pg';
import { recordAudit } from '@/lib/audit/record';
import { withTransaction } from '@/lib/db/pool';
import type { Role } from './roles';

// Adding an account that already exists to an organisation (issue 15): an administrator may only change their own
// organisation's memberships, and the account may belong to another municipality — so the membership starts as an
// invitation (membership.accepted_at NULL) that gives no access until the account accepts it after signing in
// (/invitations; lib/auth/session.ts reads only accepted, enabled memberships). The invitation and the answer are
// noted in the account's own audit trail (audit_log rows with no organisation, entity app_user, about the account),
// and in the inviting organisation's log.

type Db = Pool | PoolClient;

export type InvitationOutcome = 'invited' | 'role_changed' | 'unchanged';

/**
 * Invites an existing account into an organisation with a role: a membership row with accepted_at NULL, which
 * gives no access until the account accepts it ({@link answerInvitation}). An account that is already a member
 * (or already invited) only gets the new role, as a role change of this organisation's own membership.
 */
export async function inviteMember(db: Db, userId: string, organisationId: string, role: Role, invitedBy: string): Promise<{ outcome: InvitationOutcome; before: Role | null; pending: boolean }> {
  const { rows: [was] } = await db.query<{ role: Role; pending: boolean }>(
    'SELECT role, accepted_at IS NULL AS pending FROM membership WHERE user_id = $1 AND organisation_id = $2 FOR UPDATE', [userId, organisationId]);
  if (was) {
    if (was.role === role) return { outcome: 'unchanged', before: was.role, pending: was.pending };
    await db.query('UPDATE membership SET role = $3 WHERE user_id = $1 AND organisation_id = $2', [userId, organisationId, role]);
    return { outcome: 'role_changed', before: was.role, pending: was.pending };
  }
  await db.query(
    `INSERT INTO membership (user_id, organisation_id, role, accepted_at, invited_by, invited_at) VALUES ($1, $2, $3, NULL, $4, now())`,
    [userId, organisationId, role, invitedBy],
  );
  return { outcome: 'invited', before: null, pending: true };
}

export interface Invitation {
  organisationId: string;
  organisationName: string;
  role: Role;
  invitedAt: Date | null;
}

/** The invitations an account has not answered yet, oldest first. */
export async function pendingInvitations(db: Db, userId: string): Promise<Invitation[]> {
  const { rows } = await db.query<Invitation>(
    `SELECT o.id AS "organisationId", o.name AS "organisationName", m.role, m.invited_at AS "invitedAt"
       FROM membership m JOIN organisation o ON o.id = m.organisation_id
      WHERE m.user_id = $1 AND m.accepted_at IS NULL
      ORDER BY m.invited_at, o.name`,
    [userId],
  );
  return rows;
}

/** Accepts (the membership gives access from now on) or declines (the row goes) the account's own invitation. */
export async function answerInvitation(db: Db, userId: string, organisationId: string, accept: boolean): Promise<Role | null> {
  const { rows } = accept
    ? await db.query<{ role: Role }>('UPDATE membership SET accepted_at = now() WHERE user_id = $1 AND organisation_id = $2 AND accepted_at IS NULL RETURNING role', [userId, organisationId])
    : await db.query<{ role: Role }>('DELETE FROM membership WHERE user_id = $1 AND organisation_id = $2 AND accepted_at IS NULL RETURNING role', [userId, organisationId]);
  return rows[0]?.role ?? null;
}

/** Entries about the account itself (invitations and answers), newest first — the account's own audit trail. */
export async function accountNotices(db: Db, userId: string, limit = 20): Promise<{ action: string; at: Date; after: { organisation?: string; role?: Role } | null }[]> {
  const { rows } = await db.query(
    `SELECT action, at, after FROM audit_log WHERE organisation_id IS NULL AND entity = 'app_user' AND entity_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
    [userId, limit],
  );
  return rows;
}

/**
 * The account answers one of its own invitations, audited in the inviting organisation and in the account's
 * trail; false when there is no such pending invitation (already answered, withdrawn, or someone else's).
 */
export async function respondToInvitation(pool: Pool, userId: string, organisationId: string, accept: boolean): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    const role = await answerInvitation(client, userId, organisationId, accept);
    if (!role) return false;
    const { rows: [org] } = await client.query<{ name: string }>('SELECT name FROM organisation WHERE id = $1', [organisationId]);
    const action = accept ? 'membership.accept' : 'membership.decline';
    const after = { organisation: org?.name, role };
    await recordAudit(client, { organisationId, userId, action, entity: 'membership', entityId: userId, after });
    await recordAudit(client, { organisationId: null, userId, action, entity: 'app_user', entityId: userId, after });
    return true;
  });
}
