'use client';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { formatMoney, formatNumber, formatPercent } from '@/lib/format/number';
import type { Locale } from '@/lib/i18n/config';
import type { OptimiseProgress, OptimiseResult } from '@/lib/scenarios/optimise';
import type { ConstraintName, OptimiseOptions } from '@/lib/scenarios/optimise-model';
import { progressShare } from '@/lib/scenarios/optimiser-progress';
import type { ScenarioOutcome, ScenarioParams } from '@/lib/scenarios/types';
import { OptimiserExplanation } from './optimiser-explanation';
import { OutcomeFigures } from './outcome-figures';
import './optimiser.css';

interface Done { result: OptimiseResult; outcome: ScenarioOutcome | null; greedyOutcome: ScenarioOutcome | null; params: ScenarioParams; options: OptimiseOptions }

export interface OptimiserBuilding { id: string; name: string; category: string }

export interface OptimiserDefaultsProps {
  /** The organisation's scenario assumptions (ceiling and distance included). */
  params: ScenarioParams;
  /** The organisation's default compatibility (receiving kinds per kind of building). */
  compatibility: Partial<Record<string, string[]>>;
  /** The kinds of building of the compatibility table (lib/scenarios/optimiser-defaults.ts SERVICE_KINDS). */
  kinds: readonly string[];
  /** The organisation's minimum data confidence for proposing a closure, 0..1. */
  minClosureConfidence: number;
  /** Buildings that may be marked as must stay (name and category for the search). */
  buildings: OptimiserBuilding[];
}

// Assumptions edited under "Forudsætninger"; ceiling and distance are constraints above.
const PARAM_KEYS = ['movingCostPerUserDkk', 'refurbishCostPerM2Dkk', 'salePricePerM2Dkk', 'backlogSpreadYears', 'rentIncomePerM2Dkk', 'energyKwhPerM2Year', 'emissionKgCo2PerKwh'] as const;
const MAX_MATCHES = 12;

/** A labelled field with help text tied to it by aria-describedby. */
function Field({ id, label, help, children }: { id: string; label: string; help: string; children: (describedBy: string) => ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(`${id}-help`)}
      <small id={`${id}-help`} className="field__help">{help}</small>
    </div>
  );
}

