'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record';
import { requireActionAuth } from '@/lib/auth/current';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@/lib/auth/password';
import { ROLES } from '@/lib/auth/roles';
import { inviteMember } from '@/lib/auth/invitations';
import {
  createOrFindLocalUser, isMember, memberIdentity as memberOf, removeMembership, setBuildingAssignments, setMembership, setMembershipDisabled,
} from '@/lib/auth/users';
import { getPool } from '@/lib/db/pool';
import { inTransaction } from '@/lib/db/prisma';

// User administration (administrators only). Every change is audited in the same (Prisma) transaction.

const ADMIN = ['admin'] as const;
const uuid = z.string().uuid();

const createSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  name: z.string().trim().min(1).max(200),
  password: z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH),
  role: z.enum(ROLES),
});

function done(result: string): never {
  revalidatePath('/admin/users');
  redirect(`/admin/users?result=${result}`);
}

/**
 * Creates a user with a role in this organisation. An e-mail that already has an account (perhaps in another
 * organisation) is never joined silently: it gets an invitation it must accept after signing in (no access until
 * then), noted in the account's own audit trail; its name and password are left alone.
 */
export async function createUserAction(form: FormData): Promise<void> {
  const auth = await requireActionAuth(ADMIN);
  const input = createSchema.safeParse(Object.fromEntries(form));
  if (!input.success) done('invalid');
  const result = await inTransaction(getPool(), async (client) => {
    const organisationId = auth.organisation.id;
    const user = await createOrFindLocalUser(client, input.data);
    if (user.created) {
      await setMembership(client, user.id, organisationId, input.data.role);
      await recordAudit(client, { organisationId, userId: auth.user.id, action: 'user.create', entity: 'app_user', entityId: user.id, after: { email: input.data.email, name: input.data.name } });
      await recordAudit(client, { organisationId, userId: auth.user.id, action: 'membership.role_change', entity: 'membership', entityId: user.id, before: null, after: { role: input.data.role } });
      return 'created';
    }
    const invitation = await inviteMember(client, user.id, organisationId, input.data.role, auth.user.id);
    if (invitation.outcome === 'invited') {
      const after = { organisation: auth.organisation.name, role: input.data.role };
      await recordAudit(client, { organisationId, userId: auth.user.id, action: 'membership.invite', entity: 'membership', entityId: user.id, after: { email: input.data.email, role: input.data.role } });
      // The account's own trail: which organisation invited it, nothing about the inviting administrator's org beyond its name.
      await recordAudit(client, { organisationId: null, userId: auth.user.id, action: 'membership.invite', entity: 'app_user', entityId: user.id, after });
      return 'invited';
    }
    if (invitation.outcome === 'role_changed') {
      const member = await memberOf(client, user.id);
      await recordAudit(client, { organisationId, userId: auth.user.id, action: 'membership.role_change', entity: 'membership', entityId: user.id, before: { ...member, role: invitation.before }, after: { ...member, role: input.data.role } });
    }
    return invitation.pending ? 'invited' : 'saved';
  });
  done(result);
}

/** Changes a member's role. An administrator cannot take the administrator role from themself (no lock-out). */
export async function changeRoleAction(form: FormData): Promise<void> {
  const auth = await requireActionAuth(ADMIN);
  const userId = uuid.parse(form.get('userId'));
  const role = z.enum(ROLES).parse(form.get('role'));
  if (userId === auth.user.id && role !== 'admin') done('self');
  await inTransaction(getPool(), async (client) => {
    if (!(await isMember(client, userId, auth.organisation.id))) return;
    const before = await setMembership(client, userId, auth.organisation.id, role);
    if (before !== role) {
      const member = await memberOf(client, userId);
      await recordAudit(client, { organisationId: auth.organisation.id, userId: auth.user.id, action: 'membership.role_change', entity: 'membership', entityId: userId, before: { ...member, role: before }, after: { ...member, role } });
    }
  });
  done('saved');
}

/** Removes a member from this organisation (the account itself stays). */
export async function removeMemberAction(form: FormData): Promise<void> {
  const auth = await requireActionAuth(ADMIN);
  const userId = uuid.parse(form.get('userId'));
  if (userId === auth.user.id) done('self');
  await inTransaction(getPool(), async (client) => {
    const assignments = await setBuildingAssignments(client, userId, auth.organisation.id, []);
    const before = await removeMembership(client, userId, auth.organisation.id);
    // Before: who it was and what they could do (kept even if the account is deleted later); after: nothing.
    if (before) {
      await recordAudit(client, {
        organisationId: auth.organisation.id, userId: auth.user.id, action: 'membership.remove', entity: 'membership', entityId: userId,
        before: { ...(await memberOf(client, userId)), role: before, ...(assignments.before.length ? { buildings: assignments.before } : {}) },
        after: null,
      });
    }
  });
  done('removed');
}

/**
 * Disables or re-enables a member's membership of THIS organisation: no access here from the next request. The
 * account itself, its sessions and its other organisations are not this organisation's to change.
 */
export async function setDisabledAction(form: FormData): Promise<void> {
  const auth = await requireActionAuth(ADMIN);
  const userId = uuid.parse(form.get('userId'));
  const disabled = form.get('disabled') === 'true';
  if (userId === auth.user.id) done('self');
  await inTransaction(getPool(), async (client) => {
    const was = await setMembershipDisabled(client, userId, auth.organisation.id, disabled);
    if (was === null || was === disabled) return;
    const member = await memberOf(client, userId);
    await recordAudit(client, { organisationId: auth.organisation.id, userId: auth.user.id, action: disabled ? 'membership.disable' : 'membership.enable', entity: 'membership', entityId: userId, before: { ...member, disabled: was }, after: { ...member, disabled } });
  });
  done('saved');
}

/** Sets which buildings a facility-staff member may upload for. */
export async function setAssignmentsAction(form: FormData): Promise<void> {
  const auth = await requireActionAuth(ADMIN);
  const userId = uuid.parse(form.get('userId'));
  const buildingIds = z.array(uuid).max(5000).parse(form.getAll('buildingIds'));
  await inTransaction(getPool(), async (client) => {
    if (!(await isMember(client, userId, auth.organisation.id))) return;
    const change = await setBuildingAssignments(client, userId, auth.organisation.id, buildingIds);
    await recordAudit(client, { organisationId: auth.organisation.id, userId: auth.user.id, action: 'assignment.change', entity: 'building_assignment', entityId: userId, before: change.before, after: change.after });
  });
  done('saved');
}
