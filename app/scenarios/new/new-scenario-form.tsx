'use client';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';

// Creates the draft scenario (with the starting building closed, if any) and opens the builder.
export function NewScenarioForm({ building }: { building: { id: string; name: string } | null }) {
  const t = useTranslations('scenarios.new');
  const router = useRouter();
  const [name, setName] = useState(building ? `${t('defaultName')}: ${building.name}` : t('defaultName'));
  const [error, setError] = useState<string | null>(null);
  async function create(event: FormEvent) {
    event.preventDefault();
    const actions = building ? [{ buildingId: building.id, action: 'close', receivers: [] }] : [];
    const response = await fetch('/api/scenarios', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, actions }) });
    const json = await response.json();
    if (response.ok) router.push(`/scenarios/${json.id}`);
    else setError(json.error?.message ?? response.statusText);
  }
  return (
    <form onSubmit={create}>
      <label>{t('name')} <input name="name" value={name} onChange={(e) => setName(e.target.value)} required /></label>{' '}
      <button className="button button--primary" type="submit">{t('create')}</button>
      {error && <p className="notice" role="alert">{error}</p>}
    </form>
  );
}
