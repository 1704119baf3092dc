import { getLocale, getTimeZone, getTranslations } from 'next-intl/server';
import { requirePageAuth } from '@/lib/auth/current';
import { getPool } from '@/lib/db/pool';
import { listIngestTokens } from '@/lib/imports/ingest-token';
import { ConfirmSubmit } from '../../_components/confirm-submit';
import { revokeTokenAction } from './actions';
import { CreateTokenForm } from './create-token-form';

export const dynamic = 'force-dynamic';

/** The organisation's ingest API tokens: create (shown once), see when created and revoked, revoke. */
export default async function TokensPage() {
  const auth = await requirePageAuth(['admin'], '/admin/tokens');
  const [t, locale] = await Promise.all([getTranslations('admin.tokens'), getLocale()]);
  const rows = await listIngestTokens(getPool(), auth.organisation.id);
  const date = new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', { dateStyle: 'short', timeStyle: 'short', timeZone: await getTimeZone() });
  return (
    <div className="page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <CreateTokenForm />
      <table className="data-table" style={{ marginTop: '1.5rem' }}>
        <thead><tr><th scope="col">{t('name')}</th><th scope="col">{t('created')}</th><th scope="col">{t('status')}</th><th scope="col">{t('actions')}</th></tr></thead>
        <tbody>
          {rows.length === 0 && <tr><td colSpan={4}>{t('none')}</td></tr>}
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{r.name}</td>
              <td>{date.format(r.createdAt)}</td>
              <td>{r.revokedAt ? t('revokedAt', { at: date.format(r.revokedAt) }) : t('active')}</td>
              <td>
                {!r.revokedAt && (
                  <form action={revokeTokenAction}>
                    <input type="hidden" name="tokenId" value={r.id} />
                    <ConfirmSubmit label={t('revoke')} question={t('revokeQuestion', { name: r.name })} />
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
