// The one import pipeline every entry point uses (upload page, CLI, tests):
//   detect → parse (streaming) → validate every row → COPY valid rows into an unindexed temp staging table →
//   merge into the real tables in ONE transaction.
// Any invalid row rejects the whole file by default (skipInvalid lands the valid rows instead); a rejected,
// failed or killed import leaves the data unchanged. The import_job row is written outside the transaction,
// so a rejected import is still recorded with its issues. A dry run does everything and rolls back.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { getPool } from '@/lib/db/pool';
import { IMPORT_MAX_COLUMNS, IMPORT_MAX_ISSUES_KEPT } from '@/lib/config/limits';
import { admissionIssue, readsAsJson } from './admission';
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER } from './copy-binary';
import { copyLine } from './copy-text';
import { csvBatches, CsvRecordTooLong, csvRecords, readSample } from './csv-source';
import { detectCsvSettings, decodeSample, looksBinary, type CsvSettings, type DecimalMark } from './detect';
import { IssueList, makeIssue, type ImportIssue, type IssueCode, type IssueParams } from './issues';
import { createJob, finishJob, updateJobProgress } from './job';
import { jsonKeys, jsonRecordBatches, jsonText, JsonSourceError, scanJson, type JsonScan } from './json-source';
import { costsHandler } from './kinds/costs';
import { footprintsHandler } from './kinds/footprints';
import { maintenanceHandler } from './kinds/maintenance';
import { occupancyHandler } from './kinds/occupancy';
import { registryHandler } from './kinds/registry';
import type { KindContext, KindHandler, MergeCounts, RecordView } from './kinds/types';
import { mappingSchema, resolveColumns, type ColumnMapping, type ImportKind, type ResolvedField } from './mapping';
import { dateOrderEvidence, type DateOrder } from './timestamps';

export interface ImportOptions {
  kind: ImportKind;
  /** The file on disk (uploads are streamed to a temp file first). */
  path: string;
  /** The name shown in issues and stored on the job (default: the path). */
  fileName?: string;
  organisationId: string;
  userId?: string | null;
  /**
   * The buildings the user may import data for (importActor().buildingIds: facility staff); null/undefined =
   * all. Occupancy, cost and maintenance rows for other buildings are row errors; registry and footprint files
   * are refused as a whole (they can create or change any building).
   */
  buildingIds?: readonly string[] | null;
  source?: 'web' | 'cli' | 'api';
  dryRun?: boolean;
  /** Land the valid rows and report the invalid ones, instead of rejecting the file. */
  skipInvalid?: boolean;
  mapping?: Partial<ColumnMapping>;
  /** Overrides of the detected CSV settings. */
  settings?: Partial<CsvSettings>;
  pool?: Pool;
  /** An existing job row to fill (the upload page creates it before streaming). */
  jobId?: string;
  maxIssues?: number;
  /**
   * Runs inside the import's transaction after the merge, just before COMMIT (not for dry runs): e.g. the
   * audit row of an ingest batch, so a landed batch without its audit row cannot happen.
   */
  beforeCommit?: (client: PoolClient, landed: { jobId: string; counts: MergeCounts; rowsTotal: number }) => Promise<void>;
  onProgress?: (p: { bytesDone: number; bytesTotal: number; phase: string }) => void;
  /**
   * Let a kind with a direct path (occupancy) COPY rows straight into the real table instead of a stage
   * (default true). It falls back to the stage by itself when a key repeats or is already stored.
   */
  directCopy?: boolean;
  /** The import's clock (tests); default the real one. Readings more than the organisation's allowance after it are refused. */
  nowMs?: number;
}

export interface ImportResult {
  jobId: string;
  status: 'succeeded' | 'rejected' | 'failed';
  dryRun: boolean;
  fileName: string;
  checksum: string | null;
  rowsTotal: number;
  /** Rows that changed the database: inserted + updated. */
  accepted: number;
  inserted: number;
  updated: number;
  /** Valid rows that changed nothing (already there with the same values, or repeated in the file). */
  duplicates: number;
  /** Rows with at least one issue. */
  rejected: number;
  issues: ImportIssue[];
  issueCount: number;
  /** Things the user should know that did not stop the import (e.g. a date order assumed). */
  warnings: ImportIssue[];
  settings: CsvSettings | null;
  mapping: ColumnMapping;
  columns: Record<string, string>;
  extra: Record<string, unknown>;
  durationMs: number;
}

