'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { requireActionAuth } from '@/lib/auth/current';
import { switchActiveOrganisation } from '@/lib/auth/organisation-switch';
import { ROLES } from '@/lib/auth/roles';
import { getPool } from '@/lib/db/pool';

/**
 * Header form action: makes another of the user's organisations this session's active one (audited), then opens
 * the home page, since the page the user was on belongs to the organisation they left.
 */
export async function switchOrganisationAction(form: FormData): Promise<void> {
  const auth = await requireActionAuth(ROLES);
  const target = z.string().uuid().safeParse(form.get('organisationId'));
  const result = target.success ? await switchActiveOrganisation(getPool(), auth, target.data) : 'not_a_member';
  // The header sits in the root layout, which the client router would otherwise keep from before the switch.
  if (result === 'switched') revalidatePath('/', 'layout');
  redirect(result === 'not_a_member' ? '/?organisation=refused' : '/');
}
