import { getLocale, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { listAudit } from '@/lib/audit/list';
import { requirePageAuth } from '@/lib/auth/current';
import { rolesWith } from '@/lib/auth/roles';
import { getPool } from '@/lib/db/pool';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const ENTITIES = ['import_job', 'scenario', 'membership', 'app_user', 'building_assignment', 'ingest_token', 'organisation', 'building'];

/** The audit log: who did what and when, with before/after, newest first, 100 per page. */
export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const auth = await requirePageAuth(rolesWith('audit:read'), '/admin/audit');
  const [t, locale, sp] = await Promise.all([getTranslations('admin.audit'), getLocale(), searchParams]);
  const entity = typeof sp.entity === 'string' && ENTITIES.includes(sp.entity) ? sp.entity : undefined;
  const beforeId = typeof sp.before === 'string' && /^\d{1,18}$/.test(sp.before) ? sp.before : undefined;
  const rows = await listAudit(getPool(), auth.organisation.id, { entity, beforeId, limit: 100 });
  const date = new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Europe/Copenhagen' });
  const json = (v: unknown) => (v == null ? '' : JSON.stringify(v, null, 1));
  return (
    <div className="page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <form method="get" style={{ display: 'flex', gap: '.5rem', alignItems: 'end' }}>
        <label style={{ display: 'grid' }}>{t('entity')}
          <select name="entity" defaultValue={entity ?? ''}>
            <option value="">{t('all')}</option>
            {ENTITIES.map((e) => <option key={e} value={e}>{e}</option>)}
          </select>
        </label>
        <button type="submit" className="button">{t('filter')}</button>
      </form>
      <table className="data-table" style={{ marginTop: '1rem' }}>
        <thead><tr><th scope="col">{t('at')}</th><th scope="col">{t('who')}</th><th scope="col">{t('action')}</th><th scope="col">{t('what')}</th><th scope="col">{t('change')}</th></tr></thead>
        <tbody>
          {rows.length === 0 && <tr><td colSpan={5}>{t('none')}</td></tr>}
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{date.format(r.at)}</td>
              <td>{r.userName ? `${r.userName} (${r.userEmail})` : t('system')}</td>
              <td><code>{r.action}</code></td>
              <td>{r.entity}{r.entityId ? <> <code style={{ fontSize: '.8rem' }}>{r.entityId}</code></> : null}</td>
              <td>
                {(r.before != null || r.after != null) && (
                  <details>
                    <summary>{t('show')}</summary>
                    {r.before != null && <><strong>{t('before')}</strong><pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{json(r.before)}</pre></>}
                    {r.after != null && <><strong>{t('after')}</strong><pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{json(r.after)}</pre></>}
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 100 && (
        <p><Link href={`/admin/audit?${new URLSearchParams({ ...(entity ? { entity } : {}), before: rows[rows.length - 1].id })}`}>{t('older')}</Link></p>
      )}
    </div>
  );
}
