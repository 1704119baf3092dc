'use client';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { formatMoney, formatNumber, formatPercent } from '@/lib/format/number';
import type { Locale } from '@/lib/i18n/config';
import type { OptimiseResult } from '@/lib/scenarios/optimise';
import type { ScenarioOutcome, ScenarioParams } from '@/lib/scenarios/types';
import { OutcomeFigures } from './outcome-figures';

interface Progress { seconds: number; gap: number | null }
interface Done { result: OptimiseResult; outcome: ScenarioOutcome | null; greedyOutcome: ScenarioOutcome | null; params: ScenarioParams }

// Runs the optimiser through the streaming API, shows the solver's progress, the result against greedy, and saves it.
export function OptimiserForm({ defaults }: { defaults: { ceiling: number; maxDistanceKm: number } }) {
  const t = useTranslations('scenarios.optimiser');
  const locale = useLocale() as Locale;
  const router = useRouter();
  const [progress, setProgress] = useState<Progress | null>(null);
  const [running, setRunning] = useState(false);
  const [done, setDone] = useState<Done | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState(t('defaultName'));

  async function run(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const body = {
      targetMin: Number(f.get('targetMin')) / 100,
      targetMax: Number(f.get('targetMax')) / 100,
      maxDistanceKm: Number(f.get('maxDistanceKm')),
      ceiling: Number(f.get('ceiling')) / 100,
      mode: f.get('mode'),
    };
    setRunning(true);
    setDone(null);
    setError(null);
    setProgress(null);
    try {
      const response = await fetch('/api/scenarios/optimise', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!response.ok || !response.body) throw new Error((await response.json()).error?.message ?? response.statusText);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        buffer += value;
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines.filter(Boolean)) {
          const msg = JSON.parse(line);
          if (msg.type === 'progress') setProgress({ seconds: msg.seconds, gap: msg.gap });
          else if (msg.type === 'result') setDone(msg);
          else if (msg.type === 'error') setError(msg.error.message);
        }
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setRunning(false);
    }
  }

  async function save() {
    if (!done?.result.plan) return;
    const response = await fetch('/api/scenarios', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, actions: done.result.plan.actions, params: done.params }),
    });
    const json = await response.json();
    if (response.ok) router.push(`/scenarios/${json.id}`);
    else setError(json.error?.message ?? response.statusText);
  }

  const gap = (g: number | null) => (g === null ? '–' : formatPercent(g, locale, 2));
  const r = done?.result;
  const statusKey = r ? ({ optimal: 'statusOptimal', feasible: 'statusFeasible', infeasible: 'statusInfeasible', no_solution: 'statusNoSolution' } as const)[r.status] : null;
  return (
    <section aria-labelledby="optimiser-title" data-testid="optimiser">
      <h2 id="optimiser-title">{t('title')}</h2>
      <p>{t('lead')}</p>
      <form onSubmit={run} className="optimiser-form">
        <label>{t('targetMin')} <input name="targetMin" type="number" step="0.5" min="0" max="100" defaultValue={5} /></label>
        <label>{t('targetMax')} <input name="targetMax" type="number" step="0.5" min="0" max="100" defaultValue={10} /></label>
        <label>{t('maxDistance')} <input name="maxDistanceKm" type="number" step="0.5" min="0" defaultValue={defaults.maxDistanceKm} /></label>
        <label>{t('ceiling')} <input name="ceiling" type="number" step="1" min="10" max="150" defaultValue={Math.round(defaults.ceiling * 100)} /></label>
        <label>{t('mode')}{' '}
          <select name="mode" defaultValue="savings">
            <option value="savings">{t('modeSavings')}</option>
            <option value="service">{t('modeService')}</option>
          </select>
        </label>
        <button className="button button--primary" type="submit" disabled={running}>{t('run')}</button>
      </form>
      <p role="status" aria-live="polite" data-testid="optimiser-progress">
        {running ? (progress ? t('running', { seconds: formatNumber(progress.seconds, locale, 1), gap: gap(progress.gap) }) : t('starting')) : ''}
      </p>
      {error && <p className="notice" role="alert">{error}</p>}
      {r && statusKey && (
        <div data-testid="optimiser-result">
          <p>{t('result', { status: t(statusKey), seconds: formatNumber(r.seconds, locale, 2), gap: gap(r.gap) })}</p>
          {r.status === 'infeasible' && (
            <p className="notice">{r.bindingCombined ? t('bindingCombined') : t('binding', { names: r.binding.map((c) => t(`constraint.${c}`)).join(', ') })}</p>
          )}
          {r.plan && <p>{t('closures', { count: r.plan.actions.length })}</p>}
          {r.plan && r.greedy && r.mode === 'savings' && (
            <p data-testid="vs-greedy">
              {t('vsGreedy', {
                optimum: formatMoney(r.plan.objective, locale),
                greedy: formatMoney(r.greedy.objective, locale),
                diff: r.greedy.objective > 0 ? `+${formatPercent(r.plan.objective / r.greedy.objective - 1, locale, 1)}` : '–',
              })}
            </p>
          )}
          {r.plan && !r.greedy && <p>{t('noGreedy')}</p>}
          {done.outcome && <OutcomeFigures outcome={done.outcome} />}
          {r.plan && (
            <p>
              <label>{t('saveName')} <input value={name} onChange={(e) => setName(e.target.value)} /></label>{' '}
              <button className="button button--primary" type="button" onClick={save}>{t('save')}</button>
            </p>
          )}
        </div>
      )}
    </section>
  );
}
