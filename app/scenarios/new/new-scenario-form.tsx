'use client';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { addBuildingsToScenario } from '../add-to-scenario';

// Creates the draft scenario (with the starting buildings and their default actions, if any) and opens the builder.
export function NewScenarioForm({ buildings }: { buildings: { id: string; name: string }[] }) {
  const t = useTranslations('scenarios.new');
  const tp = useTranslations('scenarios.pick');
  const router = useRouter();
  const initial = buildings.length === 1 ? tp('defaultName', { name: buildings[0].name }) : buildings.length > 1 ? tp('defaultNameMany', { count: buildings.length }) : t('defaultName');
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      let id: string;
      if (buildings.length > 0) id = (await addBuildingsToScenario(null, name, buildings.map((b) => b.id))).id;
      else {
        const response = await fetch('/api/scenarios', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, actions: [] }) });
        const json = await response.json();
        if (!response.ok) throw new Error(json.error?.message ?? response.statusText);
        id = json.id;
      }
      router.push(`/scenarios/${id}`);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }
  return (
    <form onSubmit={create}>
      <label>{t('name')} <input name="name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} /></label>{' '}
      <button className="button button--primary" type="submit" disabled={busy}>{t('create')}</button>
      {error && <p className="notice" role="alert">{error}</p>}
    </form>
  );
}
