'use client';
// The upload wizard for facility staff: choose what the file holds, drop it, see the first rows as they will
// be read with the detected settings and column mapping (both can be changed), check it with a dry run, then
// confirm. Progress comes from XHR upload events and from polling the import job, which runs in the worker; the
// job's id sits in the address (?job=…), so a reload picks its progress and outcome up again.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useDisplayTimeZone } from '@/lib/i18n/use-time-zone';
import { formatDateTime } from '@/lib/format/number';

type Kind = 'occupancy' | 'registry' | 'footprints' | 'costs' | 'maintenance' | 'forecast' | 'planning_areas';
const KINDS: Kind[] = ['occupancy', 'registry', 'footprints', 'costs', 'maintenance', 'forecast', 'planning_areas'];
const TEMPLATES: Kind[] = ['registry', 'occupancy', 'costs', 'maintenance', 'forecast'];

interface Settings { encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'; delimiter: ';' | ',' | '\t'; decimal: ',' | '.'; header: boolean; leadingIndexColumn: boolean; sheet?: string }
interface Preview {
  format: string;
  sheets?: string[];
  settings: Settings | null;
  header: string[];
  rows: string[][];
  fields: Array<{ key: string; required: boolean; column: string }>;
}
interface Issue { file: string; line: number; column: string; value: string; code: string; message: { da: string; en: string } }
interface Job {
  id: string; status: 'running' | 'succeeded' | 'rejected' | 'failed'; phase: string; dryRun: boolean; bytesTotal: number | null; bytesDone: number;
  rowsDone: number; attempts: number;
  rowsTotal: number; accepted: number; updated: number; duplicates: number; rejected: number; errors: Issue[]; warnings: Issue[];
  finishedAt: string | null; summary?: { issueCount?: number; checks?: Record<string, number> };
}
interface Options { valueKind: string; dateOrder: string; building: string; srid: string; saveAs: string }

const fmtSize = (n: number) => (n > 1e6 ? `${(n / 1e6).toLocaleString('da-DK', { maximumFractionDigits: 1 })} MB` : `${Math.ceil(n / 1e3).toLocaleString('da-DK')} kB`);
const fmtInt = (n: number) => n.toLocaleString('da-DK');
const noSubscription = () => () => {};
const SHOWN = 200; // issue rows listed on the page; the error CSV has every kept issue (the first 1.000)

/** An API error's message in the user's language (lib/api/errors.ts: { error: { message, messages: { da, en } } }). */
const errorText = (body: { error?: { message?: string; messages?: Record<'da' | 'en', string> } }, lang: 'da' | 'en') => body.error?.messages?.[lang] ?? body.error?.message;

export function UploadWizard() {
  const t = useTranslations('imports');
  const tu = useTranslations('uploads.wizard');
  // The pipeline's field keys (timestamp, value, …) in the user's language; the key itself stays visible, as templates use it.
  const fieldName = (key: string) => (t.has(`fieldNames.${key}`) ? t(`fieldNames.${key}`) : key);
  const router = useRouter();
  const lang = useLocale() === 'en' ? 'en' : 'da';
  const timeZone = useDisplayTimeZone();
  const [kind, setKind] = useState<Kind>('occupancy');
  const [upload, setUpload] = useState<{ id: string; name: string; size: number } | null>(null);
  const [uploadPct, setUploadPct] = useState<number | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [settings, setSettings] = useState<Partial<Settings>>({});
  const [columns, setColumns] = useState<Record<string, string>>({});
  const [constants, setConstants] = useState<Record<string, string>>({});
  const [opts, setOpts] = useState<Options>({ valueKind: '', dateOrder: '', building: '', srid: '', saveAs: '' });
  const [saved, setSaved] = useState<Array<{ name: string; mapping: { columns: Record<string, string>; constants: Record<string, string> } }>>([]);
  const [job, setJob] = useState<Job | null>(null);
  const [checked, setChecked] = useState<Job | null>(null);
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  // The file input stays disabled until the page is interactive, so a file chosen before hydration is not lost.
  const interactive = useSyncExternalStore(noSubscription, () => true, () => false);
  const poll = useRef<ReturnType<typeof setInterval> | null>(null);
  // The job the page follows now: a poll answer for any other (a job followed before a new file was chosen) is dropped.
  const following = useRef<string | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  const mapping = useCallback(
    () => ({
      columns: Object.fromEntries(Object.entries(columns).filter(([, v]) => v)),
      constants: Object.fromEntries(Object.entries(constants).filter(([, v]) => v)),
      ...(opts.valueKind ? { valueKind: opts.valueKind } : {}),
      ...(opts.dateOrder ? { dateOrder: opts.dateOrder } : {}),
      ...(opts.building ? { building: opts.building } : {}),
      ...(opts.srid ? { srid: Number(opts.srid) } : {}),
    }),
    [columns, constants, opts],
  );

  // Re-read the preview whenever the file, kind, settings or mapping change; a change needs a new check.
  useEffect(() => {
    if (!upload) return;
    let cancelled = false;
    fetch('/api/imports/preview', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ uploadId: upload.id, kind, mapping: mapping(), settings }) })
      .then(async (res) => {
        const body = await res.json();
        if (cancelled) return;
        if (!res.ok) return setError(errorText(body, lang) ?? res.statusText);
        setPreview(body.preview);
        setSaved(body.savedMappings);
        setChecked(null);
        setJob(null);
        setConfirming(false);
      })
      .catch((e: Error) => !cancelled && setError(e.message));
    return () => {
      cancelled = true;
    };
  }, [upload, kind, mapping, settings, lang]);
  useEffect(() => () => { if (poll.current) clearInterval(poll.current); }, []);

  const follow = useCallback((jobId: string) => {
    if (poll.current) clearInterval(poll.current);
    following.current = jobId;
    const url = new URL(window.location.href);
    url.searchParams.set('job', jobId);
    window.history.replaceState(window.history.state, '', url);
    poll.current = setInterval(async () => {
      const r = await fetch(`/api/imports/jobs/${jobId}`);
      if (!r.ok) return;
      const j: Job = await r.json();
      if (following.current !== jobId) return;
      setJob(j);
      if (j.status !== 'running') {
        clearInterval(poll.current!);
        // Keyboard and screen-reader users land on the outcome, which sits below the long preview.
        requestAnimationFrame(() => resultHeading.current?.focus());
        if (j.dryRun) setChecked(j);
        else {
          // Saved (or not): a new check is needed before another import. A saved import changes the coverage and
          // upload list the server rendered around the wizard.
          setChecked(null);
          if (j.status === 'succeeded') router.refresh();
        }
      }
    }, 500);
  }, [router]);
  // A reload (or a link) with ?job=… follows that job again.
  useEffect(() => {
    const id = new URLSearchParams(window.location.search).get('job');
    if (id && /^[0-9a-f-]{36}$/.test(id)) follow(id);
  }, [follow]);

  function sendFile(file: File) {
    // A new file ends following the previous job (e.g. one restored from ?job= after a reload).
    if (poll.current) clearInterval(poll.current);
    following.current = null;
    const url = new URL(window.location.href);
    if (url.searchParams.has('job')) { url.searchParams.delete('job'); window.history.replaceState(window.history.state, '', url); }
    setError(null); setPreview(null); setJob(null); setChecked(null); setConfirming(false); setSettings({}); setColumns({}); setConstants({});
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/imports/uploads?name=${encodeURIComponent(file.name)}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && setUploadPct(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      setUploadPct(null);
      const body = JSON.parse(xhr.responseText || '{}');
      if (xhr.status !== 200) return setError(errorText(body, lang) ?? xhr.statusText);
      setUpload({ id: body.uploadId, name: body.name, size: body.size });
    };
    xhr.onerror = () => { setUploadPct(null); setError(tu('uploadFailed')); };
    setUploadPct(0);
    xhr.send(file);
  }

  async function start(dryRun: boolean, skipInvalid = false) {
    if (!upload) return;
    setConfirming(false);
    const res = await fetch('/api/imports/jobs', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ uploadId: upload.id, kind, mapping: mapping(), settings, dryRun, ...(skipInvalid ? { skipInvalid: true } : {}), ...(opts.saveAs && !dryRun ? { saveMappingAs: opts.saveAs } : {}) }),
    });
    const body = await res.json();
    if (!res.ok) return setError(errorText(body, lang) ?? res.statusText);
    follow(body.jobId);
  }

  const running = job?.status === 'running';
  const pct = job && job.bytesTotal ? Math.min(100, Math.round((job.bytesDone / job.bytesTotal) * 100)) : 0;
  const fieldOptions = preview?.header ?? [];

  return (
    <div className="upload-wizard">
      <section className="upload-step">
        <label>{t('kind')}{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} disabled={running}>
            {KINDS.map((k) => <option key={k} value={k}>{t(`kinds.${k}`)}</option>)}
          </select>
        </label>
        <p className="muted">
          {t('templates')}: {TEMPLATES.map((k, i) => <span key={k}>{i > 0 && ' · '}<a href={`/templates/${k}.csv`} download>{t(`kinds.${k}`)}</a></span>)}
          {' · '}<a href="#templates">{tu('templateFor', { kind: t(`kinds.${kind}`) })}</a>
        </p>
        <div
          className={`drop-zone${dragging ? ' drop-zone--over' : ''}`}
          onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => { e.preventDefault(); setDragging(false); const f = e.dataTransfer.files[0]; if (f) sendFile(f); }}
        >
          <p>{t('drop')}</p>
          <label className="button file-button">{t('choose')}<input type="file" className="sr-only" data-testid="file-input" disabled={!interactive || uploadPct !== null} accept=".csv,.txt,.tsv,.xlsx,.json,.geojson,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => { const f = e.target.files?.[0]; if (f) sendFile(f); e.target.value = ''; }} /></label>
          <p className="muted">{t('limits')}</p>
        </div>
        {uploadPct !== null && <p role="status">{t('uploading')} <progress max={100} value={uploadPct} aria-label={tu('uploadProgressLabel')} /> {uploadPct} %</p>}
        {upload && <p>{t('uploaded', { name: upload.name, size: fmtSize(upload.size) })}</p>}
        {error && <p className="notice notice--error" role="alert">{error}</p>}
      </section>

      {preview && (
        <section className="upload-step">
          {preview.format === 'xlsx' && preview.settings && (
            <fieldset>
              <legend>{t('settings')}</legend>
              <label>{t('sheet')} <select data-testid="sheet-select" value={settings.sheet ?? preview.settings.sheet ?? ''} onChange={(e) => setSettings({ ...settings, sheet: e.target.value })}>
                {(preview.sheets ?? []).map((s) => <option key={s} value={s}>{s}</option>)}</select></label>
            </fieldset>
          )}
          {preview.format !== 'xlsx' && preview.settings && (
            <fieldset>
              <legend>{t('settings')}</legend>
              <label>{t('encoding')} <select value={settings.encoding ?? preview.settings.encoding} onChange={(e) => setSettings({ ...settings, encoding: e.target.value as Settings['encoding'] })}>
                <option value="utf-8">UTF-8</option><option value="utf-16le">UTF-16 LE</option><option value="utf-16be">UTF-16 BE</option><option value="windows-1252">Windows-1252</option></select></label>{' '}
              <label>{t('delimiter')} <select value={settings.delimiter ?? preview.settings.delimiter} onChange={(e) => setSettings({ ...settings, delimiter: e.target.value as Settings['delimiter'] })}>
                <option value=";">; ({t('semicolon')})</option><option value=",">, ({t('comma')})</option><option value={'\t'}>{t('tab')}</option></select></label>{' '}
              <label>{t('decimal')} <select value={settings.decimal ?? preview.settings.decimal} onChange={(e) => setSettings({ ...settings, decimal: e.target.value as Settings['decimal'] })}>
                <option value=",">, ({t('comma')})</option><option value=".">. ({t('point')})</option></select></label>{' '}
              <label><input type="checkbox" checked={settings.header ?? preview.settings.header} onChange={(e) => setSettings({ ...settings, header: e.target.checked })} /> {t('header')}</label>{' '}
              <label><input type="checkbox" checked={settings.leadingIndexColumn ?? preview.settings.leadingIndexColumn} onChange={(e) => setSettings({ ...settings, leadingIndexColumn: e.target.checked })} /> {t('indexColumn')}</label>
            </fieldset>
          )}
          <fieldset>
            <legend>{t('mapping')}</legend>
            {saved.length > 0 && (
              <label>{t('savedMapping')} <select defaultValue="" onChange={(e) => { const m = saved.find((s) => s.name === e.target.value); if (m) { setColumns(m.mapping.columns); setConstants(m.mapping.constants); } }}>
                <option value="">—</option>{saved.map((s) => <option key={s.name}>{s.name}</option>)}</select></label>
            )}
            <table className="data-table mapping-table" data-testid="mapping-table">
              <thead><tr><th>{t('field')}</th><th>{t('column')}</th><th>{t('constant')}</th></tr></thead>
              <tbody>
                {preview.fields.map((f) => (
                  <tr key={f.key}>
                    <td>{fieldName(f.key)} <code className="muted">{f.key}</code>{f.required && <span className="muted"> ({t('required')})</span>}</td>
                    <td><select aria-label={fieldName(f.key)} value={columns[f.key] ?? (f.column.startsWith('= ') ? '' : f.column)} onChange={(e) => setColumns({ ...columns, [f.key]: e.target.value })}>
                      <option value="">{t('notMapped')}</option>{fieldOptions.map((h) => <option key={h} value={h}>{h}</option>)}</select></td>
                    <td><input aria-label={`${fieldName(f.key)} ${t('constant')}`} value={constants[f.key] ?? ''} onChange={(e) => setConstants({ ...constants, [f.key]: e.target.value })} size={14} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
            {kind === 'occupancy' && (
              <p>
                <label>{t('valueKind')} <select value={opts.valueKind} onChange={(e) => setOpts({ ...opts, valueKind: e.target.value })}>
                  {['', 'count', 'presence', 'fraction'].map((v) => <option key={v} value={v}>{t(`valueKinds.${v || 'auto'}`)}</option>)}</select></label>{' '}
                <label>{t('dateOrder')} <select value={opts.dateOrder} onChange={(e) => setOpts({ ...opts, dateOrder: e.target.value })}>
                  {['', 'dmy', 'mdy'].map((v) => <option key={v} value={v}>{t(`dateOrders.${v || 'auto'}`)}</option>)}</select></label>{' '}
                <label>{t('building')} <input value={opts.building} onChange={(e) => setOpts({ ...opts, building: e.target.value })} size={16} /></label>
              </p>
            )}
            {(kind === 'registry' || kind === 'footprints' || kind === 'planning_areas') && (
              <p><label>{t('srid')} <select value={opts.srid} onChange={(e) => setOpts({ ...opts, srid: e.target.value })}>
                {['', '25832', '4326'].map((v) => <option key={v} value={v}>{t(`srids.${v || 'auto'}`)}</option>)}</select></label></p>
            )}
            <p><label>{t('saveAs')} <input value={opts.saveAs} onChange={(e) => setOpts({ ...opts, saveAs: e.target.value })} size={24} /></label></p>
          </fieldset>
          <h2>{t('preview')}</h2>
          <div className="table-scroll">
            <table className="data-table" data-testid="preview-table">
              <thead><tr>{preview.header.map((h) => <th key={h}>{h}</th>)}</tr></thead>
              <tbody>{preview.rows.map((r, i) => <tr key={i}>{r.map((c, j) => <td key={j}>{c}</td>)}</tr>)}</tbody>
            </table>
          </div>
          <p>
            <button type="button" onClick={() => start(true)} disabled={running}>{t('check')}</button>{' '}
            {checked?.status === 'succeeded' && (
              <button type="button" className="button--primary" onClick={() => (checked.updated > 0 ? setConfirming(true) : start(false))} disabled={running || confirming}>
                {t('confirm', { count: fmtInt(checked.rowsTotal - checked.rejected) })}
              </button>
            )}
          </p>
          {checked?.status === 'rejected' && checked.rowsTotal > checked.rejected && !checked.errors.some((i) => !i.line) && (
            <div className="valid-rows-choice" data-testid="valid-rows-choice">
              <p>{tu('validRowsExplain', { valid: fmtInt(checked.rowsTotal - checked.rejected), rejected: fmtInt(checked.rejected) })}</p>
              <button type="button" onClick={() => start(false, true)} disabled={running}>{tu('validRowsOnly', { count: fmtInt(checked.rowsTotal - checked.rejected) })}</button>
            </div>
          )}
          {confirming && checked && (
            <div className="confirm-box" role="alertdialog" aria-labelledby="replace-title" aria-describedby="replace-body" data-testid="confirm-replace">
              <h3 id="replace-title">{tu('replaceTitle', { count: checked.updated })}</h3>
              <p id="replace-body">{tu('replaceBody')}</p>
              <p>
                <button type="button" className="button--primary" onClick={() => start(false)} autoFocus>{tu('replaceConfirm')}</button>{' '}
                <button type="button" onClick={() => setConfirming(false)}>{tu('cancel')}</button>
              </p>
            </div>
          )}
        </section>
      )}

      {job && (
        <section className="upload-step" aria-live="polite">
          {running ? (
            <>
              <p data-testid="job-progress">
                {t(`progress.${job.phase in { queued: 1, reading: 1, merging: 1 } ? job.phase : 'done'}`)} <progress max={100} value={job.phase === 'merging' ? undefined : pct} aria-label={tu('progressLabel')} /> {job.phase === 'reading' && `${pct} %`}
                {job.rowsDone > 0 && <> · {tu('rowsRead', { rows: fmtInt(job.rowsDone) })}</>}
                {job.attempts > 1 && <> · {tu('attempt', { attempt: job.attempts })}</>}
              </p>
              <p className="muted">{tu('queuedHint')}</p>
            </>
          ) : (
            <>
              <h2 ref={resultHeading} tabIndex={-1}>{t('result.title')}: {job.dryRun ? t('result.dryRun') : t('result.saved')}</h2>
              <p className={job.status === 'succeeded' ? 'notice notice--ok' : 'notice notice--error'} data-testid="result-status">
                {t(`status.${job.status === 'succeeded' && !job.dryRun ? 'succeededSaved' : job.status}`)}
                {job.finishedAt && <> {tu(job.dryRun ? 'checkedAt' : 'savedAt', { time: formatDateTime(new Date(job.finishedAt), lang, timeZone) })}</>}
              </p>
              <dl className="result-counts" data-testid="result-counts">
                <div><dt>{t('result.rows')}</dt><dd>{fmtInt(job.rowsTotal)}</dd></div>
                <div><dt>{t('result.accepted')}</dt><dd>{fmtInt(job.accepted)}</dd></div>
                {job.updated > 0 && <div><dt>{tu('updated')}</dt><dd>{fmtInt(job.updated)}</dd></div>}
                <div><dt>{t('result.duplicates')}</dt><dd>{fmtInt(job.duplicates)}</dd></div>
                <div><dt>{t('result.rejected')}</dt><dd>{fmtInt(job.rejected)}</dd></div>
              </dl>
              {job.summary?.checks && Object.keys(job.summary.checks).length > 0 && (
                <div data-testid="checks-summary">
                  <h3>{t('checksTitle')}</h3>
                  <ul>{Object.entries(job.summary.checks).map(([code, count]) => {
                    const example = [...job.errors, ...job.warnings].find((i) => i.code === code);
                    return <li key={code}><code>{code}</code>: {t('checkRows', { count: fmtInt(count) })}{example && <> — {example.message[lang]}</>}</li>;
                  })}</ul>
                </div>
              )}
              {(['errors', 'warnings'] as const).map((key) => {
                const list = job[key];
                if (list.length === 0) return null;
                // File-level problems (line 0, e.g. "only the first 1.000 are listed") first, then up to 200 rows.
                const shown = [...list.filter((i) => !i.line), ...list.filter((i) => i.line).slice(0, SHOWN)];
                // Counted the same way as shown: file-level problems and row problems alike (never "Bemærk (0)" over one row).
                const total = key === 'errors' && typeof job.summary?.issueCount === 'number' ? Math.max(job.summary.issueCount, list.length) : list.length;
                return (
                  <div key={key}>
                    <h3>{t(key)} ({fmtInt(total)})</h3>
                    <div className="table-scroll">
                      <table className="data-table issue-table" data-testid={`${key}-table`}>
                        <caption className="sr-only">{tu(key === 'errors' ? 'errorsCaption' : 'warningsCaption')}</caption>
                        <thead><tr><th scope="col">{tu('file')}</th><th scope="col" className="num">{t('line')}</th><th scope="col">{t('column')}</th><th scope="col">{t('value')}</th><th scope="col">{t('reason')}</th></tr></thead>
                        <tbody>{shown.map((i, k) => <tr key={k}><td data-label={tu('file')}>{i.file}</td><td className="num" data-label={t('line')}>{i.line ? fmtInt(i.line) : '–'}</td><td data-label={t('column')}>{i.column || '–'}</td><td data-label={t('value')}><code>{i.value}</code></td><td data-label={t('reason')} className="issue-reason">{i.message[lang]}</td></tr>)}</tbody>
                      </table>
                    </div>
                    {total > shown.length && (
                      <p className="muted">{tu('shownOf', { shown: fmtInt(shown.length), total: fmtInt(total), inFile: fmtInt(list.length) })}</p>
                    )}
                  </div>
                );
              })}
              {(job.errors.length > 0 || job.warnings.length > 0) && <p><a href={`/api/imports/jobs/${job.id}/errors?lang=${lang}`} download>{t('downloadErrors')}</a></p>}
            </>
          )}
        </section>
      )}
    </div>
  );
}
