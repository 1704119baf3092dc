// Import a file through the same pipeline as the upload page.
//   npx tsx scripts/import.ts <registry|footprints|occupancy|costs|maintenance|forecast> <file> [options]
// Options: see USAGE below (--help prints it; node:util parseArgs, an unknown flag is a usage error).
// Exit 0 when the file landed (or would, with --dry-run); 1 when it was rejected (errors on stderr as
// file:line:column: message, database unchanged); 2 on a usage error or failure.
import { createReadStream } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import path from 'node:path';
import { Readable } from 'node:stream';
import { runtimeEnv } from '@/lib/config/env';
import { getPool } from '@/lib/db/pool';
import { startBoss } from '@/lib/jobs/boss';
import { enqueueImport } from '@/lib/jobs/enqueue-import';
import { getJob } from '@/lib/imports/job';
import { saveUpload } from '@/lib/imports/uploads';
import { formatIssue } from '@/lib/imports/issues';
import { IMPORT_KINDS, mappingSchema, type ColumnMapping, type ImportKind } from '@/lib/imports/mapping';
import { runImport } from '@/lib/imports/run-import';
import { loadMapping, saveMapping } from '@/lib/imports/saved-mappings';
import type { CsvSettings } from '@/lib/imports/detect/detect';

const USAGE = `usage: npx tsx scripts/import.ts <${IMPORT_KINDS.join('|')}> <file> [options]
  --dry-run                 validate and merge, then roll back (nothing is written except the job record)
  --json                    print the result as JSON (accepted, duplicates, rejected, …)
  --org <slug>              organisation (default: $AREAL_DEFAULT_ORG or "demo")
  --delimiter <; | , | tab> --encoding <utf8|utf16le|utf16be|win1252> --decimal <, | .> --no-header --index-column
  --sheet <name>            an .xlsx workbook: the sheet to read (default the first)
  --date-format <dd-mm-yyyy|mm-dd-yyyy>
  --map field=column        map a field to a column (repeatable); --set field=value for a constant (repeatable)
  --mapping <name>          use a saved mapping; --save-mapping <name> saves this run's mapping
  --value-kind <count|presence|fraction> --building <registry id or name> --interval <minutes>
  --srid <25832|4326> --area-unit <m2|sqft> --join-by <id|point> --skip-invalid --lang <da|en>
  --queue                   queue the file for the worker and exit at once (--wait: until it is done)
  --help                    this text`;

