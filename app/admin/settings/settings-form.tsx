'use client';

import { useTranslations } from 'next-intl';
import { startTransition, useActionState } from 'react';
import type { ImportCheckRule } from '@/lib/organisations/import-check-rules';
import type { ImportChecks } from '@/lib/organisations/settings';
import { saveSettingsAction, type SaveSettingsState } from './actions';

interface Props {
  timeZone: string;
  importChecks: ImportChecks;
  defaults: { timeZone: string; importChecks: ImportChecks };
  zones: readonly string[];
  rules: readonly ImportCheckRule[];
}

const SEVERITIES = ['error', 'warning', 'off'] as const;

/** The time zone and, per plausibility rule, its handling and limits; saved in one go. */
export function SettingsForm({ timeZone, importChecks, defaults, zones, rules }: Props) {
  const t = useTranslations('admin.settings');
  const [state, action, pending] = useActionState<SaveSettingsState, FormData>(saveSettingsAction, { saved: false });
  const invalid = new Set(state.invalid ?? []);
  const bad = (name: string) => (invalid.has(name) ? { 'aria-invalid': true as const, 'aria-describedby': 'settings-invalid' } : {});
  const describe = (r: ImportCheckRule) => {
    const d = defaults.importChecks;
    const parts = [t(`severity.${d[r.severity]}`), ...r.params.map((p) => `${t(`params.${p}`)} ${d[p]}`)];
    if (r.code === 'sentinel_value') parts.push(d.sentinelValues.join(' '));
    return parts.join(', ');
  };
  return (
    // Submitted by hand, not through `action`: React resets a form after its action, which would throw away the
    // values the user typed when some of them are refused.
    <form
      className="settings-form"
      data-testid="settings-form"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        startTransition(() => action(data));
      }}
    >
      <fieldset>
        <legend>{t('timeZone.legend')}</legend>
        <label style={{ display: 'grid', maxWidth: '24rem' }}>
          {t('timeZone.label')}
          <select name="timeZone" defaultValue={timeZone} {...bad('timeZone')}>
            {zones.map((z) => <option key={z} value={z}>{z}</option>)}
          </select>
        </label>
        <p className="hint">{t('timeZone.hint', { zone: defaults.timeZone })}</p>
      </fieldset>

      <fieldset>
        <legend>{t('checks.legend')}</legend>
        <p className="hint">{t('checks.lead')}</p>
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr><th scope="col">{t('checks.rule')}</th><th scope="col">{t('checks.severity')}</th><th scope="col">{t('checks.limits')}</th><th scope="col">{t('checks.default')}</th></tr>
            </thead>
            <tbody>
              {rules.map((r) => (
                <tr key={r.code}>
                  <th scope="row">{t(`rules.${r.code}`)}<br /><code className="hint">{r.code}</code></th>
                  <td>
                    <select name={r.severity} defaultValue={importChecks[r.severity]} aria-label={t('checks.severityOf', { rule: t(`rules.${r.code}`) })} {...bad(r.severity)}>
                      {SEVERITIES.map((s) => <option key={s} value={s}>{t(`severity.${s}`)}</option>)}
                    </select>
                  </td>
                  <td>
                    {r.params.map((p) => (
                      <label key={p} style={{ display: 'grid' }}>
                        {t(`params.${p}`)}
                        <input name={p} inputMode="decimal" defaultValue={String(importChecks[p])} size={8} {...bad(p)} />
                      </label>
                    ))}
                    {r.code === 'sentinel_value' && (
                      <label style={{ display: 'grid' }}>
                        {t('params.sentinelValues')}
                        <input name="sentinelValues" defaultValue={importChecks.sentinelValues.join(' ')} {...bad('sentinelValues')} />
                      </label>
                    )}
                  </td>
                  <td>{describe(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </fieldset>

      <button type="submit" className="button button--primary" disabled={pending}>{t('save')}</button>
      {state.invalid && state.invalid.length > 0 && <p id="settings-invalid" className="notice" role="alert">{t('invalid')}</p>}
      {state.saved && (
        <p className="notice" role="status" data-testid="settings-saved">
          {t('saved')}{state.zoneChanged && <> {t('zoneChanged')}</>}
        </p>
      )}
    </form>
  );
}
