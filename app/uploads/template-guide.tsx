import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getTranslations } from 'next-intl/server';

// How a file should look: one downloadable template per kind (public/templates, proven importable in
// tests/integration/imports/semantics.test.ts), its columns explained, and the format rules every CSV follows.
const TEMPLATES = [
  { kind: 'occupancy', columns: [['tidspunkt', 'timestamp'], ['sensor_id', 'sensor'], ['bygning', 'building'], ['antal', 'count']] },
  { kind: 'costs', columns: [['bygning', 'building'], ['år', 'year'], ['type', 'costType'], ['beløb_kr', 'amount']] },
  { kind: 'maintenance', columns: [['bygning', 'building'], ['komponent', 'component'], ['tilstandsgrad', 'grade'], ['overslag_kr', 'estimate'], ['udførelsesår', 'dueYear'], ['udført', 'done']] },
  { kind: 'forecast', columns: [['område', 'forecastArea'], ['alder', 'forecastAge'], ['år', 'forecastYear'], ['personer', 'forecastPersons'], ['variant', 'forecastVariant']] },
  { kind: 'registry', columns: [['bygnings_id', 'registryId'], ['navn', 'name'], ['adresse', 'address'], ['anvendelse', 'useCode'], ['areal', 'area'], ['kapacitet', 'capacity'], ['x', 'x'], ['y', 'y']] },
] as const;
const RULES = ['delimiter', 'decimal', 'encoding', 'time', 'dst', 'whole'] as const;

export async function TemplateGuide() {
  const [t, ti] = await Promise.all([getTranslations('uploads.templates'), getTranslations('imports')]);
  const examples = await Promise.all(TEMPLATES.map((x) => readFile(path.join(process.cwd(), 'public', 'templates', `${x.kind}.csv`), 'utf8')));
  return (
    <section className="upload-section" id="templates" aria-labelledby="templates-title">
      <h2 id="templates-title">{t('title')}</h2>
      <p>{t('intro')}</p>
      <h3>{t('rulesTitle')}</h3>
      <ul className="format-rules">
        {RULES.map((r) => <li key={r}>{t.rich(`rules.${r}`, { b: (c) => <strong>{c}</strong>, code: (c) => <code>{c}</code> })}</li>)}
      </ul>
      {TEMPLATES.map((x, i) => (
        <details key={x.kind} className="template" data-kind={x.kind}>
          <summary>{ti(`kinds.${x.kind}`)}</summary>
          <p>{t(`about.${x.kind}`)}</p>
          <p><a className="button" href={`/templates/${x.kind}.csv`} download>{t('download', { kind: ti(`kinds.${x.kind}`) })}</a></p>
          <table className="data-table">
            <caption className="sr-only">{t('columnsCaption', { kind: ti(`kinds.${x.kind}`) })}</caption>
            <thead><tr><th scope="col">{t('column')}</th><th scope="col">{t('meaning')}</th></tr></thead>
            <tbody>
              {x.columns.map(([name, key]) => <tr key={name}><th scope="row"><code>{name}</code></th><td>{t(`columns.${key}`)}</td></tr>)}
            </tbody>
          </table>
          <p className="muted">{t('example')}</p>
          <pre className="csv-example" tabIndex={0} aria-label={t('example')}>{examples[i]}</pre>
        </details>
      ))}
    </section>
  );
}
