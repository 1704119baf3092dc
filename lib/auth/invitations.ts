import { recordAudit } from '@/lib/audit/record';
import { inTransaction, prismaOf, type Database } from '@/lib/db/prisma';
import type { Role } from './roles';

// Adding an account that already exists to an organisation (issue 15): an administrator may only change their own
// organisation's memberships, and the account may belong to another municipality — so the membership starts as an
// invitation (membership.accepted_at NULL) that gives no access until the account accepts it after signing in
// (/invitations; lib/auth/session.ts reads only accepted, enabled memberships). The invitation and the answer are
// noted in the account's own audit trail (audit_log rows with no organisation, entity app_user, about the account),
// and in the inviting organisation's log.

export type InvitationOutcome = 'invited' | 'role_changed' | 'unchanged';

/**
 * Invites an existing account into an organisation with a role: a membership row with accepted_at NULL, which
 * gives no access until the account accepts it ({@link answerInvitation}). An account that is already a member
 * (or already invited) only gets the new role, as a role change of this organisation's own membership.
 */
export async function inviteMember(db: Database, userId: string, organisationId: string, role: Role, invitedBy: string): Promise<{ outcome: InvitationOutcome; before: Role | null; pending: boolean }> {
  const prisma = prismaOf(db);
  const key = { userId_organisationId: { userId, organisationId } };
  // The row lock (Prisma's model API has none): two administrators inviting at once see one outcome each.
  await prisma.$executeRaw`SELECT 1 FROM membership WHERE user_id = ${userId}::uuid AND organisation_id = ${organisationId}::uuid FOR UPDATE`;
  const was = await prisma.membership.findUnique({ where: key, select: { role: true, acceptedAt: true } });
  if (was) {
    const before = was.role as Role;
    const pending = was.acceptedAt === null;
    if (before === role) return { outcome: 'unchanged', before, pending };
    await prisma.membership.update({ where: key, data: { role } });
    return { outcome: 'role_changed', before, pending };
  }
  await prisma.membership.create({ data: { userId, organisationId, role, acceptedAt: null, invitedBy, invitedAt: new Date() } });
  return { outcome: 'invited', before: null, pending: true };
}

export interface Invitation {
  organisationId: string;
  organisationName: string;
  role: Role;
  invitedAt: Date | null;
}

/** The invitations an account has not answered yet, oldest first. */
export async function pendingInvitations(db: Database, userId: string): Promise<Invitation[]> {
  const rows = await prismaOf(db).membership.findMany({
    where: { userId, acceptedAt: null },
    select: { organisationId: true, role: true, invitedAt: true, organisation: { select: { name: true } } },
    orderBy: [{ invitedAt: 'asc' }, { organisation: { name: 'asc' } }],
  });
  return rows.map((m) => ({ organisationId: m.organisationId, organisationName: m.organisation.name, role: m.role as Role, invitedAt: m.invitedAt }));
}

/** Accepts (the membership gives access from now on) or declines (the row goes) the account's own invitation. */
export async function answerInvitation(db: Database, userId: string, organisationId: string, accept: boolean): Promise<Role | null> {
  const prisma = prismaOf(db);
  const where = { userId, organisationId, acceptedAt: null };
  const invitation = await prisma.membership.findFirst({ where, select: { role: true } });
  if (!invitation) return null;
  // The condition is checked again by the write: an invitation answered meanwhile changes nothing here.
  const { count } = accept
    ? await prisma.membership.updateMany({ where, data: { acceptedAt: new Date() } })
    : await prisma.membership.deleteMany({ where });
  return count > 0 ? (invitation.role as Role) : null;
}

/** Entries about the account itself (invitations and answers), newest first — the account's own audit trail. */
export async function accountNotices(db: Database, userId: string, limit = 20): Promise<{ action: string; at: Date; after: { organisation?: string; role?: Role } | null }[]> {
  const rows = await prismaOf(db).auditLog.findMany({
    where: { organisationId: null, entity: 'app_user', entityId: userId },
    select: { action: true, at: true, after: true },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: limit,
  });
  return rows.map((r) => ({ ...r, after: r.after as { organisation?: string; role?: Role } | null }));
}

/**
 * The account answers one of its own invitations, audited in the inviting organisation and in the account's
 * trail; false when there is no such pending invitation (already answered, withdrawn, or someone else's).
 */
export async function respondToInvitation(db: Database, userId: string, organisationId: string, accept: boolean): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const role = await answerInvitation(tx, userId, organisationId, accept);
    if (!role) return false;
    const org = await tx.organisation.findUnique({ where: { id: organisationId }, select: { name: true } });
    const action = accept ? 'membership.accept' : 'membership.decline';
    const after = { organisation: org?.name, role };
    await recordAudit(tx, { organisationId, userId, action, entity: 'membership', entityId: userId, after });
    await recordAudit(tx, { organisationId: null, userId, action, entity: 'app_user', entityId: userId, after });
    return true;
  });
}