function handlerFor(kind: ImportKind, dateOrder: DateOrder | undefined): KindHandler {
  switch (kind) {
    case 'occupancy':
      return occupancyHandler(dateOrder);
    case 'registry':
      return registryHandler();
    case 'footprints':
      return footprintsHandler();
    case 'costs':
      return costsHandler();
    case 'maintenance':
      return maintenanceHandler();
  }
}

/** The direct COPY met a unique violation (a key repeated in the file or already stored): redo via the stage. */
class DirectFallback extends Error {}

class Rejection extends Error {
  constructor(readonly issues: ImportIssue[]) {
    super(issues[0]?.message.en ?? 'rejected');
  }
}

/** Runs one import end to end and records it in import_job; never leaves partial data. */
export async function runImport(opts: ImportOptions): Promise<ImportResult> {
  const pool = opts.pool ?? getPool();
  const started = performance.now();
  const fileName = opts.fileName ?? opts.path;
  const mapping = mappingSchema.parse(opts.mapping ?? {});
  const dryRun = opts.dryRun ?? false;
  const { size } = await readSample(opts.path, 0);
  const jobId =
    opts.jobId ??
    (await createJob(pool, { organisationId: opts.organisationId, userId: opts.userId, kind: opts.kind, source: opts.source ?? 'cli', fileName, bytesTotal: size, dryRun }));
  let issues = new IssueList(opts.maxIssues ?? IMPORT_MAX_ISSUES_KEPT);
  const fresh = (): RunState => ({ checksum: null, rowsTotal: 0, settings: null, columns: {}, bytesDone: 0, mapping, warnings: [] });
  const state: RunState = fresh();
  const base = { jobId, dryRun, fileName, mapping };
  try {
    let counts: MergeCounts;
    try {
      counts = await execute(opts, pool, jobId, fileName, size, issues, state, opts.directCopy ?? true);
    } catch (e) {
      if (!(e instanceof DirectFallback)) throw e;
      // Rolled back: read the file again, through the stage (dedupe / upsert), from a clean slate.
      issues = new IssueList(opts.maxIssues ?? IMPORT_MAX_ISSUES_KEPT);
      Object.assign(state, fresh());
      counts = await execute(opts, pool, jobId, fileName, size, issues, state, false);
    }
    const staged = state.rowsTotal - issues.rowsRejected;
    const duplicates = counts.duplicates ?? Math.max(0, staged - counts.inserted - counts.updated);
    const result: ImportResult = {
      ...base,
      status: 'succeeded',
      checksum: state.checksum,
      rowsTotal: state.rowsTotal,
      accepted: counts.inserted + counts.updated,
      inserted: counts.inserted,
      updated: counts.updated,
      duplicates,
      rejected: issues.rowsRejected,
      issues: issues.items,
      issueCount: issues.total,
      warnings: state.warnings,
      settings: state.settings,
      mapping: state.mapping,
      columns: state.columns,
      extra: {
        ...(counts.extra ?? {}),
        ...(counts.fromMs !== undefined ? { from: new Date(counts.fromMs).toISOString(), to: new Date(counts.toMs!).toISOString() } : {}),
        // The user chose to land only the valid rows of a file with bad ones: the import's history says so.
        ...(opts.skipInvalid && issues.rowsRejected > 0 ? { validRowsOnly: true } : {}),
      },
      durationMs: Math.round(performance.now() - started),
    };
    await finish(pool, result, state);
    return result;
  } catch (thrown) {
    const error = thrown instanceof CsvRecordTooLong
      ? new Rejection([makeIssue('record_too_long', { file: fileName, line: thrown.line }, { limit: thrown.limit, line: thrown.line })])
      : thrown;
    const rejected = error instanceof Rejection;
    if (rejected) for (const i of error.issues) issues.add(i);
    if (!state.checksum) state.checksum = await sha256File(opts.path).catch(() => null);
    const result: ImportResult = {
      ...base,
      status: rejected ? 'rejected' : 'failed',
      checksum: state.checksum,
      rowsTotal: state.rowsTotal,
      accepted: 0,
      inserted: 0,
      updated: 0,
      duplicates: 0,
      rejected: rejected ? Math.max(issues.rowsRejected, 0) : 0,
      issues: issues.items,
      issueCount: issues.total,
      warnings: state.warnings,
      settings: state.settings,
      mapping: state.mapping,
      columns: state.columns,
      extra: rejected ? {} : { error: (error as Error).message },
      durationMs: Math.round(performance.now() - started),
    };
    await finish(pool, result, state);
    if (!rejected) throw error;
    return result;
  }
}

