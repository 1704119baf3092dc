'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record';
import { requireActionAuth } from '@/lib/auth/current';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@/lib/auth/password';
import { ROLES } from '@/lib/auth/roles';
import {
  createOrFindLocalUser, isMember, isUserDisabled, memberIdentity as memberOf, removeMembership, setBuildingAssignments, setMembership, setUserDisabled,
} from '@/lib/auth/users';
import { getPool, withTransaction } from '@/lib/db/pool';

// User administration (administrators only). Every change is audited in the same transaction.

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

/** Creates a user (or adds an existing account to this organisation) with a role. */
export async function createUserAction(form: FormData): Promise<void> {
  const auth = await requireActionAuth(ADMIN);
  const input = createSchema.safeParse(Object.fromEntries(form));
  if (!input.success) done('invalid');
  await withTransaction(getPool(), async (client) => {
    const user = await createOrFindLocalUser(client, input.data);
    const before = await setMembership(client, user.id, auth.organisation.id, input.data.role);
    if (user.created) await recordAudit(client, { organisationId: auth.organisation.id, userId: auth.user.id, action: 'user.create', entity: 'app_user', entityId: user.id, after: { email: input.data.email, name: input.data.name } });
    await recordAudit(client, { organisationId: auth.organisation.id, userId: auth.user.id, action: 'membership.role_change', entity: 'membership', entityId: user.id, before: before && { role: before }, after: { role: input.data.role } });
  });
  done('created');
}

/** Changes a member's role. An administrator cannot take the administrator role from themself (no lock-out). */
export async function changeRoleAction(form: FormData): Promise<void> {
  const auth = await requireActionAuth(ADMIN);
  const userId = uuid.parse(form.get('userId'));
  const role = z.enum(ROLES).parse(form.get('role'));
  if (userId === auth.user.id && role !== 'admin') done('self');
  await withTransaction(getPool(), async (client) => {
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
  await withTransaction(getPool(), async (client) => {
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

/** Disables or re-enables a member's account (a disabled account is signed out everywhere). */
export async function setDisabledAction(form: FormData): Promise<void> {
  const auth = await requireActionAuth(ADMIN);
  const userId = uuid.parse(form.get('userId'));
  const disabled = form.get('disabled') === 'true';
  if (userId === auth.user.id) done('self');
  await withTransaction(getPool(), async (client) => {
    if (!(await isMember(client, userId, auth.organisation.id))) return;
    const wasDisabled = await isUserDisabled(client, userId);
    await setUserDisabled(client, userId, disabled);
    const member = await memberOf(client, userId);
    await recordAudit(client, { organisationId: auth.organisation.id, userId: auth.user.id, action: disabled ? 'user.disable' : 'user.enable', entity: 'app_user', entityId: userId, before: { ...member, disabled: wasDisabled }, after: { ...member, disabled } });
  });
  done('saved');
}

/** Sets which buildings a facility-staff member may upload for. */
export async function setAssignmentsAction(form: FormData): Promise<void> {
  const auth = await requireActionAuth(ADMIN);
  const userId = uuid.parse(form.get('userId'));
  const buildingIds = z.array(uuid).max(5000).parse(form.getAll('buildingIds'));
  await withTransaction(getPool(), async (client) => {
    if (!(await isMember(client, userId, auth.organisation.id))) return;
    const change = await setBuildingAssignments(client, userId, auth.organisation.id, buildingIds);
    await recordAudit(client, { organisationId: auth.organisation.id, userId: auth.user.id, action: 'assignment.change', entity: 'building_assignment', entityId: userId, before: change.before, after: change.after });
  });
  done('saved');
}
