import type { Pool } from 'pg';
import { recordAudit } from '@/lib/audit/record';
import { withTransaction } from '@/lib/db/pool';
import type { AuthContext } from './types';

// The header's organisation switcher: a user with memberships in several organisations chooses which one this
// session works in. Stored on the session row (auth_session.active_organisation_id), never trusted from the
// browser: the membership is checked here and again on every request (lib/auth/session.ts, used by withAuth,
// requirePageAuth and requireActionAuth).

export type SwitchResult = 'switched' | 'unchanged' | 'not_a_member';

/**
 * Makes `organisationId` the session's active organisation if the user is a member of it. Audited in both
 * organisations, each entry naming only its own organisation (one organisation's audit log says nothing about
 * which other organisations the user belongs to).
 */
export async function switchActiveOrganisation(pool: Pool, auth: AuthContext, organisationId: string): Promise<SwitchResult> {
  if (organisationId === auth.organisation.id) return 'unchanged';
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ role: string }>('SELECT role FROM membership WHERE user_id = $1 AND organisation_id = $2 AND accepted_at IS NOT NULL AND disabled_at IS NULL', [auth.user.id, organisationId]);
    if (!rows[0]) return 'not_a_member';
    const updated = await client.query('UPDATE auth_session SET active_organisation_id = $1, updated_at = now() WHERE id = $2 AND user_id = $3', [organisationId, auth.sessionId, auth.user.id]);
    if (updated.rowCount !== 1) return 'not_a_member';
    const common = { userId: auth.user.id, action: 'session.switch_organisation' as const, entity: 'auth_session', entityId: auth.sessionId };
    await recordAudit(client, { ...common, organisationId: auth.organisation.id, before: { active: true, role: auth.role }, after: { active: false, role: auth.role } });
    await recordAudit(client, { ...common, organisationId, before: { active: false, role: rows[0].role }, after: { active: true, role: rows[0].role } });
    return 'switched';
  });
}
