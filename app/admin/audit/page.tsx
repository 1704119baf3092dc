import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { changeLines } from '@/lib/audit/change';
import { AUDIT_ENTITIES, auditActors, auditFilterFromParams, auditFilterParams, auditNeighbours, danishTime, listAudit } from '@/lib/audit/list';
import { AUDIT_ACTIONS } from '@/lib/audit/record';
import { requirePageAuth } from '@/lib/auth/current';
import { isRole, rolesWith } from '@/lib/auth/roles';
import { getPool } from '@/lib/db/pool';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const PAGE_SIZE = 50;
const SCENARIO_STATUSES = ['draft', 'proposed', 'approved', 'rejected'];

/**
 * The audit log (administrators and property managers): who did what and when, filtered by action, user, type
 * and Danish calendar days, 50 per page both ways, exportable as CSV under the same filters. Role changes,
 * removals and disabling show before → after in the row; the full before/after JSON is one click away.
 */
export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const auth = await requirePageAuth(rolesWith('audit:read'), '/admin/audit');
  const [t, ta, ts, sp] = await Promise.all([getTranslations('admin.audit'), getTranslations('auth'), getTranslations('scenarios'), searchParams]);
  const param = (name: string) => (typeof sp[name] === 'string' ? (sp[name] as string) : undefined);
  const filter = auditFilterFromParams(param, AUDIT_ACTIONS, AUDIT_ENTITIES);
  const id = (v: string | undefined) => (v && /^\d{1,18}$/.test(v) ? v : undefined);
  const pool = getPool();
  const [rows, actors] = await Promise.all([
    listAudit(pool, auth.organisation.id, { ...filter, beforeId: id(param('before')), afterId: id(param('after')), limit: PAGE_SIZE }),
    auditActors(pool, auth.organisation.id),
  ]);
  const paging = await auditNeighbours(pool, auth.organisation.id, filter, rows[0]?.id ?? null, rows.at(-1)?.id ?? null);
  const filterParams = auditFilterParams(filter);
  const link = (extra: Record<string, string>) => `/admin/audit?${new URLSearchParams({ ...filterParams, ...extra })}`;
  const exportHref = `/api/audit/export?${new URLSearchParams(filterParams)}`;

  const json = (v: unknown) => (v == null ? '' : JSON.stringify(v, null, 1));
  const fieldLabel = (f: string) => (t.has(`field.${f}`) ? t(`field.${f}` as 'field.role') : f);
  const valueText = (field: string, v: unknown): string => {
    if (v === null || v === undefined) return t('nothing');
    if (field === 'role' && isRole(v)) return ta(`roles.${v}`);
    if (field === 'status' && typeof v === 'string' && SCENARIO_STATUSES.includes(v)) return ts(`status.${v as 'draft'}`);
    if (typeof v === 'boolean') return v ? t('yes') : t('no');
    if (Array.isArray(v)) return String(v.length);
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
  const actionLabel = (a: string) => (t.has(`actions.${a}`) ? t(`actions.${a}` as 'actions.import.create') : a);
  const entityLabel = (e: string) => (t.has(`entities.${e}`) ? t(`entities.${e}` as 'entities.scenario') : e);

  return (
    <div className="page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')} {t('timesNote')}</p>
      <form method="get" className="audit-filter" style={{ display: 'flex', flexWrap: 'wrap', gap: '.75rem', alignItems: 'end' }} data-testid="audit-filter">
        <label style={{ display: 'grid' }}>{t('actionLabel')}
          <select name="action" defaultValue={filter.action ?? ''}>
            <option value="">{t('all')}</option>
            {AUDIT_ACTIONS.map((a) => <option key={a} value={a}>{actionLabel(a)}</option>)}
          </select>
        </label>
        <label style={{ display: 'grid' }}>{t('user')}
          <select name="user" defaultValue={filter.userId ?? ''}>
            <option value="">{t('all')}</option>
            {actors.map((u) => <option key={u.id} value={u.id}>{u.name} ({u.email})</option>)}
          </select>
        </label>
        <label style={{ display: 'grid' }}>{t('entity')}
          <select name="entity" defaultValue={filter.entity ?? ''}>
            <option value="">{t('all')}</option>
            {AUDIT_ENTITIES.map((e) => <option key={e} value={e}>{entityLabel(e)}</option>)}
          </select>
        </label>
        <label style={{ display: 'grid' }}>{t('from')}
          <input type="date" name="from" defaultValue={filter.fromDay ?? ''} />
        </label>
        <label style={{ display: 'grid' }}>{t('to')}
          <input type="date" name="to" defaultValue={filter.toDay ?? ''} />
        </label>
        <button type="submit" className="button">{t('filter')}</button>
        <Link href="/admin/audit">{t('reset')}</Link>
        <a href={exportHref} className="button" download data-testid="audit-export">{t('export')}</a>
      </form>
      <table className="data-table" style={{ marginTop: '1rem' }} data-testid="audit-table">
        <thead><tr><th scope="col">{t('at')}</th><th scope="col">{t('who')}</th><th scope="col">{t('action')}</th><th scope="col">{t('what')}</th><th scope="col">{t('change')}</th></tr></thead>
        <tbody>
          {rows.length === 0 && <tr><td colSpan={5}>{t('none')}</td></tr>}
          {rows.map((r) => {
            const lines = changeLines(r.before, r.after).filter((l) => !(l.field === 'email' || l.field === 'name') || r.after == null || r.before == null);
            return (
              <tr key={r.id} data-audit-id={r.id} data-action={r.action}>
                <td style={{ whiteSpace: 'nowrap' }}><time dateTime={r.at.toISOString()}>{danishTime(r.at)}</time></td>
                <td>{r.userName ? <>{r.userName}<br /><small>{r.userEmail}</small></> : t('system')}</td>
                <td>{actionLabel(r.action)}<br /><code style={{ fontSize: '.75rem' }}>{r.action}</code></td>
                <td>
                  {entityLabel(r.entity)}
                  {r.subjectName ? <><br /><span data-testid="audit-subject">{r.subjectName} <small>({r.subjectEmail})</small></span></> : r.entityId ? <><br /><code style={{ fontSize: '.75rem' }}>{r.entityId}</code></> : null}
                </td>
                <td>
                  {lines.length > 0 && (
                    <ul className="audit-change" style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="audit-change">
                      {lines.map((l) => (
                        <li key={l.field}>
                          {fieldLabel(l.field)}: <del>{valueText(l.field, l.before)}</del> → <ins>{r.after == null ? t('removed') : valueText(l.field, l.after)}</ins>
                        </li>
                      ))}
                    </ul>
                  )}
                  {(r.before != null || r.after != null) && (
                    <details>
                      <summary>{t('show')}</summary>
                      {r.before != null && <><strong>{t('before')}</strong><pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{json(r.before)}</pre></>}
                      {r.after != null && <><strong>{t('after')}</strong><pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{json(r.after)}</pre></>}
                    </details>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <nav aria-label={t('title')} style={{ display: 'flex', gap: '1rem', marginTop: '1rem' }} data-testid="audit-paging">
        {paging.newer && <Link href={link({})}>{t('newest')}</Link>}
        {paging.newer && <Link href={link({ after: rows[0].id })} rel="prev">{t('newer')}</Link>}
        {paging.older && <Link href={link({ before: rows.at(-1)!.id })} rel="next">{t('older')}</Link>}
      </nav>
    </div>
  );
}
