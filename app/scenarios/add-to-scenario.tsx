'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useId, useState, type FormEvent } from 'react';
import type { StoredScenario } from '@/lib/scenarios/scenario-store';
import type { ScenarioAction } from '@/lib/scenarios/types';
import './_map/scenario-map.css';

interface Draft { id: string; name: string }

/** POSTs JSON and returns the parsed body, throwing the API's error message on failure. */
async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await response.json().catch(() => null);
  if (!response.ok) throw new Error(json?.error?.message ?? response.statusText);
  return json as T;
}

/** Adds buildings to a draft (a new one when `scenarioId` is null) with their default actions, through the API. */
export async function addBuildingsToScenario(scenarioId: string | null, newName: string, buildingIds: string[]): Promise<{ id: string; added: ScenarioAction[]; scenario: StoredScenario }> {
  const id = scenarioId ?? (await postJson<{ id: string }>('/api/scenarios', { name: newName, actions: [] })).id;
  const { added, scenario } = await postJson<{ added: ScenarioAction[]; scenario: StoredScenario }>(`/api/scenarios/${id}/buildings`, { buildingIds });
  return { id, added, scenario };
}

// The building panel's "add to scenario": choose a draft or a new scenario; the building gets its default action
// (merge into the nearest same-category building with room, else close), which the user edits in the builder.
export function AddToScenario({ building }: { building: { id: string; name: string } }) {
  const t = useTranslations('scenarios.pick');
  const formId = useId();
  const [open, setOpen] = useState(false);
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const [choice, setChoice] = useState('');
  const [name, setName] = useState(t('defaultName', { name: building.name }));
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ id: string; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  function toggle() {
    setOpen(!open);
    setResult(null);
    setError(null);
    if (!open && drafts === null) {
      fetch('/api/scenarios')
        .then((r) => (r.ok ? r.json() : { scenarios: [] }))
        .then((j: { scenarios: StoredScenario[] }) => setDrafts(j.scenarios.filter((s) => s.status === 'draft').map((s) => ({ id: s.id, name: s.name }))))
        .catch(() => setDrafts([]));
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { id, added, scenario } = await addBuildingsToScenario(choice || null, name, [building.id]);
      const mine = added.find((a) => a.buildingId === building.id);
      const receiver = mine?.receivers[0]?.buildingId;
      const receiverName = receiver ? (scenario.result?.receivers.find((r) => r.buildingId === receiver)?.name ?? receiver) : null;
      const users = scenario.result?.actions.find((a) => a.buildingId === building.id)?.users ?? 0;
      const text = !mine
        ? t('alreadyIn', { building: building.name, scenario: scenario.name })
        : mine.action === 'merge' && receiverName
          ? t('addedMerge', { building: building.name, scenario: scenario.name, receiver: receiverName })
          : t(users > 0 ? 'addedClose' : 'addedCloseNoUsers', { building: building.name, scenario: scenario.name });
      setResult({ id, text });
      setOpen(false);
      if (!choice) setDrafts((d) => (d ? [{ id, name: scenario.name }, ...d] : d));
    } catch (e) {
      setError(t('failed', { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="add-to-scenario" data-testid="add-to-scenario">
      <button type="button" className="button button--primary" aria-expanded={open} aria-controls={formId} onClick={toggle}>
        {t('addToScenario')}
      </button>
      {open && (
        <form id={formId} onSubmit={submit} className="add-to-scenario__form">
          {drafts === null ? (
            <p aria-live="polite">{t('loading')}</p>
          ) : (
            <>
              <label htmlFor={`${formId}-scenario`}>{t('scenario')}</label>
              <select id={`${formId}-scenario`} value={choice} onChange={(e) => setChoice(e.target.value)}>
                <option value="">{t('newDraft')}</option>
                {drafts.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
              </select>
              {!choice && (
                <>
                  <label htmlFor={`${formId}-name`}>{t('newName')}</label>
                  <input id={`${formId}-name`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
                </>
              )}
              <p className="hint">{t('defaultHint')}</p>
              <button type="submit" className="button button--primary" disabled={busy}>{t('add')}</button>{' '}
              <button type="button" className="button" onClick={() => setOpen(false)}>{t('cancel')}</button>
            </>
          )}
        </form>
      )}
      {result && (
        <p role="status">
          {result.text} <Link href={`/scenarios/${result.id}`}>{t('open')}</Link>
        </p>
      )}
      {error && <p role="alert" className="notice">{error}</p>}
    </div>
  );
}
