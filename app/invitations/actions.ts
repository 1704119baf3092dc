'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { requireSignedInAction } from '@/lib/auth/current';
import { respondToInvitation } from '@/lib/auth/invitations';
import { getPool } from '@/lib/db/pool';

// The account answers its own invitations (any signed-in account, with or without a role yet). The organisation
// comes from the form but is only ever matched against the signed-in account's own pending memberships.

async function answer(form: FormData, accept: boolean): Promise<never> {
  const user = await requireSignedInAction();
  const organisationId = z.string().uuid().safeParse(form.get('organisationId'));
  const ok = organisationId.success && (await respondToInvitation(getPool(), user.id, organisationId.data, accept));
  revalidatePath('/', 'layout');
  redirect(`/invitations?result=${ok ? (accept ? 'accepted' : 'declined') : 'gone'}`);
}

/** Accepts an invitation: the membership gives access from the next request. */
export async function acceptInvitationAction(form: FormData): Promise<void> {
  await answer(form, true);
}

/** Declines an invitation: the membership row goes. */
export async function declineInvitationAction(form: FormData): Promise<void> {
  await answer(form, false);
}
