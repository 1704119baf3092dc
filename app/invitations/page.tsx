import Link from 'next/link';
import { getLocale, getTimeZone, getTranslations } from 'next-intl/server';
import { requireSignedInPage } from '@/lib/auth/current';
import { accountNotices, pendingInvitations } from '@/lib/auth/invitations';
import { getPool } from '@/lib/db/pool';
import { acceptInvitationAction, declineInvitationAction } from './actions';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The signed-in account's invitations into organisations (no access until accepted) and its own notices. */
export default async function InvitationsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireSignedInPage('/invitations');
  const [t, ta, locale, sp] = await Promise.all([getTranslations('auth.invitations'), getTranslations('auth'), getLocale(), searchParams]);
  const pool = getPool();
  const [invitations, notices] = await Promise.all([pendingInvitations(pool, user.id), accountNotices(pool, user.id)]);
  const result = typeof sp.result === 'string' && ['accepted', 'declined', 'gone'].includes(sp.result) ? sp.result : null;
  const date = new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', { dateStyle: 'short', timeStyle: 'short', timeZone: await getTimeZone() });
  return (
    <div className="page" style={{ maxWidth: '44rem' }}>
      <h1>{t('title')}</h1>
      {result && <p role="status">{t(`result.${result}`)}</p>}
      {invitations.length === 0 ? <p>{t('none')}</p> : <p className="lead">{t('lead')}</p>}
      <ul style={{ listStyle: 'none', padding: 0, display: 'grid', gap: '.8rem' }}>
        {invitations.map((inv) => (
          <li key={inv.organisationId} className="notice" data-testid="invitation">
            <p>{t('item', { organisation: inv.organisationName, role: ta(`roles.${inv.role}`) })}</p>
            <div style={{ display: 'flex', gap: '.5rem' }}>
              <form action={acceptInvitationAction}>
                <input type="hidden" name="organisationId" value={inv.organisationId} />
                <button type="submit" className="button button--primary">{t('accept')}</button>
              </form>
              <form action={declineInvitationAction}>
                <input type="hidden" name="organisationId" value={inv.organisationId} />
                <button type="submit" className="button">{t('decline')}</button>
              </form>
            </div>
          </li>
        ))}
      </ul>
      {notices.length > 0 && (
        <>
          <h2>{t('noticesTitle')}</h2>
          <ul>
            {notices.map((n, i) => (
              <li key={i}>{date.format(n.at)} — {t(`notice.${n.action.replace('membership.', '')}` as 'notice.invite', { organisation: n.after?.organisation ?? '?', role: n.after?.role ? ta(`roles.${n.after.role}`) : '' })}</li>
            ))}
          </ul>
        </>
      )}
      <p><Link href="/">{t('home')}</Link></p>
    </div>
  );
}
