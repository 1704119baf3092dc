// The one import pipeline every entry point uses (upload page, CLI, tests), as a row of named stages — each a
// folder of lib/imports/ with a module of typed input and output, called here in order:
//   detect/ (detectFile) → read/ (readRecords) → validate/ (validateRows) → write/ (CopyWriter: COPY into an
//   unindexed temp stage, or straight into the real table on a kind's direct path) → merge/ (mergeFile) →
//   derive/ (deriveReadings: rollups, sensor quality) → rescore/ (rescoreTouched: the buildings whose readings, costs
//   or maintenance plan changed), merge to re-score in ONE
//   transaction. The kinds (kinds/) say what a row of each file type means and how it merges.
// Any invalid row rejects the whole file by default (skipInvalid lands the valid rows instead); a rejected,
// failed or killed import leaves the data unchanged. The import_job row is written outside the transaction,
// so a rejected import is still recorded with its issues. A dry run does everything and rolls back.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Pool, PoolClient } from 'pg';
import { getPool } from '@/lib/db/pool';
import { IMPORT_MAX_COLUMNS, IMPORT_MAX_ISSUES_KEPT } from '@/lib/config/limits';
import { deriveReadings } from './derive/readings';
import type { CsvSettings } from './detect/detect';
import { detectFile } from './detect/detect-file';
import { IssueList, makeIssue, type ImportIssue } from './issues';
import { createJob, finishJob, updateJobProgress } from './job';
import { costsHandler } from './kinds/costs';
import { populationForecastHandler } from './kinds/population-forecast';
import { footprintsHandler } from './kinds/footprints';
import { maintenanceHandler } from './kinds/maintenance';
import { occupancyHandler } from './kinds/occupancy';
import { registryHandler } from './kinds/registry';
import type { KindContext, KindHandler, MergeCounts } from './kinds/types';
import { mappingSchema, resolveColumns, type ColumnMapping, type ImportKind } from './mapping';
import { loadOrganisationSettings } from '@/lib/organisations/load-settings';
import { parseOrganisationSettings } from '@/lib/organisations/settings';
import { mergeFile } from './merge/merge-file';
import { CsvRecordTooLong, readSample } from './read/csv-source';
import { readRecords } from './read/read-records';
import { fileRejection, Rejection } from './rejection';
import { rescoreTouched } from './rescore/rescore-touched';
import { validateRows } from './validate/validate-rows';
import type { DateOrder } from './validate/timestamps';
import { DirectFallback, openCopyWriter } from './write/copy-writer';

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
  /** Things the user should know that did not stop the import (e.g. a date order assumed, a unit converted, a doubtful row). */
  warnings: ImportIssue[];
  /** How many rows each check (issue or warning code) caught, for the check's summary before commit. */
  checks: Record<string, number>;
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
    case 'forecast':
      return populationForecastHandler();
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
  const fresh = (): RunState => ({ checks: {}, checksum: null, rowsTotal: 0, settings: null, columns: {}, bytesDone: 0, mapping, warnings: [] });
  const state: RunState = fresh();
  const base = { jobId, dryRun, fileName, mapping };
  try {
    let counts: MergeCounts;
    try {
      counts = await importFile({ opts, pool, jobId, fileName, size, issues, state, tryDirect: opts.directCopy ?? true });
    } catch (e) {
      if (!(e instanceof DirectFallback)) throw e;
      // Rolled back: read the file again, through the stage (dedupe / upsert), from a clean slate.
      issues = new IssueList(opts.maxIssues ?? IMPORT_MAX_ISSUES_KEPT);
      Object.assign(state, fresh());
      counts = await importFile({ opts, pool, jobId, fileName, size, issues, state, tryDirect: false });
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
      checks: state.checks,
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
    if (rejected && error.checksum && !state.checksum) state.checksum = error.checksum;
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
      checks: state.checks,
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
  /** Rows (or, for notices, files) each check or issue code caught: errors and warnings alike. */
  checks: Record<string, number>;
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
    summary: { warnings: r.warnings, checks: r.checks, settings: r.settings, columns: r.columns, mapping: r.mapping, extra: r.extra, durationMs: r.durationMs, issueCount: r.issueCount, inserted: r.inserted },
  });
}

/** One attempt at importing the file (the direct path may fall back to a second one through the stage). */
interface ImportAttempt {
  opts: ImportOptions;
  pool: Pool;
  jobId: string;
  fileName: string;
  size: number;
  issues: IssueList;
  /** Filled as the stages go, so a rejected or failed import still records how far it got. */
  state: RunState;
  /** Take the kind's direct path if it has one (not on the retry after a DirectFallback). */
  tryDirect: boolean;
}

