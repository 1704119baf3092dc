// Every bound on what one request, upload or import may cost — bytes, rows, columns, record length, distinct
// values that cost work, time and concurrency — in one place, each with the reason for its number.
// docs/security.md § Bounds lists them with the threat each answers and the test that proves it.
// Rate-limit rules (token buckets) live beside their limiter in lib/auth/rate-limit.ts.

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

// ---- database connections ----------------------------------------------------------------------------------

/**
 * Connections of the process-wide pg pool (lib/db/pool.ts), which the Prisma client shares through its adapter:
 * the one bound on what a web process holds open. Ten carry the load test's 50 connections (p95 ~100 ms,
 * docs/performance.md) and leave room in a default max_connections = 100 for the worker, scripts and backups.
 */
export const DB_POOL_MAX = 10;
/**
 * How long a Prisma transaction may wait for a connection, and run. Prisma's defaults (2 s, 5 s) would fail a
 * scenario save on a busy machine where the pg transactions it replaced simply waited; these are generous bounds
 * for units of a few statements (a scenario with 500 actions writes in well under a second).
 */
export const DB_TRANSACTION_MAX_WAIT_MS = 30_000;
export const DB_TRANSACTION_TIMEOUT_MS = 60_000;

// ---- request bodies ----------------------------------------------------------------------------------------

/** JSON bodies of API routes (withAuth): the largest real one (a scenario with 500 actions) is ~100 KB. */
export const JSON_BODY_MAX_BYTES = 1 * MiB;
/** One ingest batch: 50,000 readings of ~80 bytes of JSON each fit; bigger batches are split by the sender. */
export const INGEST_MAX_BYTES = 5 * 1000 * 1000;
/** Readings in one ingest batch (it is validated and merged in one transaction). */
export const INGEST_MAX_READINGS = 50_000;
/**
 * Batches with more readings than this are stored and queued as an import job (202 with the job id) instead of
 * being imported inside the request: a 50,000-reading batch holds a web process for seconds; a typical platform
 * push (one uplink, a few hundred readings) still answers with its result at once.
 */
export const INGEST_QUEUE_ABOVE_READINGS = 5_000;

// ---- uploads -----------------------------------------------------------------------------------------------

/** One uploaded file: ten years of 15-minute readings for a large municipality's sensors is ~1.5 GB of CSV. */
export const UPLOAD_MAX_BYTES = 2 * GiB;
/** Bytes one organisation may keep in managed uploads at once (two of the largest files, and some room). */
export const UPLOAD_QUOTA_BYTES_PER_ORGANISATION = 5 * GiB;
/** Uploads older than this are deleted (they only wait for preview, dry run and confirmation). */
export const UPLOAD_KEEP_MS = 24 * 3600_000;

// ---- import files ------------------------------------------------------------------------------------------

/** JSON / GeoJSON files (registry extracts, footprints): a whole country's BBR buildings is ~200 MB. */
export const JSON_FILE_MAX_BYTES = 256 * MiB;
/**
 * Scalar values in one JSON record (a feature: its properties and every coordinate). A record is assembled in
 * memory before it is checked; 200,000 values (~100,000 vertices) is far beyond any building footprint.
 */
export const JSON_RECORD_MAX_VALUES = 200_000;
/** Nesting depth of a JSON document (a GeoJSON MultiPolygon is 6 deep inside its feature). */
export const JSON_MAX_DEPTH = 32;
/**
 * Characters of one CSV record. Real rows are well under 1 KB (a registry row with a WKT point ~400 B); the
 * parser re-reads an unfinished record on every chunk, so an unterminated quote would make reading quadratic.
 */
export const CSV_RECORD_MAX_CHARS = 1 * MiB;
/** Columns of an import file's header (the widest real file, a BBR extract, has ~100). */
export const IMPORT_MAX_COLUMNS = 500;
/** Issues kept per import (the rest are counted); the error report lists at most these. */
export const IMPORT_MAX_ISSUES_KEPT = 1000;
/** Sensors one occupancy file may create (each one is a row and per-sensor state while reading). */
export const IMPORT_MAX_NEW_SENSORS = 20_000;
/**
 * Old-generation heap (MB) of the thread that reads an .xlsx workbook (lib/imports/read/xlsx-source.ts). The XML
 * parser's per-cell garbage is collected there, in this small heap, instead of in the importing thread's default
 * one; a workbook whose shared strings table does not fit is refused with a message (save it as CSV). An import's
 * reader ends before the import reads its rows (XLSX_SPOOL_MAX_BYTES), so the two heaps are not needed at once.
 */
