import { getLocale, getTimeZone, getTranslations } from 'next-intl/server';
import { requirePageAuth } from '@/lib/auth/current';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/password';
import { ROLES } from '@/lib/auth/roles';
import { listMembers } from '@/lib/auth/users';
import { getPool } from '@/lib/db/pool';
import { listBuildingAssignments, listBuildingsForAssignment } from '@/lib/buildings/building-lists';
import { ConfirmSubmit } from '../../_components/confirm-submit';
import { changeRoleAction, createUserAction, removeMemberAction, setAssignmentsAction, setDisabledAction } from './actions';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Users and roles of the organisation, and which buildings facility staff upload for. */
export default async function UsersPage({ searchParams }: { searchParams: SearchParams }) {
  const auth = await requirePageAuth(['admin'], '/admin/users');
  const [t, ta, locale, sp] = await Promise.all([getTranslations('admin'), getTranslations('auth'), getLocale(), searchParams]);
  const pool = getPool();
  const members = await listMembers(pool, auth.organisation.id);
  const [buildings, assignments] = await Promise.all([listBuildingsForAssignment(pool, auth.organisation.id), listBuildingAssignments(pool, auth.organisation.id)]);
  const result = typeof sp.result === 'string' ? sp.result : null;
  const date = new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', { dateStyle: 'short', timeZone: await getTimeZone() });
  return (
    <div className="page">
      <h1>{t('users.title')}</h1>
      {result && ['created', 'saved', 'removed', 'invalid', 'self', 'invited'].includes(result) && <p role="status" className={result === 'invalid' || result === 'self' ? 'notice' : undefined}>{t(`users.result.${result}`)}</p>}
      <table className="data-table">
        <caption className="hint" style={{ textAlign: 'left' }}>{t('users.caption', { organisation: auth.organisation.name })}</caption>
        <thead><tr><th scope="col">{t('users.name')}</th><th scope="col">{t('users.email')}</th><th scope="col">{t('users.role')}</th><th scope="col">{t('users.created')}</th><th scope="col">{t('users.status')}</th><th scope="col">{t('users.actions')}</th></tr></thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id}>
              <td>{m.name}</td>
              <td>{m.email}</td>
              <td>
                <form action={changeRoleAction} style={{ display: 'flex', gap: '.3rem' }}>
                  <input type="hidden" name="userId" value={m.id} />
                  <select name="role" defaultValue={m.role} aria-label={t('users.roleOf', { name: m.name })}>
                    {ROLES.map((r) => <option key={r} value={r}>{ta(`roles.${r}`)}</option>)}
                  </select>
                  <button type="submit" className="button">{t('save')}</button>
                </form>
              </td>
              <td>{date.format(m.createdAt)}</td>
              <td>{m.pending ? t('users.pending') : m.disabledAt ? t('users.disabled') : t('users.active')}</td>
              <td style={{ display: 'flex', gap: '.3rem' }}>
                {m.id !== auth.user.id && (
                  <>
                    <form action={setDisabledAction}>
                      <input type="hidden" name="userId" value={m.id} />
                      <input type="hidden" name="disabled" value={m.disabledAt ? 'false' : 'true'} />
                      {m.disabledAt
                        ? <button type="submit" className="button">{t('users.enable')}</button>
                        : <ConfirmSubmit label={t('users.disable')} question={t('users.disableQuestion', { name: m.name })} />}
                    </form>
                    <form action={removeMemberAction}>
                      <input type="hidden" name="userId" value={m.id} />
                      <ConfirmSubmit label={t('users.remove')} question={t('users.removeQuestion', { name: m.name })} />
                    </form>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {members.filter((m) => m.role === 'facility_staff').map((m) => {
        const assigned = new Set(assignments.filter((a) => a.user_id === m.id).map((a) => a.building_id));
        return (
          <form key={m.id} action={setAssignmentsAction} style={{ marginTop: '1.5rem' }}>
            <h2>{t('users.assignmentsOf', { name: m.name })}</h2>
            <input type="hidden" name="userId" value={m.id} />
            <label style={{ display: 'grid', gap: '.25rem', maxWidth: '36rem' }}>
              {t('users.assignmentsHint', { count: assigned.size })}
              <select name="buildingIds" multiple size={8} defaultValue={[...assigned]}>
                {buildings.map((b) => <option key={b.id} value={b.id}>{b.name} ({b.registry_id})</option>)}
              </select>
            </label>
            <button type="submit" className="button" style={{ marginTop: '.5rem' }}>{t('save')}</button>
          </form>
        );
      })}

      <h2 style={{ marginTop: '2rem' }}>{t('users.new')}</h2>
      <form action={createUserAction} style={{ display: 'grid', gap: '.6rem', maxWidth: '28rem' }}>
        <label style={{ display: 'grid' }}>{t('users.email')}<input name="email" type="email" required autoComplete="off" /></label>
        <label style={{ display: 'grid' }}>{t('users.name')}<input name="name" required autoComplete="off" /></label>
        <label style={{ display: 'grid' }}>{t('users.initialPassword', { min: MIN_PASSWORD_LENGTH })}<input name="password" type="password" minLength={MIN_PASSWORD_LENGTH} required autoComplete="new-password" /></label>
        <label style={{ display: 'grid' }}>{t('users.role')}
          <select name="role" defaultValue="viewer">{ROLES.map((r) => <option key={r} value={r}>{ta(`roles.${r}`)}</option>)}</select>
        </label>
        <button type="submit" className="button button--primary">{t('users.create')}</button>
      </form>
    </div>
  );
}
