'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record';
import { requireActionAuth } from '@/lib/auth/current';
import { getPool } from '@/lib/db/pool';
import { inTransaction } from '@/lib/db/prisma';
import { createIngestToken, revokeIngestToken } from '@/lib/imports/ingest-token';

// Ingest API tokens (administrators only). The token text is returned once, to the form that asked for it.

export interface CreateTokenState {
  token: string | null;
  name?: string;
  error?: 'invalid';
}

/** Creates a token for the organisation; the response carries it once, only its hash is stored. */
export async function createTokenAction(_previous: CreateTokenState, form: FormData): Promise<CreateTokenState> {
  const auth = await requireActionAuth(['admin']);
  const name = z.string().trim().min(1).max(100).safeParse(form.get('name'));
  if (!name.success) return { token: null, error: 'invalid' };
  const created = await inTransaction(getPool(), async (tx) => {
    const t = await createIngestToken(tx, auth.organisation.id, name.data);
    await recordAudit(tx, { organisationId: auth.organisation.id, userId: auth.user.id, action: 'token.create', entity: 'ingest_token', entityId: t.id, after: { name: name.data } });
    return t;
  });
  revalidatePath('/admin/tokens');
  return { token: created.token, name: name.data };
}

/** Revokes a token of the organisation; it stops working at once. */
export async function revokeTokenAction(form: FormData): Promise<void> {
  const auth = await requireActionAuth(['admin']);
  const id = z.string().uuid().parse(form.get('tokenId'));
  await inTransaction(getPool(), async (tx) => {
    if (await revokeIngestToken(tx, auth.organisation.id, id)) {
      await recordAudit(tx, { organisationId: auth.organisation.id, userId: auth.user.id, action: 'token.revoke', entity: 'ingest_token', entityId: id });
    }
  });
  revalidatePath('/admin/tokens');
}