interface RunState {
  checksum: string | null;
  rowsTotal: number;
  settings: CsvSettings | null;
  columns: Record<string, string>;
  bytesDone: number;
  mapping: ColumnMapping;
  warnings: ImportIssue[];
}

async function finish(pool: Pool, r: ImportResult, state: RunState): Promise<void> {
  if (r.issueCount > r.issues.length) {
    r.issues.push(makeIssue('too_many_errors', { file: r.fileName, line: 0 }, { count: r.issueCount, shown: r.issues.length }));
  }
  await finishJob(pool, r.jobId, {
    status: r.status,
    checksum: r.checksum,
    rowsTotal: r.rowsTotal,
    accepted: r.accepted,
    updated: r.updated,
    duplicates: r.duplicates,
    rejected: r.rejected,
    issues: r.issues,
    bytesDone: state.bytesDone,
    summary: { warnings: r.warnings, settings: r.settings, columns: r.columns, mapping: r.mapping, extra: r.extra, durationMs: r.durationMs, issueCount: r.issueCount, inserted: r.inserted },
  });
}

async function execute(
  opts: ImportOptions,
  pool: Pool,
  jobId: string,
  fileName: string,
  size: number,
  issues: IssueList,
  state: RunState,
  tryDirect: boolean,
): Promise<MergeCounts> {
  const fileIssue = (code: IssueCode, params: IssueParams = {}, column = '') => new Rejection([makeIssue(code, { file: fileName, line: 0, column }, params)]);
  const { sample, truncated } = await readSample(opts.path);
  if (size === 0 || sample.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
    state.checksum = createHash('sha256').update(sample).digest('hex');
    throw fileIssue('empty_file');
  }
  if (looksBinary(sample)) {
    state.checksum = createHash('sha256').update(sample).digest('hex');
    throw fileIssue('binary_file');
  }
  const hash = createHash('sha256');
  let lastProgress = 0;
  const progress = (phase: string, force = false) => {
    opts.onProgress?.({ bytesDone: state.bytesDone, bytesTotal: size, phase });
    const now = Date.now();
    if (force || now - lastProgress > 1000) {
      lastProgress = now;
      void updateJobProgress(pool, jobId, { bytesDone: state.bytesDone, phase }).catch(() => undefined);
    }
  };

  const isJson = readsAsJson(opts.kind, decodeSample(sample.subarray(0, 4096), 'utf-8').trimStart()[0]);
  const refused = admissionIssue({ kind: opts.kind, size, json: isJson, buildingIds: opts.buildingIds, file: fileName });
  if (refused) throw new Rejection([refused]);

  // Records source: CSV or JSON, both streamed a parsed chunk at a time. Each batch is consumed
  // before the next is asked for, so one record object per batch is reused.
  let records: AsyncIterable<RecordBatch>;
  let header: string[];
  let decimal: DecimalMark = '.';
  let dateOrder = state.mapping.dateOrder;

  if (isJson) {
    // Streamed twice (memory: one record at a time): once to check the document and find its records and crs,
    // then record by record into the stage.
    let scan: JsonScan;
    try {
      scan = await scanJson(opts.path, (chunk) => {
        hash.update(chunk);
        state.bytesDone += chunk.length;
        progress('reading');
      });
      const head = await jsonKeys(opts.path, scan.layout);
      if (head.records === 0) throw fileIssue('header_only');
      header = head.keys;
    } catch (e) {
      if (!(e instanceof JsonSourceError)) throw e;
      state.checksum = createHash('sha256').update(sample).digest('hex');
      throw fileIssue('invalid_json', { reason: e.message });
    }
    if (scan.crsSrid && !state.mapping.srid && (scan.crsSrid === 25832 || scan.crsSrid === 4326)) state.mapping = { ...state.mapping, srid: scan.crsSrid };
    const keys = header;
    const layout = scan.layout;
    records = (async function* () {
      let line = 0;
      try {
        for await (const batch of jsonRecordBatches(opts.path, layout)) {
          const rows = batch.map((rec) => ({ line: ++line, get: (f: ResolvedField) => (f.index < 0 ? f.constant : jsonText(rec[keys[f.index]])) }));
          yield { size: rows.length, at: (k: number) => rows[k] };
        }
      } catch (e) {
        if (!(e instanceof JsonSourceError)) throw e;
        throw new Rejection([makeIssue('invalid_json', { file: fileName, line: line + 1 }, { reason: e.message })]);
      }
    })();
  } else {
    const detected = detectCsvSettings(sample, truncated);
    const settings: CsvSettings = { ...detected, ...stripUndefined(opts.settings ?? {}) };
    state.settings = settings;
    decimal = settings.decimal;
    const iter = csvBatches(opts.path, settings, (chunk) => {
      hash.update(chunk);
      state.bytesDone += chunk.length;
      progress('reading');
    });
    const first = await iter.next();
    if (first.done) throw fileIssue('empty_file');
    const firstFields = first.value.rows[0];
    if (settings.header) {
      header = firstFields.map((h, i) => h.trim() || `#${i + 1}`);
      if (settings.leadingIndexColumn) header = ['#index', ...header];
    } else header = firstFields.map((_, i) => `#${i + 1}`);
    const skipFirst = settings.header ? 1 : 0;
    records = (async function* () {
      const rec = new CsvRecordView();
      const batches = (async function* () {
        yield first.value;
        for await (const b of iter) yield b;
      })();
      let skip = skipFirst;
      for await (const b of batches) {
        const offset = skip;
        skip = 0;
        yield {
          size: b.rows.length - offset,
          at: (k: number) => {
            rec.fields = b.rows[k + offset];
            rec.line = b.lines[k + offset];
            rec.width = rec.fields.length;
            return rec;
          },
        };
      }
    })();
    if (opts.kind === 'occupancy' && !dateOrder) {
      const scanned = await scanDateOrder(opts.path, settings, header, state.mapping);
      if (scanned === 'ambiguous') {
        // Danish files write dd-mm-yyyy; say so, and let the user choose otherwise.
        dateOrder = 'dmy';
        state.warnings.push(makeIssue('ambiguous_date_order', { file: fileName, line: 0, column: state.mapping.columns.timestamp ?? 'timestamp' }));
      } else dateOrder = scanned;
    }
  }
  if (dateOrder) state.mapping = { ...state.mapping, dateOrder };

  if (header.length > IMPORT_MAX_COLUMNS) throw fileIssue('too_many_columns', { found: header.length, limit: IMPORT_MAX_COLUMNS });
  const handler = handlerFor(opts.kind, dateOrder);
  const { resolved, missing } = resolveColumns(header, handler.fields, state.mapping);
  state.columns = Object.fromEntries([...resolved.values()].map((r) => [r.key, r.index < 0 ? `= ${r.constant}` : r.column]));
  if (missing.length > 0) {
    throw new Rejection(
      missing.map((m) =>
        makeIssue('missing_column', { file: fileName, line: 0, column: m.column }, { field: m.field, columns: header.filter((h) => !h.startsWith('#')).join(', ') || header.join(', ') }),
      ),
    );
  }
  const allowedBuildings = opts.buildingIds ? new Set(opts.buildingIds) : null;
  const ctx: KindContext = { organisationId: opts.organisationId, mapping: state.mapping, decimal, file: fileName, header, allowedBuildings, nowMs: opts.nowMs ?? Date.now() };

  const client = await pool.connect();
  let open = false;
  try {
    await client.query('BEGIN');
    open = true;
    const readStart = performance.now();
    const { rows: pidRows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await updateJobProgress(pool, jobId, { pid: pidRows[0].pid, phase: 'reading' });
    const cols = handler.stageColumns;
    // Direct path: no stage; the rows go into the real table as they are read (the database work is then the
    // naive COPY, overlapped with parsing). Other imports of the organisation wait from the start.
    const direct = tryDirect && !isJson ? handler.direct : undefined;
    if (direct) {
      direct.enable();
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`areal-import:${opts.organisationId}`]);
    } else await client.query(`CREATE TEMP TABLE stage (${cols.map(([n, t]) => `${n} ${t}`).join(', ')}) ON COMMIT DROP`);
    await handler.prepare(client, ctx);

    const target = direct ? direct.target : `stage (${cols.map(([n]) => n).join(', ')})`;
    const startCopy = () => {
      const stream = client.query(copyFrom(`COPY ${target} FROM STDIN${direct ? ' (FORMAT binary)' : ''}`));
      const done = finished(stream);
      done.catch(() => undefined);
      if (direct) stream.write(COPY_BINARY_HEADER);
      return { stream, done };
    };
    let { stream: copy, done: copyDone } = startCopy();
    /** A COPY error on the direct path that the stage path handles (unique violation) becomes a fallback. */
    const copyFailed = (e: unknown): never => {
      if (direct && (e as { code?: string }).code === '23505') throw new DirectFallback();
      throw e;
    };
    /** Writes with back-pressure: waits for the server to take the data; a failed COPY ends the wait with its error. */
    const send = async (data: string | Buffer) => {
      if (data.length > 0 && !copy.write(data)) await Promise.race([once(copy, 'drain'), copyDone.then(() => undefined, copyFailed)]);
    };
    // `final`: the file is read — the direct path's last rows go too. Before a barrier they must wait: the rows
    // held back may include the one that needs the barrier (its month's partition).
    const endCopy = async (rest: string, final: boolean) => {
      if (direct) {
        const last = final && written ? direct.flush() : null;
        if (last) await send(last);
        copy.end(COPY_BINARY_TRAILER);
      } else copy.end(rest);
      await copyDone.catch(copyFailed);
    };
    let buf = '';
    let written = true;
    const expectedWidth = header.length;
    const checkWidth = !isJson;
    // One view object for every row (no closures allocated per row): `r`, `line` and `bad` are the current row's.
    let r: SourceRecord = { line: 0, get: () => undefined };
    let line = 0;
    let bad = false;
    const view: RecordView = {
      file: fileName,
      line: 0,
      get: (f) => {
        const rf = resolved.get(f);
        return rf ? r.get(rf) : undefined;
      },
      column: (f) => resolved.get(f)?.column ?? f,
      issue: (code, f, params = {}, value) => {
        bad = true;
        const rf = f ? resolved.get(f) : undefined;
        issues.add(makeIssue(code, { file: fileName, line, column: rf?.column ?? f ?? '', value: value ?? (rf ? (r.get(rf) ?? '') : '') }, params));
      },
    };
    const rowLine = handler.rowLine ?? ((v: RecordView) => {
      const values = handler.row(v);
      return values ? copyLine(values) : null;
    });
    for await (const batch of records) {
      for (let k = 0; k < batch.size; k++) {
        r = batch.at(k);
        state.rowsTotal += 1;
        line = r.line;
        view.line = line;
        bad = false;
        if (checkWidth && r.width !== undefined && r.width !== expectedWidth) {
          const extraEmpty = r.width > expectedWidth && allEmptyFrom(r, expectedWidth);
          if (!extraEmpty) {
            view.issue(r.width > expectedWidth ? 'extra_fields' : 'missing_fields', null, { found: r.width, expected: expectedWidth });
            continue;
          }
        }
        const text = rowLine(view);
        if (text === null || bad) continue;
        if (direct) {
          // A file that will be rejected is only validated from here on: nothing more to write.
          if (!written) continue;
          if (!opts.skipInvalid && !issues.isEmpty) {
            written = false;
            continue;
          }
          const barrier = direct.takeBarrier();
          if (barrier) {
            await endCopy(buf, false);
            buf = '';
            await barrier(client);
            ({ stream: copy, done: copyDone } = startCopy());
          }
        }
        buf += text;
      }
      if (direct) {
        const rows = direct.take();
        if (rows && written) await send(rows);
      } else if (buf.length >= 1 << 16) {
        await send(buf);
        buf = '';
      }
    }
    await endCopy(buf, true);
    const msReadAndStage = Math.round(performance.now() - readStart);
    for (const i of handler.finish?.() ?? []) issues.add(i);
    state.checksum = hash.digest('hex');
    state.bytesDone = Math.max(state.bytesDone, isJson ? state.bytesDone : size);
    progress('merging', true);

    if (state.rowsTotal === 0) throw fileIssue('header_only');
    const fileLevel = issues.items.some((i) => i.line === 0);
    if (fileLevel || (!issues.isEmpty && !opts.skipInvalid)) throw new Rejection([]);

    // One import per organisation merges at a time: sensors and buildings created here cannot race.
    if (!direct) await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`areal-import:${opts.organisationId}`]);
    const counts = await handler.merge(client, ctx);
    if (!opts.dryRun && opts.beforeCommit) await opts.beforeCommit(client, { jobId, counts, rowsTotal: state.rowsTotal });
    const commitStart = performance.now();
    await client.query(dryRunOr(opts.dryRun));
    // Where the time went (also in the job summary): reading + validating + COPY to the stage, the kind's merge
    // phases, the commit.
    counts.extra = { ...(counts.extra ?? {}), msReadAndStage, msCommit: Math.round(performance.now() - commitStart) };
    open = false;
    progress('done', true);
    return counts;
  } catch (e) {
    if (open) await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
    handler.dispose?.();
  }
}