/** The stages in order, merge to re-score in one transaction; returns what the merge changed. */
async function importFile({ opts, pool, jobId, fileName, size, issues, state, tryDirect }: ImportAttempt): Promise<MergeCounts> {
  const hash = createHash('sha256');
  let lastProgress = 0;
  const progress = (phase: string, force = false) => {
    opts.onProgress?.({ bytesDone: state.bytesDone, bytesTotal: size, phase });
    const now = Date.now();
    if (force || now - lastProgress > 1000) {
      lastProgress = now;
      void updateJobProgress(pool, jobId, { bytesDone: state.bytesDone, rowsDone: state.rowsTotal, phase }).catch(() => undefined);
    }
  };

  // detect → read
  const file = await detectFile({ kind: opts.kind, path: opts.path, fileName, size, buildingIds: opts.buildingIds, settings: opts.settings });
  if (file.format !== 'json') state.settings = file.settings;
  const source = await readRecords({
    file,
    mapping: state.mapping,
    onBytes: (chunk) => {
      hash.update(chunk);
      state.bytesDone += chunk.length;
      progress('reading');
    },
  });
  state.mapping = source.mapping;
  state.warnings.push(...source.warnings);
  if (source.sheet) {
    // A workbook's issues name its sheet with the file: `plan.xlsx › Plan`, line = the Excel row, column = its header.
    state.settings = { ...state.settings!, sheet: source.sheet };
    fileName = `${fileName} › ${source.sheet}`;
  }
  const { header } = source;

  if (header.length > IMPORT_MAX_COLUMNS) throw fileRejection(fileName, 'too_many_columns', { found: header.length, limit: IMPORT_MAX_COLUMNS });
  const handler = handlerFor(opts.kind, state.mapping.dateOrder);
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
  const ctx: KindContext = {
    organisationId: opts.organisationId, mapping: state.mapping, decimal: source.decimal, file: fileName, header, allowedBuildings, nowMs: opts.nowMs ?? Date.now(),
    columnOf: new Map([...resolved.values()].map((r) => [r.key, r.column])), settings: parseOrganisationSettings(undefined),
  };

  const client = await pool.connect();
  let open = false;
  try {
    await client.query('BEGIN');
    open = true;
    const readStart = performance.now();
    const { rows: pidRows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await updateJobProgress(pool, jobId, { pid: pidRows[0].pid, phase: 'reading' });

    // validate → write, as the file is read. Direct path: no stage; the rows go into the real table as they are
    // read (the database work is then the naive COPY, overlapped with parsing).
    const direct = tryDirect && file.format !== 'json' ? handler.direct : undefined;
    direct?.enable();
    const writer = await openCopyWriter({ client, stageColumns: handler.stageColumns, direct }, opts.organisationId);
    ctx.settings = await loadOrganisationSettings(client, opts.organisationId);
    await handler.prepare(client, ctx);
    writer.start();
    await validateRows({
      records: source.records, header, resolved, handler, fileName, checkWidth: source.checkWidth, skipInvalid: opts.skipInvalid ?? false,
      issues, writer, tally: state, warnings: state.warnings, checks: state.checks,
    });
    await writer.close();
    const msReadAndStage = Math.round(performance.now() - readStart);
    for (const i of handler.finish?.() ?? []) issues.add(i);
    for (const i of handler.notices?.() ?? []) {
      state.warnings.push(i);
      state.checks[i.code] = (state.checks[i.code] ?? 0) + 1;
    }
    state.checksum = hash.digest('hex');
    state.bytesDone = Math.max(state.bytesDone, file.format === 'json' ? state.bytesDone : size);
    progress('merging', true);

    if (state.rowsTotal === 0) throw fileRejection(fileName, 'header_only');
    const fileLevel = issues.items.some((i) => i.line === 0);
    if (fileLevel || (!issues.isEmpty && !opts.skipInvalid)) throw new Rejection([]);

    // merge → derive → re-score
    const counts = await mergeFile(client, { handler, ctx, direct: direct !== undefined });
    // Re-score input: the buildings whose rollups changed (occupancy, after derive) or whose costs or maintenance
    // plan changed (the kind's merge says which).
    let touched = counts.buildingIds ?? [];
    if (counts.readings) {
      const derived = await deriveReadings(client, counts.readings, ctx.settings.timeZone);
      counts.extra = { ...(counts.extra ?? {}), ...derived.extra };
      touched = derived.buildingIds;
    }
    if (counts.readings || touched.length > 0) {
      const rescored = await rescoreTouched(client, { organisationId: opts.organisationId, buildingIds: touched, asOf: new Date() });
      counts.extra = { ...(counts.extra ?? {}), msRescore: Math.round(rescored.ms) };
    }
    if (!opts.dryRun && opts.beforeCommit) await opts.beforeCommit(client, { jobId, counts, rowsTotal: state.rowsTotal });
    const commitStart = performance.now();
    await client.query(opts.dryRun ? 'ROLLBACK' : 'COMMIT');
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

/** sha256 of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
