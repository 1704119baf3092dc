'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { requireActionAuth } from '@/lib/auth/current';
import { switchActiveOrganisation } from '@/lib/auth/organisation-switch';
import { ROLES } from '@/lib/auth/roles';
import { getPool } from '@/lib/db/pool';

/**
 * Header form action: makes another of the user's organisations this session's active one (audited), then opens
 * the home page, since the page the user was on belongs to the organisation they left. (Every page is rendered
 * per request, so the redirect shows the new organisation everywhere, header included.)
 */
export async function switchOrganisationAction(form: FormData): Promise<void> {
  const auth = await requireActionAuth(ROLES);
  const target = z.string().uuid().safeParse(form.get('organisationId'));
  const result = target.success ? await switchActiveOrganisation(getPool(), auth, target.data) : 'not_a_member';
  redirect(result === 'not_a_member' ? '/?organisation=refused' : '/');
}