function usage(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

const FLAGS = {
  'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, 'no-header': { type: 'boolean' }, 'index-column': { type: 'boolean' },
  'skip-invalid': { type: 'boolean' }, queue: { type: 'boolean' }, wait: { type: 'boolean' }, help: { type: 'boolean' },
  org: { type: 'string' }, delimiter: { type: 'string' }, encoding: { type: 'string' }, decimal: { type: 'string' }, sheet: { type: 'string' },
  'date-format': { type: 'string' }, map: { type: 'string', multiple: true }, set: { type: 'string', multiple: true },
  mapping: { type: 'string' }, 'save-mapping': { type: 'string' }, 'value-kind': { type: 'string' }, building: { type: 'string' },
  interval: { type: 'string' }, srid: { type: 'string' }, 'area-unit': { type: 'string' }, 'join-by': { type: 'string' }, lang: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

function parseCommandLine() {
  try {
    return parseArgs({ options: FLAGS, allowPositionals: true });
  } catch (error) {
    // An unknown flag, or one without its value: node's message names it.
    return usage((error as Error).message);
  }
}

const { values: flags, positionals } = parseCommandLine();
if (flags.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const [kind, file, ...extra] = positionals;
if (!IMPORT_KINDS.includes(kind as ImportKind)) usage(`unknown kind "${kind ?? ''}"`);
if (!file) usage('missing <file>');
if (extra.length > 0) usage(`unexpected argument "${extra[0]}"`);

function settingsFromFlags(): Partial<CsvSettings> {
  const s: Partial<CsvSettings> = {};
  const d = flags.delimiter;
  if (d) s.delimiter = d === 'tab' || d === '\\t' ? '\t' : d === ';' || d === ',' ? d : usage(`--delimiter must be ; , or tab`);
  const e = flags.encoding;
  if (e) {
    s.encoding = /1252|win|latin|ansi/i.test(e) ? 'windows-1252' : /utf-?16-?be/i.test(e) ? 'utf-16be' : /utf-?16/i.test(e) ? 'utf-16le' : /utf/i.test(e) ? 'utf-8' : usage('--encoding must be utf8, utf16le, utf16be or win1252');
  }
  const dec = flags.decimal;
  if (dec) s.decimal = dec === ',' ? ',' : dec === '.' ? '.' : usage('--decimal must be , or .');
  if (flags['no-header']) s.header = false;
  if (flags['index-column']) s.leadingIndexColumn = true;
  const sheet = flags.sheet;
  if (sheet) s.sheet = sheet;
  return s;
}

function mappingFromFlags(base: ColumnMapping | null): ColumnMapping {
  const m: Record<string, unknown> = { ...(base ?? {}) };
  const columns = { ...(base?.columns ?? {}) };
  const constants = { ...(base?.constants ?? {}) };
  for (const pair of flags.map ?? []) {
    const [k, ...v] = pair.split('=');
    if (!k || v.length === 0) usage(`--map needs field=column, got "${pair}"`);
    columns[k] = v.join('=');
  }
  for (const pair of flags.set ?? []) {
    const [k, ...v] = pair.split('=');
    if (!k || v.length === 0) usage(`--set needs field=value, got "${pair}"`);
    constants[k] = v.join('=');
  }
  m.columns = columns;
  m.constants = constants;
  const df = flags['date-format'];
  if (df) m.dateOrder = /^(dd|d)[-/.]?mm/i.test(df) || df === 'dmy' ? 'dmy' : /^mm/i.test(df) || df === 'mdy' ? 'mdy' : usage('--date-format must be dd-mm-yyyy or mm-dd-yyyy');
  if (flags['value-kind']) m.valueKind = flags['value-kind'];
  if (flags.building) m.building = flags.building;
  if (flags.interval) m.intervalMinutes = Number(flags.interval);
  if (flags.srid) m.srid = Number(flags.srid);
  if (flags['area-unit']) m.areaUnit = flags['area-unit'];
  if (flags['join-by']) m.joinBy = flags['join-by'];
  const parsed = mappingSchema.safeParse(m);
  if (!parsed.success) usage(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

async function main(): Promise<number> {
  const pool = getPool();
  try {
    const slug = flags.org ?? runtimeEnv().AREAL_DEFAULT_ORG;
    const { rows } = await pool.query<{ id: string }>('SELECT id FROM organisation WHERE slug = $1', [slug]);
    if (!rows[0]) usage(`organisation "${slug}" not found`);
    const organisationId = rows[0].id;
    let base: ColumnMapping | null = null;
    const mappingName = flags.mapping;
    if (mappingName) {
      const saved = await loadMapping(pool, organisationId, mappingName);
      if (!saved) usage(`saved mapping "${mappingName}" not found`);
      base = saved.mapping;
    }
    const mapping = mappingFromFlags(base);
    if (flags.queue) return await queueImport(pool, organisationId, mapping);
    const result = await runImport({
      kind: kind as ImportKind,
      path: file,
      fileName: file,
      organisationId,
      source: 'cli',
      dryRun: flags['dry-run'] ?? false,
      skipInvalid: flags['skip-invalid'] ?? false,
      mapping,
      settings: settingsFromFlags(),
      pool,
    });
    const lang = flags.lang === 'da' ? 'da' : 'en';
    for (const issue of result.issues) process.stderr.write(`${formatIssue(issue, lang)}\n`);
    const save = flags['save-mapping'];
    if (save && result.status === 'succeeded') await saveMapping(pool, organisationId, { name: save, kind: kind as ImportKind, mapping: result.mapping });
    if (flags.json) {
      const { issues, ...rest } = result;
      process.stdout.write(`${JSON.stringify({ ...rest, issues: issues.length })}\n`);
    } else {
      const verb = result.status === 'succeeded' ? (result.dryRun ? 'would land (dry run)' : 'landed') : result.status;
      process.stdout.write(
        `${file}: ${verb} — ${result.rowsTotal} rows: ${result.accepted} accepted (${result.inserted} new, ${result.updated} updated), ` +
          `${result.duplicates} duplicates, ${result.rejected} rejected (job ${result.jobId}, ${result.durationMs} ms)\n`,
      );
    }
    return result.status === 'succeeded' ? 0 : 1;
  } finally {
    await pool.end();
  }
}

/** --queue: the file is stored like an upload (with its SHA-256) and imported by the worker. */
async function queueImport(pool: ReturnType<typeof getPool>, organisationId: string, mapping: ColumnMapping): Promise<number> {
  const upload = await saveUpload(organisationId, path.basename(file), Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>);
  const boss = await startBoss({ pool, role: 'web' });
  try {
    const jobId = await enqueueImport(pool, boss, {
      organisationId, userId: null, buildingIds: null, upload, kind: kind as ImportKind, mapping, settings: settingsFromFlags(), dryRun: flags['dry-run'] ?? false,
      skipInvalid: flags['skip-invalid'] ?? false, saveMappingAs: flags['save-mapping'] ?? null, source: 'cli',
    });
    process.stderr.write(`${file}: queued as import job ${jobId} (${upload.size} bytes, sha256 ${upload.sha256})\n`);
    if (!flags.wait) {
      if (flags.json) process.stdout.write(`${JSON.stringify({ jobId, status: 'queued' })}\n`);
      return 0;
    }
    for (;;) {
      const job = await getJob(pool, organisationId, jobId);
      if (job && job.status !== 'running') {
        if (flags.json) process.stdout.write(`${JSON.stringify({ jobId, status: job.status, rowsTotal: job.rowsTotal, accepted: job.accepted, duplicates: job.duplicates, rejected: job.rejected, attempts: job.attempts })}\n`);
        else process.stdout.write(`${file}: ${job.status} — ${job.rowsTotal} rows: ${job.accepted} accepted, ${job.rejected} rejected (job ${jobId}, ${job.attempts} attempt(s))\n`);
        return job.status === 'succeeded' ? 0 : 1;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    await boss.stop({ graceful: false, close: false });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`import failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