// Runs the optimiser through the streaming API with every option the model has, shows the solver's progress, the
// result against greedy (or the binding constraint), and saves the proposal as a scenario.
export function OptimiserForm({ defaults }: { defaults: OptimiserDefaultsProps }) {
  const t = useTranslations('scenarios.optimiser');
  const ts = useTranslations('scenarios');
  const tc = useTranslations('common');
  const locale = useLocale() as Locale;
  const router = useRouter();
  const uid = useId();
  const fid = (name: string) => `${uid}-${name}`;
  const [progress, setProgress] = useState<OptimiseProgress | null>(null);
  const [limits, setLimits] = useState({ timeLimitSeconds: 30, mipRelGap: 0.01, diagnosisSteps: 7 });
  const [running, setRunning] = useState(false);
  const [done, setDone] = useState<Done | null>(null);
  const [robustness, setRobustness] = useState<{ main: number | null; high: number | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState(t('defaultName'));
  const [mode, setMode] = useState<'savings' | 'service'>('savings');
  const [mustKeep, setMustKeep] = useState<string[]>([]);
  const [query, setQuery] = useState('');
  const [compatibility, setCompatibility] = useState<Record<string, string[]>>(() => normalise(defaults.compatibility));
  const catLabel = (c: string) => tc(`categories.${c}` as 'categories.other');
  const kindLabel = (k: string) => (defaults.kinds.includes(k) ? t(`kind.${k}` as 'kind.other') : k);
  const byId = useMemo(() => new Map(defaults.buildings.map((b) => [b.id, b])), [defaults.buildings]);
  const matches = useMemo(() => {
    const q = query.trim().toLocaleLowerCase('da');
    if (!q) return [];
    return defaults.buildings.filter((b) => !mustKeep.includes(b.id) && (b.name.toLocaleLowerCase('da').includes(q) || catLabel(b.category).toLocaleLowerCase('da').includes(q)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, mustKeep, defaults.buildings]);

  function toggleCompatible(from: string, to: string) {
    setCompatibility((c) => {
      const list = c[from] ?? [];
      return { ...c, [from]: list.includes(to) ? list.filter((x) => x !== to) : [...list, to] };
    });
  }

  async function run(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const num = (key: string) => Number(f.get(key));
    const floor = String(f.get('savingsFloorDkk') ?? '').trim();
    const body = {
      mode,
      targetMin: num('targetMin') / 100,
      targetMax: num('targetMax') / 100,
      maxDistanceKm: num('maxDistanceKm'),
      ceiling: num('ceiling') / 100,
      savingsFloorDkk: mode === 'service' && floor !== '' ? Number(floor) : null,
      includeSaleValue: f.get('includeSaleValue') === 'on',
      unknownUtilisation: f.get('unknownUtilisation'),
      minClosureConfidence: num('minClosureConfidence') / 100,
      allowRegistryClosures: f.get('allowRegistryClosures') === 'on',
      mustKeep,
      compatibility: Object.fromEntries(Object.entries(compatibility).filter(([, to]) => to.length > 0)),
      horizonYears: num('horizonYears'),
      timeLimitSeconds: num('timeLimitSeconds'),
      mipRelGap: num('mipRelGap') / 100,
      demandVariant: String(f.get('demandVariant') ?? 'main'),
      priceOfRobustness: f.get('priceOfRobustness') === 'on',
      params: Object.fromEntries(PARAM_KEYS.map((k) => [k, num(k)])),
    };
    // The re-solves a diagnosis makes: every constraint but a missing floor, when allowed the confidence rule, and
    // future demand when the forecast is ignored.
    const diagnosisSteps = 9 - (body.savingsFloorDkk === null ? 1 : 0) - (body.allowRegistryClosures ? 1 : 0) - (body.demandVariant === 'none' ? 1 : 0);
    setLimits({ timeLimitSeconds: body.timeLimitSeconds, mipRelGap: body.mipRelGap, diagnosisSteps });
    setRobustness(null);
    setRunning(true);
    setDone(null);
    setError(null);
    setProgress(null);
    try {
      const response = await fetch('/api/scenarios/optimise', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!response.ok || !response.body) {
        const json = await response.json().catch(() => null);
        throw new Error(json?.error?.code === 'bad_request' ? t('invalid') : json?.error?.message ?? response.statusText);
      }
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
          if (msg.type === 'progress') setProgress(msg as OptimiseProgress);
          else if (msg.type === 'result') setDone(msg);
          else if (msg.type === 'robustness') setRobustness({ main: msg.main, high: msg.high });
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
    const r = done.result;
    const response = await fetch('/api/scenarios', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name,
        actions: r.plan!.actions,
        params: done.params,
        optimiser: { options: done.options, status: r.status, gap: r.gap, objective: r.plan!.objective, greedyObjective: r.greedy?.objective ?? null, seconds: r.seconds },
      }),
    });
    const json = await response.json();
    if (response.ok) router.push(`/scenarios/${json.id}`);
    else setError(json.error?.message ?? response.statusText);
  }

  const gap = (g: number | null) => (g === null ? '–' : formatPercent(g, locale, 2));
  const r = done?.result;
  const statusKey = r ? ({ optimal: 'statusOptimal', feasible: 'statusFeasible', infeasible: 'statusInfeasible', no_solution: 'statusNoSolution' } as const)[r.status] : null;
  const share = progress ? progressShare(progress, limits, limits.diagnosisSteps) : 0;
  const p = defaults.params;
  const phaseText = !progress
    ? t('starting')
    : progress.phase === 'solving'
      ? t('phase.solving', { seconds: formatNumber(progress.seconds, locale, 1), gap: gap(progress.gap) })
      : progress.phase === 'diagnosing'
        ? t('phase.diagnosing', { name: t(`constraint.${progress.purpose as ConstraintName}`) })
        : t(`phase.${progress.phase}`);
  return (
    <section aria-labelledby="optimiser-title" data-testid="optimiser" className="optimiser">
      <h2 id="optimiser-title">{t('title')}</h2>
      <p>{t('lead')}</p>
      <form onSubmit={run} className="optimiser-form" aria-describedby="optimiser-title">
        <fieldset>
          <legend>{t('goalLegend')}</legend>
          <Field id={fid('mode')} label={t('mode')} help={t('modeHelp')}>
            {(d) => (
              <select id={fid('mode')} name="mode" value={mode} onChange={(e) => setMode(e.target.value as 'savings' | 'service')} aria-describedby={d}>
                <option value="savings">{t('modeSavings')}</option>
                <option value="service">{t('modeService')}</option>
              </select>
            )}
          </Field>
          <Field id={fid('targetMin')} label={t('targetMin')} help={t('targetHelp')}>
            {(d) => <input id={fid('targetMin')} name="targetMin" type="number" step="any" min="0" max="100" defaultValue={5} required aria-describedby={d} />}
          </Field>
          <Field id={fid('targetMax')} label={t('targetMax')} help={t('targetMaxHelp')}>
            {(d) => <input id={fid('targetMax')} name="targetMax" type="number" step="any" min="0" max="100" defaultValue={10} required aria-describedby={d} />}
          </Field>
          <Field id={fid('savingsFloorDkk')} label={t('savingsFloor')} help={t('savingsFloorHelp')}>
            {(d) => <input id={fid('savingsFloorDkk')} name="savingsFloorDkk" type="number" step="any" min="0" disabled={mode !== 'service'} aria-describedby={d} />}
          </Field>
        </fieldset>

        <fieldset>
          <legend>{t('constraintsLegend')}</legend>
          <Field id={fid('maxDistanceKm')} label={t('maxDistance')} help={t('maxDistanceHelp')}>
            {(d) => <input id={fid('maxDistanceKm')} name="maxDistanceKm" type="number" step="any" min="0" max="100" defaultValue={p.maxAddedTravelKm} required aria-describedby={d} />}
          </Field>
          <Field id={fid('ceiling')} label={t('ceiling')} help={t('ceilingHelp')}>
            {(d) => <input id={fid('ceiling')} name="ceiling" type="number" step="1" min="10" max="150" defaultValue={Math.round(p.peakUtilisationCeiling * 100)} required aria-describedby={d} />}
          </Field>
          <Field id={fid('unknownUtilisation')} label={t('unknownUtilisation')} help={t('unknownUtilisationHelp')}>
            {(d) => (
              <select id={fid('unknownUtilisation')} name="unknownUtilisation" defaultValue="cannot_receive" aria-describedby={d}>
                <option value="cannot_receive">{t('unknownCannotReceive')}</option>
                <option value="assume_users">{t('unknownAssumeUsers')}</option>
              </select>
            )}
          </Field>
          <Field id={fid('demandVariant')} label={t('demandVariant')} help={t('demandVariantHelp')}>
            {(d) => (
              <select id={fid('demandVariant')} name="demandVariant" defaultValue="main" aria-describedby={d}>
                {(['main', 'high', 'low', 'none'] as const).map((v) => <option key={v} value={v}>{t(`demandVariants.${v}`)}</option>)}
              </select>
            )}
          </Field>
          <div className="field field--check">
            <input id={fid('priceOfRobustness')} name="priceOfRobustness" type="checkbox" aria-describedby={fid('priceOfRobustness-help')} />
            <label htmlFor={fid('priceOfRobustness')}>{t('priceOfRobustness')}</label>
            <small id={fid('priceOfRobustness-help')} className="field__help">{t('priceOfRobustnessHelp')}</small>
          </div>
        </fieldset>

        <fieldset data-testid="closure-evidence">
          <legend>{t('confidenceLegend')}</legend>
          <Field id={fid('minClosureConfidence')} label={t('minConfidence')} help={t('minConfidenceHelp', { value: formatPercent(defaults.minClosureConfidence, locale) })}>
            {(d) => <input id={fid('minClosureConfidence')} name="minClosureConfidence" type="number" step="1" min="0" max="100" defaultValue={Math.round(defaults.minClosureConfidence * 100)} required aria-describedby={d} />}
          </Field>
          <div className="field field--check">
            <input id={fid('allowRegistryClosures')} name="allowRegistryClosures" type="checkbox" aria-describedby={fid('allowRegistryClosures-help')} />
            <label htmlFor={fid('allowRegistryClosures')}>{t('allowRegistry')}</label>
            <small id={fid('allowRegistryClosures-help')} className="field__help">{t('allowRegistryHelp')}</small>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('economyLegend')}</legend>
          <div className="field field--check">
            <input id={fid('includeSaleValue')} name="includeSaleValue" type="checkbox" aria-describedby={fid('includeSaleValue-help')} />
            <label htmlFor={fid('includeSaleValue')}>{t('includeSale')}</label>
            <small id={fid('includeSaleValue-help')} className="field__help">{t('includeSaleHelp')}</small>
          </div>
          <Field id={fid('horizonYears')} label={t('horizon')} help={t('horizonHelp')}>
            {(d) => <input id={fid('horizonYears')} name="horizonYears" type="number" step="1" min="1" max="50" defaultValue={10} required aria-describedby={d} />}
          </Field>
        </fieldset>

        <fieldset className="optimiser-form__wide" data-testid="must-keep">
          <legend>{t('mustKeep')}</legend>
          <p className="field__help" id={fid('mustKeep-help')}>{t('mustKeepHelp')}</p>
          <label htmlFor={fid('mustKeepSearch')}>{t('mustKeepSearch')}</label>
          <input id={fid('mustKeepSearch')} type="search" value={query} onChange={(e) => setQuery(e.target.value)} aria-describedby={fid('mustKeep-help')} autoComplete="off" />
          {query.trim() !== '' && (
            <ul className="pick-list" aria-label={t('mustKeepMatches', { shown: Math.min(MAX_MATCHES, matches.length), count: matches.length })}>
              {matches.slice(0, MAX_MATCHES).map((b) => (
                <li key={b.id}>
                  <button type="button" className="button" onClick={() => setMustKeep((m) => [...m, b.id])}>
                    {t('mustKeepAdd', { name: b.name, category: catLabel(b.category) })}
                  </button>
                </li>
              ))}
              {matches.length === 0 && <li>{t('mustKeepNoMatch')}</li>}
            </ul>
          )}
          <p aria-live="polite">{mustKeep.length === 0 ? t('mustKeepNone') : t('mustKeepSelected', { count: mustKeep.length })}</p>
          {mustKeep.length > 0 && (
            <ul className="chips">
              {mustKeep.map((id) => (
                <li key={id}>
                  {byId.get(id)?.name ?? id}{' '}
                  <button type="button" className="button button--small" onClick={() => setMustKeep((m) => m.filter((x) => x !== id))} aria-label={t('mustKeepRemove', { name: byId.get(id)?.name ?? id })}>×</button>
                </li>
              ))}
            </ul>
          )}
        </fieldset>

        <fieldset className="optimiser-form__wide">
          <legend>{t('compatibility')}</legend>
          <p className="field__help">{t('compatibilityHelp')}</p>
          <div className="table-scroll">
            <table className="data-table compat-matrix" data-testid="compatibility">
              <caption className="visually-hidden">{t('compatibilityCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('compatibilityCorner')}</th>
                  {defaults.kinds.map((to) => <th scope="col" key={to}>{kindLabel(to)}</th>)}
                </tr>
              </thead>
              <tbody>
                {defaults.kinds.map((from) => (
                  <tr key={from}>
                    <th scope="row">{kindLabel(from)}</th>
                    {defaults.kinds.map((to) => (
                      <td key={to}>
                        <input
                          type="checkbox"
                          checked={from === to || (compatibility[from] ?? []).includes(to)}
                          disabled={from === to}
                          onChange={() => toggleCompatible(from, to)}
                          aria-label={t('compatibilityCell', { from: kindLabel(from), to: kindLabel(to) })}
                          data-from={from}
                          data-to={to}
                        />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="button" className="button" onClick={() => setCompatibility(normalise(defaults.compatibility))}>{t('compatibilityReset')}</button>
        </fieldset>

        <details className="optimiser-form__wide">
          <summary>{t('paramsLegend')}</summary>
          <p className="field__help">{t('paramsHelp')}</p>
          <div className="optimiser-form__grid">
            {PARAM_KEYS.map((k) => (
              <div className="field" key={k}>
                <label htmlFor={fid(k)}>{ts(`param.${k}`)}</label>
                <input id={fid(k)} name={k} type="number" step="any" min={k === 'backlogSpreadYears' ? 1 : 0} defaultValue={p[k]} required />
              </div>
            ))}
          </div>
        </details>

        <details className="optimiser-form__wide">
          <summary>{t('solverLegend')}</summary>
          <div className="optimiser-form__grid">
            <Field id={fid('timeLimitSeconds')} label={t('timeLimit')} help={t('timeLimitHelp')}>
              {(d) => <input id={fid('timeLimitSeconds')} name="timeLimitSeconds" type="number" step="1" min="1" max="120" defaultValue={30} required aria-describedby={d} />}
            </Field>
            <Field id={fid('mipRelGap')} label={t('gapTarget')} help={t('gapTargetHelp')}>
              {(d) => <input id={fid('mipRelGap')} name="mipRelGap" type="number" step="any" min="0" max="50" defaultValue={1} required aria-describedby={d} />}
            </Field>
          </div>
        </details>

        <p className="optimiser-form__wide">
          <button className="button button--primary" type="submit" disabled={running}>{t('run')}</button>
        </p>
      </form>
      <div data-testid="optimiser-progress" aria-live="polite">
        {running && (
          <>
            <progress max={1} value={share} aria-label={t('progressLabel')} data-testid="optimiser-progress-bar" />
            <p role="status">{phaseText}</p>
          </>
        )}
      </div>
      {error && <p className="notice" role="alert">{error}</p>}
      {r && statusKey && done && (
        <div data-testid="optimiser-result">
          <p>
            {r.gap === null
              ? t('resultNoGap', { status: t(statusKey), seconds: formatNumber(r.seconds, locale, 2) })
              : t('result', { status: t(statusKey), seconds: formatNumber(r.seconds, locale, 2), gap: gap(r.gap) })}
          </p>
          {r.status === 'optimal' && r.gap !== null && <p className="field__help">{t('gapExplained', { gap: gap(r.gap) })}</p>}
          {r.status === 'infeasible' && (
            <div className="notice" data-testid="optimiser-binding">
              {r.bindingCombined ? (
                <p>{t('bindingCombined')}</p>
              ) : (
                <>
                  <p>{t('binding', { names: r.binding.map((c) => t(`constraint.${c}`)).join(', ') })}</p>
                  <ul>
                    {r.binding.map((c) => (
                      <li key={c}>
                        {t(`bindingHelp.${c}`, {
                          km: formatNumber(done.options.maxDistanceKm, locale, 1),
                          ceiling: formatPercent(done.options.ceiling, locale),
                          count: done.options.mustKeep.length,
                          max: formatPercent(done.options.targetMax, locale, 1),
                          floor: formatMoney(done.options.savingsFloorDkk ?? 0, locale),
                        })}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </div>
          )}
          {r.status === 'no_solution' && <p className="notice">{t('noSolutionHelp')}</p>}
          {r.plan && <p>{t('closures', { count: r.plan.actions.length })}</p>}
          {r.size.ancillaryExcluded > 0 && <p data-testid="optimiser-ancillary">{t('ancillary', { count: r.size.ancillaryExcluded })}</p>}
          {r.plan && r.greedy && r.mode === 'savings' && (
            <div data-testid="vs-greedy">
              <p>
                {t('vsGreedy', {
                  optimum: formatMoney(r.plan.objective, locale),
                  greedy: formatMoney(r.greedy.objective, locale),
                  diff: r.greedy.objective > 0 ? `+${formatPercent(r.plan.objective / r.greedy.objective - 1, locale, 1)}` : '–',
                })}
              </p>
              <p className="field__help">{t('greedyWhy')}{r.greedyDiff && (r.greedyDiff.onlyPlan.length > 0 || r.greedyDiff.onlyGreedy.length > 0) ? ' ' + t('greedyDiff', {
                onlyPlan: r.greedyDiff.onlyPlan.length,
                onlyGreedy: r.greedyDiff.onlyGreedy.length,
                sep: r.greedyDiff.onlyPlan.length > 0 && r.greedyDiff.onlyGreedy.length > 0 ? '; ' : '',
              }) : ''}</p>
            </div>
          )}
          {r.plan && r.greedy && r.mode === 'service' && (
            <div data-testid="vs-greedy">
              <p>{t('vsGreedyService', { optimum: formatNumber(r.plan.userKm, locale, 0), greedy: formatNumber(r.greedy.userKm, locale, 0) })}</p>
              <p className="field__help">{t('greedyWhy')}</p>
            </div>
          )}
          {r.plan && !r.greedy && (
            <div data-testid="vs-greedy">
              <p>{t('noGreedy')}</p>
              <p className="field__help">{t('greedyWhy')}</p>
            </div>
          )}
          {robustness && (
            <p data-testid="price-of-robustness">
              {robustness.main !== null && robustness.high !== null
                ? t('robustnessPrice', { main: formatMoney(robustness.main, locale), high: formatMoney(robustness.high, locale), price: formatMoney(robustness.main - robustness.high, locale) })
                : t('robustnessNoPlan')}
            </p>
          )}
          <OptimiserExplanation result={r} />
          {done.outcome && <OutcomeFigures outcome={done.outcome} hide={['savings']} />}
          {r.plan && (
            <p>
              <label htmlFor={fid('saveName')}>{t('saveName')}</label>{' '}
              <input id={fid('saveName')} value={name} onChange={(e) => setName(e.target.value)} />{' '}
              <button className="button button--primary" type="button" onClick={save}>{t('save')}</button>
            </p>
          )}
        </div>
      )}
    </section>
  );
}

function normalise(c: Partial<Record<string, string[]>>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(c).map(([k, v]) => [k, [...(v ?? [])]]));
}