export const XLSX_READER_HEAP_MB = 64;
/**
 * Young-generation heap (MB) of that thread: the reader's per-cell garbage dies young, and a small young generation
 * collected often kept a 1 M-row read's thread at ~15 MB over the importing process instead of ~35 MB, at the same
 * speed (docs/imports.md § Big files).
 */
export const XLSX_READER_YOUNG_MB = 8;
/**
 * Workbooks from this size on are read in that thread; smaller ones in the caller's (starting a thread and loading
 * the reader in it costs ~0.5 s at load average 3.5 — unzipper's modules ~250 ms of it, exceljs' took ~700 ms; a
 * 1 MiB workbook holds ~50,000 rows, whose garbage the default heap absorbs).
 */
export const XLSX_THREAD_MIN_BYTES = 1 * MiB;
/**
 * Text a workbook's sheet may expand to while an import reads it: the reader thread writes the rows to a temporary
 * file first (lib/imports/read/xlsx-source.ts) and stops with a message beyond this. Twice the largest upload: a
 * zipped sheet expands several times, but an upload cannot make the server write without limit.
 */
export const XLSX_SPOOL_MAX_BYTES = 2 * UPLOAD_MAX_BYTES;
/** Rows shown by the upload preview. */
export const PREVIEW_ROWS = 20;

// ---- readings plausibility window (organisation settings may narrow it, never widen it) ---------------------

/** No occupancy sensor data before this instant: older timestamps are typing or export errors (1970 = epoch 0). */
export const READINGS_EARLIEST_MS = Date.UTC(2000, 0, 1);
/** Default allowance for readings in the future (sensor clocks a little ahead, time zones misread). */
export const READINGS_DEFAULT_MAX_FUTURE_HOURS = 24;
/** Largest future allowance an organisation may configure. */
export const READINGS_MAX_FUTURE_HOURS = 7 * 24;
/**
 * Partitions of occupancy_reading may exist only for months from READINGS_EARLIEST_MS up to this many months
 * after the current one (maintenance creates 3 ahead). Each partition is a table: a reading dated 9999 must not
 * create ~10⁵ of them.
 */
export const PARTITIONS_MAX_MONTHS_AHEAD = 12;

// ---- distinct values that cost work ------------------------------------------------------------------------

/** Zone-rule years kept (each costs ~80 ms to compute); the plausibility window spans ~27 years today, and files are
 * read in time order, so a year evicted is rarely asked for again. */
export const ZONE_RULES_CACHE_YEARS = 32;
/** Local wall-clock hours whose zone offsets are kept (a year of hours is 8,760). */
export const ZONE_HOUR_CACHE_ENTRIES = 50_000;

// ---- time and concurrency ----------------------------------------------------------------------------------

/** Optimiser runs at once (each a HiGHS worker thread using a core for up to its time limit). */
export const OPTIMISER_MAX_CONCURRENT = 2;
/** Optimiser runs waiting for a worker; beyond it the run answers `busy` at once. */
export const OPTIMISER_MAX_QUEUED = 4;
/** Longest time limit a caller may give the solver (lib/scenarios/api.ts; default 30 s). */
export const OPTIMISER_MAX_TIME_LIMIT_SECONDS = 120;
/** PDF briefs rendered at once (each is a headless Chromium, ~150 MB and a CPU core). */
export const PDF_MAX_CONCURRENT = 1;
/** PDF requests waiting for a renderer; beyond it the answer is 503 with Retry-After. */
export const PDF_MAX_QUEUED = 3;
/** One PDF rendering, page load included. */
export const PDF_RENDER_TIMEOUT_MS = 30_000;
/** How long the PDF request waits for its render job; past it the answer is 202 with the job to poll. */
export const PDF_WAIT_MS = (PDF_MAX_QUEUED + 1) * PDF_RENDER_TIMEOUT_MS;
/** Seconds a refused PDF request is told to wait (Retry-After): about one rendering. */
export const PDF_RETRY_AFTER_SECONDS = 5;
/** PDF briefs per user (token bucket, lib/auth/rate-limit.ts): 4 at once, then one every 15 s. */
export const PDF_PER_USER = { capacity: 4, refillPerSecond: 1 / 15 };

// ---- sessions ----------------------------------------------------------------------------------------------

/**
 * A session's absolute lifetime from sign-in, however often it is refreshed (8 h idle expiry, refreshed hourly in
 * use): 12 h covers the longest working day; a stolen cookie works for at most this long (lib/auth/session.ts).
 */
export const SESSION_ABSOLUTE_MAX_SECONDS = 12 * 60 * 60;
