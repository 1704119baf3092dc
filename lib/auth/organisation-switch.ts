import { recordAudit } from '@/lib/audit/record';
import { inTransaction, type Database } from '@/lib/db/prisma';
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
export async function switchActiveOrganisation(db: Database, auth: AuthContext, organisationId: string): Promise<SwitchResult> {
  if (organisationId === auth.organisation.id) return 'unchanged';
  return inTransaction(db, async (tx) => {
    const member = await tx.membership.findFirst({ where: { userId: auth.user.id, organisationId, acceptedAt: { not: null }, disabledAt: null }, select: { role: true } });
    if (!member) return 'not_a_member';
    // The session row is better-auth's; active_organisation_id is the app's own column on it.
    const updated = await tx.authSession.updateMany({ where: { id: auth.sessionId, userId: auth.user.id }, data: { activeOrganisationId: organisationId, updatedAt: new Date() } });
    if (updated.count !== 1) return 'not_a_member';
    const common = { userId: auth.user.id, action: 'session.switch_organisation' as const, entity: 'auth_session', entityId: auth.sessionId };
    await recordAudit(tx, { ...common, organisationId: auth.organisation.id, before: { active: true, role: auth.role }, after: { active: false, role: auth.role } });
    await recordAudit(tx, { ...common, organisationId, before: { active: false, role: member.role }, after: { active: true, role: member.role } });
    return 'switched';
  });
}
