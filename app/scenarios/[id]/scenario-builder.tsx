'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { formatNumber, formatPercent } from '@/lib/format/number';
import type { Locale } from '@/lib/i18n/config';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { StoredScenario } from '@/lib/scenarios/scenario-store';
import { withDefaultActions } from '@/lib/scenarios/default-action';
import { scenarioGeo } from '@/lib/scenarios/scenario-geo';
import { ACTION_KINDS, type ActionKind, type ScenarioAction, type ScenarioBuilding, type ScenarioOutcome, type ScenarioParams } from '@/lib/scenarios/types';
import { ConfirmSubmit } from '../../_components/confirm-submit';
import { OutcomeFigures } from '../outcome-figures';
import { ScenarioMap, ScenarioMapLegend } from '../_map/scenario-map';
import { BuildingPicker } from './building-picker';
import './builder.css';

/** How long the builder waits after the last change before saving it (typing a number is several changes). */
const AUTOSAVE_DELAY_MS = 400;
type SaveState = 'saved' | 'pending' | 'saving' | 'invalid' | 'failed';

const PARAM_KEYS: (keyof ScenarioParams)[] = [
  'movingCostPerUserDkk', 'refurbishCostPerM2Dkk', 'salePricePerM2Dkk', 'rentIncomePerM2Dkk', 'energyKwhPerM2Year',
  'emissionKgCo2PerKwh', 'backlogSpreadYears', 'peakUtilisationCeiling', 'maxAddedTravelKm',
];

const sharesValid = (a: ScenarioAction) =>
  (a.action !== 'merge' && a.action !== 'share' && a.receivers.length === 0) ||
  (a.receivers.length > 0 && Math.abs(a.receivers.reduce((s, r) => s + r.share, 0) - 1) < 1e-6 && a.receivers.every((r) => r.buildingId));

