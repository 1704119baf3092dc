import { prismaOf, type Database } from '@/lib/db/prisma';
import { hashPassword } from './password';
import type { Role } from './roles';

// Creating and changing accounts and memberships (administrators, scripts/demo-users.ts), through Prisma Client.
// Local passwords are stored the way better-auth reads them: an auth_account row with provider 'credential' and a
// bcrypt hash. Pass the transaction client (lib/db/prisma.ts inTransaction) when a change goes with its audit row.

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
export async function upsertLocalUser(db: Database, input: { email: string; name: string; password: string }): Promise<string> {
  const prisma = prismaOf(db);
  const email = input.email.trim().toLowerCase();
  const password = await hashPassword(input.password);
  const { id } = await prisma.appUser.upsert({
    where: { email },
    create: { email, name: input.name, emailVerified: true },
    update: { name: input.name, updatedAt: new Date() },
    select: { id: true },
  });
  await prisma.authAccount.upsert({
    where: { providerId_accountId: { providerId: 'credential', accountId: id } },
    create: { userId: id, accountId: id, providerId: 'credential', password },
    update: { password, updatedAt: new Date() },
  });
  return id;
}

const membershipKey = (userId: string, organisationId: string) => ({ userId_organisationId: { userId, organisationId } });

/** Gives a user a role in an organisation (replacing the previous one); returns the previous role or null. */
export async function setMembership(db: Database, userId: string, organisationId: string, role: Role): Promise<Role | null> {
  const prisma = prismaOf(db);
  const was = await prisma.membership.findUnique({ where: membershipKey(userId, organisationId), select: { role: true } });
  await prisma.membership.upsert({ where: membershipKey(userId, organisationId), create: { userId, organisationId, role }, update: { role } });
  return (was?.role as Role | undefined) ?? null;
}

/** Removes a user's role in an organisation; returns the role they had, or null. */
export async function removeMembership(db: Database, userId: string, organisationId: string): Promise<Role | null> {
  const prisma = prismaOf(db);
  const was = await prisma.membership.findUnique({ where: membershipKey(userId, organisationId), select: { role: true } });
  if (!was) return null;
  const { count } = await prisma.membership.deleteMany({ where: { userId, organisationId } });
  return count > 0 ? (was.role as Role) : null;
}

/** The members of an organisation, by name — with pending invitations and memberships this organisation disabled. */
export async function listMembers(db: Database, organisationId: string): Promise<UserRow[]> {
  const rows = await prismaOf(db).membership.findMany({
    where: { organisationId },
    select: {
      role: true, acceptedAt: true, invitedAt: true, disabledAt: true,
      user: { select: { id: true, email: true, name: true, createdAt: true, _count: { select: { assignments: { where: { building: { organisationId } } } } } } },
    },
    orderBy: [{ user: { name: 'asc' } }, { user: { email: 'asc' } }],
  });
  return rows.map((m) => ({
    id: m.user.id,
    email: m.user.email,
    // Until an invitation is accepted the account's name (set in its own organisation) is not this organisation's to see.
    name: m.acceptedAt === null ? m.user.email : m.user.name,
    role: m.role as Role,
    disabledAt: m.disabledAt,
    pending: m.acceptedAt === null,
    createdAt: m.invitedAt ?? m.user.createdAt,
    assignedBuildings: m.user._count.assignments,
  }));
}

/** Replaces the buildings a user is assigned to within one organisation (ids of other organisations are ignored). */
export async function setBuildingAssignments(db: Database, userId: string, organisationId: string, buildingIds: string[]): Promise<{ before: string[]; after: string[] }> {
  const prisma = prismaOf(db);
  const inOrganisation = { userId, building: { organisationId } };
  const before = await prisma.buildingAssignment.findMany({ where: inOrganisation, select: { buildingId: true }, orderBy: { buildingId: 'asc' } });
  await prisma.buildingAssignment.deleteMany({ where: inOrganisation });
  const own = buildingIds.length === 0 ? [] : await prisma.building.findMany({ where: { organisationId, id: { in: buildingIds } }, select: { id: true } });
  if (own.length > 0) await prisma.buildingAssignment.createMany({ data: own.map((b) => ({ userId, buildingId: b.id })), skipDuplicates: true });
  return { before: before.map((r) => r.buildingId), after: own.map((b) => b.id).sort() };
}

/**
 * Disables (or re-enables) an ACCOUNT everywhere and ends every session it has. Not reachable from an
 * organisation's administration (there is no platform-operator role in the app): for operators' scripts only.
 * An organisation disables its own membership with {@link setMembershipDisabled}.
 */
export async function setAccountDisabled(db: Database, userId: string, disabled: boolean): Promise<void> {
  const prisma = prismaOf(db);
  const now = new Date();
  await prisma.appUser.updateMany({ where: { id: userId }, data: { disabledAt: disabled ? now : null, updatedAt: now } });
  if (disabled) await prisma.authSession.deleteMany({ where: { userId } });
}

/**
 * Disables (or re-enables) a user's membership of ONE organisation: from the next request they have no access
 * there (lib/auth/session.ts reads only enabled, accepted memberships); the account, its sessions and its other
 * organisations are untouched. Returns whether it was disabled before, or null when there is no such membership.
 */
export async function setMembershipDisabled(db: Database, userId: string, organisationId: string, disabled: boolean): Promise<boolean | null> {
  const prisma = prismaOf(db);
  // The row lock (Prisma's model API has none) keeps "was it disabled" and the change one step under concurrency.
  const locked = await prisma.$executeRaw`SELECT 1 FROM membership WHERE user_id = ${userId}::uuid AND organisation_id = ${organisationId}::uuid FOR UPDATE`;
  if (locked === 0) return null;
  const was = await prisma.membership.findUniqueOrThrow({ where: membershipKey(userId, organisationId), select: { disabledAt: true } });
  const wasDisabled = was.disabledAt !== null;
  if (wasDisabled !== disabled) await prisma.membership.update({ where: membershipKey(userId, organisationId), data: { disabledAt: disabled ? new Date() : null } });
  return wasDisabled;
}

/** Creates a local user, or finds the existing one by e-mail (whose name and password are left alone). */
export async function createOrFindLocalUser(db: Database, input: { email: string; name: string; password: string }): Promise<{ id: string; created: boolean }> {
  const email = input.email.trim().toLowerCase();
  const found = await prismaOf(db).appUser.findUnique({ where: { email }, select: { id: true } });
  if (found) return { id: found.id, created: false };
  return { id: await upsertLocalUser(db, { ...input, email }), created: true };
}

/** Who a member is (email, name), for audit entries that must stay readable after the account changes or goes. */
export async function memberIdentity(db: Database, userId: string): Promise<{ email?: string; name?: string }> {
  return (await prismaOf(db).appUser.findUnique({ where: { id: userId }, select: { email: true, name: true } })) ?? {};
}

/** Whether the user is a member of the organisation. */
export async function isMember(db: Database, userId: string, organisationId: string): Promise<boolean> {
  return (await prismaOf(db).membership.count({ where: { userId, organisationId } })) > 0;
}

/** Whether the user's account is disabled (false for an unknown user). */
export async function isUserDisabled(db: Database, userId: string): Promise<boolean> {
  const user = await prismaOf(db).appUser.findUnique({ where: { id: userId }, select: { disabledAt: true } });
  return user?.disabledAt != null;
}