function dryRunOr(dryRun: boolean | undefined): string {
  return dryRun ? 'ROLLBACK' : 'COMMIT';
}

interface SourceRecord {
  line: number;
  width?: number;
  get: (f: ResolvedField) => string | undefined;
}

interface RecordBatch {
  size: number;
  /** The k-th record of the batch (the CSV source reuses one object: read it before asking for the next). */
  at: (k: number) => SourceRecord;
}

/** A CSV record: its fields trimmed on access, empty → undefined; constants for fields mapped to a fixed value. */
class CsvRecordView implements SourceRecord {
  line = 0;
  width = 0;
  fields: string[] = [];
  get = (f: ResolvedField): string | undefined => {
    if (f.index < 0) return f.constant;
    const v = this.fields[f.index];
    if (v === undefined) return undefined;
    const t = v.trim();
    return t === '' ? undefined : t;
  };
}

function allEmptyFrom(r: SourceRecord, from: number): boolean {
  for (let i = from; i < (r.width ?? 0); i++) if (r.get({ key: '', index: i, column: '' }) !== undefined) return false;
  return true;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Decides dd-mm vs mm-dd for dash/slash dates by reading the timestamp column until one date settles it
 * (a first part above 12 → day first; a second part above 12 → month first). Stops early on ISO files.
 * Returns 'ambiguous' when dates of the file read both ways (the import then assumes dd-mm-yyyy and warns),
 * undefined when the column holds no dash/slash dates.
 */
export async function scanDateOrder(path: string, settings: CsvSettings, header: string[], mapping: ColumnMapping): Promise<DateOrder | 'ambiguous' | undefined> {
  const { resolved } = resolveColumns(header, occupancyHandler(undefined).fields, mapping);
  const ts = resolved.get('timestamp');
  if (!ts || ts.index < 0) return undefined;
  let either = 0;
  let none = 0;
  let first = settings.header;
  for await (const r of csvRecords(path, settings)) {
    if (first) {
      first = false;
      continue;
    }
    const v = r.fields[ts.index];
    if (v === undefined) continue;
    const e = dateOrderEvidence(v);
    if (e === 'dmy' || e === 'mdy') return e;
    if (e === 'either') either += 1;
    else none += 1;
    if (either === 0 && none >= 1000) return undefined;
  }
  return either > 0 ? 'ambiguous' : undefined;
}

/** sha256 of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