// Edits a draft's actions and assumptions; every change re-simulates through the API so the outcome stays live.
export function ScenarioBuilder({ scenario, portfolio, canWrite = false }: { scenario: StoredScenario; portfolio: ScenarioBuilding[]; canWrite?: boolean }) {
  const t = useTranslations('scenarios');
  const tm = useTranslations('scenarios.maps');
  const locale = useLocale() as Locale;
  // Warning values: shares (peak after the move, confidence) as da-DK percentages, counts as numbers.
  const warningValue = (code: string, v: number | undefined) =>
    v === undefined ? '' : code === 'receiver_over_ceiling' || code === 'low_confidence' ? formatPercent(v, locale) : formatNumber(v, locale);
  const buildings = portfolio;
  const router = useRouter();
  // Viewers (politicians) read; only writers edit a draft, move its status or delete it.
  const editable = canWrite && scenario.status === 'draft';
  const [actions, setActions] = useState<ScenarioAction[]>(scenario.actions);
  const [params, setParams] = useState<ScenarioParams>(scenario.params);
  const [outcome, setOutcome] = useState<ScenarioOutcome | null>(scenario.result);
  const [message, setMessage] = useState<string | null>(null);
  const request = useRef(0);
  const names = new Map(buildings.map((b) => [b.id, b.name]));
  // Every change is saved as it is made (debounced); until it is, leaving the page asks first.
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  function scheduleSave(nextActions: ScenarioAction[], nextParams: ScenarioParams) {
    if (!editable) return;
    if (saveTimer.current) clearTimeout(saveTimer.current);
    if (!nextActions.every(sharesValid)) {
      setSaveState('invalid');
      return;
    }
    setSaveState('pending');
    saveTimer.current = setTimeout(async () => {
      setSaveState('saving');
      const response = await fetch(`/api/scenarios/${scenario.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ actions: nextActions, params: nextParams }) }).catch(() => null);
      if (response?.ok) {
        setSaveState('saved');
        setSavedAt(new Date());
      } else {
        setSaveState('failed');
        setMessage((await response?.json().catch(() => null))?.error?.message ?? t('builder.saveFailed'));
      }
    }, AUTOSAVE_DELAY_MS);
  }
  useEffect(() => {
    if (saveState === 'saved') return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [saveState]);

  async function simulate(nextActions: ScenarioAction[], nextParams: ScenarioParams) {
    if (!nextActions.every(sharesValid)) return;
    const mine = ++request.current;
    const response = await fetch('/api/scenarios/simulate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ actions: nextActions, params: nextParams }) });
    if (response.ok && mine === request.current) setOutcome((await response.json()).outcome);
  }
  function changeActions(next: ScenarioAction[]) {
    setActions(next);
    setMessage(null);
    scheduleSave(next, params);
    void simulate(next, params);
  }
  function changeParam(key: keyof ScenarioParams, value: number) {
    const next = { ...params, [key]: value };
    setParams(next);
    scheduleSave(actions, next);
    void simulate(actions, next);
  }
  // A building picked from the map or the list gets its default action (merge into the nearest same-category
  // building with room, else close), as when it is added from the map page or the ranking.
  const addBuilding = (id: string) => {
    if (!editable || actions.some((a) => a.buildingId === id)) return;
    changeActions(withDefaultActions(portfolio, actions, [id], params).actions);
  };
  const geo = useMemo(() => scenarioGeo(portfolio, actions), [portfolio, actions]);
  const update = (i: number, patch: Partial<ScenarioAction>) => changeActions(actions.map((a, k) => (k === i ? { ...a, ...patch } : a)));
  function setKind(i: number, kind: ActionKind) {
    const needsReceiver = kind === 'merge' || kind === 'share';
    update(i, { action: kind, receivers: needsReceiver ? (actions[i].receivers.length ? actions[i].receivers : [{ buildingId: '', share: 1 }]) : [] });
  }
  const setReceiver = (i: number, k: number, patch: Partial<{ buildingId: string; share: number }>) =>
    update(i, { receivers: actions[i].receivers.map((r, j) => (j === k ? { ...r, ...patch } : r)) });

  async function setStatus(status: string) {
    const response = await fetch(`/api/scenarios/${scenario.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status }) });
    if (!response.ok) setMessage((await response.json()).error?.message);
    router.refresh();
  }

  async function remove() {
    const response = await fetch(`/api/scenarios/${scenario.id}`, { method: 'DELETE' });
    if (!response.ok) {
      setMessage((await response.json().catch(() => null))?.error?.message ?? t('builder.deleteFailed'));
      return;
    }
    router.push('/scenarios');
    router.refresh();
  }

  const used = new Set(actions.map((a) => a.buildingId));
  const receiverLabel = (b: ScenarioBuilding) =>
    `${b.name} · ${formatNumber(Math.round(b.grossAreaM2), locale)} m² · ${t('picker.score', { score: b.combinedScore == null ? '–' : formatNumber(Math.round(b.combinedScore), locale) })}`;
  const invalid = actions.filter((a) => !sharesValid(a));
  return (
    <>
      <p className="scenario-toolbar">
        {canWrite && scenario.status === 'draft' && <button className="button" type="button" onClick={() => setStatus('proposed')}>{t('builder.propose')}</button>}
        {canWrite && scenario.status === 'proposed' && (
          <>
            <button className="button" type="button" onClick={() => setStatus('approved')}>{t('builder.approve')}</button>{' '}
            <button className="button" type="button" onClick={() => setStatus('rejected')}>{t('builder.reject')}</button>{' '}
            <button className="button" type="button" onClick={() => setStatus('draft')}>{t('builder.backToDraft')}</button>
          </>
        )}
        {canWrite && scenario.status === 'rejected' && <button className="button" type="button" onClick={() => setStatus('draft')}>{t('builder.backToDraft')}</button>}{' '}
        <Link className="button" href={`/scenarios/${scenario.id}/brief`}>{t('builder.brief')}</Link>{' '}
        <a className="button" href={`/api/scenarios/${scenario.id}/export?format=csv`}>{t('builder.exportCsv')}</a>{' '}
        <a className="button" href={`/api/scenarios/${scenario.id}/export?format=json`}>{t('builder.exportJson')}</a>
        {canWrite && (scenario.status === 'draft' || scenario.status === 'rejected') && (
          <>{' '}<ConfirmSubmit label={t('builder.delete')} question={t('builder.deleteQuestion', { name: scenario.name })} onConfirm={remove} /></>
        )}
      </p>
      {!editable && <p className="notice">{canWrite ? t('builder.readOnly', { status: t(`status.${scenario.status}`).toLowerCase() }) : t('builder.readOnlyViewer')}</p>}
      <h2>{t('builder.actions')}</h2>
      <table className="data-table builder-actions" data-testid="scenario-actions">
        <thead><tr><th>{t('builder.building')}</th><th>{t('builder.actionCol')}</th><th>{t('builder.receivers')}</th><th /></tr></thead>
        <tbody>
          {actions.map((a, i) => (
            <tr key={a.buildingId}>
              <td data-label={t('builder.building')}>{names.get(a.buildingId) ?? a.buildingId}</td>
              <td data-label={t('builder.actionCol')}>
                {editable ? (
                  <select aria-label={t('builder.actionCol')} value={a.action} onChange={(e) => setKind(i, e.target.value as ActionKind)}>
                    {ACTION_KINDS.map((k) => <option key={k} value={k}>{t(`action.${k}`)}</option>)}
                  </select>
                ) : t(`action.${a.action}`)}
              </td>
              <td data-label={t('builder.receivers')}>
                {/* Read-only: the receivers as a list of text, not disabled controls. */}
                {!editable && a.receivers.length > 0 && (
                  <ul className="plain-list">{a.receivers.map((r) => <li key={r.buildingId}>{names.get(r.buildingId) ?? r.buildingId} ({Math.round(r.share * 100)} %)</li>)}</ul>
                )}
                {editable && a.receivers.map((r, k) => (
                  <div key={k} className="builder-actions__receiver">
                    <select aria-label={t('builder.receivers')} value={r.buildingId} onChange={(e) => setReceiver(i, k, { buildingId: e.target.value })}>
                      <option value="">{t('builder.pick')}</option>
                      {buildings.filter((b) => b.id !== a.buildingId).map((b) => <option key={b.id} value={b.id}>{receiverLabel(b)}</option>)}
                    </select>{' '}
                    <input type="number" aria-label="%" min={1} max={100} value={Math.round(r.share * 100)}
                      onChange={(e) => setReceiver(i, k, { share: Number(e.target.value) / 100 })} /> %
                  </div>
                ))}
                {editable && (a.action === 'merge' || a.action === 'share') && (
                  <button type="button" className="button" onClick={() => update(i, { receivers: [...a.receivers, { buildingId: '', share: 0 }] })}>{t('builder.addReceiver')}</button>
                )}
              </td>
              <td>{editable && <button type="button" className="button" onClick={() => changeActions(actions.filter((_, k) => k !== i))}>{t('builder.remove')}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {editable && <BuildingPicker buildings={buildings.filter((b) => !used.has(b.id))} onPick={addBuilding} label={t('builder.addBuilding')} />}
      {editable && (
        <p className="save-state" role="status" data-testid="save-state" data-state={saveState}>
          {saveState === 'saved' ? (savedAt ? t('builder.savedAt', { time: savedAt.toLocaleTimeString(locale === 'da' ? 'da-DK' : 'en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' }) }) : t('builder.autosave'))
            : saveState === 'invalid' ? t('builder.notSavedInvalid') : saveState === 'failed' ? message : t('builder.saving')}
        </p>
      )}
      <h2>{tm('builderTitle')}</h2>
      {editable && <p className="hint">{tm('builderHint')}</p>}
      <ScenarioMap geo={geo} variant="after" interactive colourByScore onPick={editable ? addBuilding : undefined} testId="builder-map"
        label={tm('label', { variant: tm('after').toLowerCase(), buildings: geo.counts.buildings, removed: geo.counts.removed, receivers: geo.counts.receivers, moves: geo.counts.moves })} />
      <ScenarioMapLegend variant="after" colourByScore />
      {invalid.map((a) => <p key={a.buildingId} className="notice">{t('builder.invalidShares', { name: names.get(a.buildingId) ?? a.buildingId })}</p>)}
      <h2>{t('builder.params')}</h2>
      {editable ? (
        <div className="scenario-params">
          {PARAM_KEYS.map((key) => (
            <label key={key}>{t(`param.${key}`)}{' '}
              <input type="number" step="any" value={params[key]} onChange={(e) => changeParam(key, Number(e.target.value))} />
            </label>
          ))}
        </div>
      ) : (
        <dl className="figures" data-testid="scenario-params-read">
          {PARAM_KEYS.map((key) => <div className="figure" key={key}><dt>{t(`param.${key}`)}</dt><dd>{formatNumber(params[key], locale, 3)}</dd></div>)}
        </dl>
      )}
      {message && saveState !== 'failed' && <p role="status">{message}</p>}
      <h2>{t('builder.outcome')}</h2>
      {outcome && <OutcomeFigures outcome={outcome} />}
      {outcome && outcome.warnings.length > 0 && (
        <>
          <h3>{t('warning.title')}</h3>
          <ul>
            {outcome.warnings.map((w, k) => (
              <li key={k}>{t(`warning.${w.code}`, { building: names.get(w.buildingId) ?? w.buildingId, other: w.otherBuildingId ? (names.get(w.otherBuildingId) ?? w.otherBuildingId) : '', value: warningValue(w.code, w.value) })}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
