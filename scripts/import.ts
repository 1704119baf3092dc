// Import a file through the same pipeline as the upload page.
//   npx tsx scripts/import.ts <registry|footprints|occupancy|costs|maintenance|forecast|planning_areas> <file> [options]
// Options:
//   --dry-run                 validate and merge, then roll back (nothing is written except the job record)
//   --json                    print the result as JSON (accepted, duplicates, rejected, …)
//   --org <slug>              organisation (default: $AREAL_DEFAULT_ORG or "demo")
//   --delimiter <; | , | tab> --encoding <utf8|utf16le|utf16be|win1252> --decimal <, | .> --no-header --index-column
//   --sheet <name>   (an .xlsx workbook: the sheet to read; default the first)
//   --date-format <dd-mm-yyyy|mm-dd-yyyy>
//   --map field=column        map a field to a column (repeatable); --set field=value for a constant
//   --mapping <name>          use a saved mapping; --save-mapping <name> saves this run's mapping
//   --value-kind <count|presence|fraction> --building <registry id or name> --interval <minutes>
//   --srid <25832|4326> --area-unit <m2|sqft> --join-by <id|point> --skip-invalid --lang <da|en>
//   --queue                   copy the file into the managed upload folder and queue it for the worker
//                             (npm run worker); prints the job id and exits 0 at once (--wait: until it is done)
// Exit 0 when the file landed (or would, with --dry-run); 1 when it was rejected (errors on stderr as
// file:line:column: message, database unchanged); 2 on a usage error or failure.
import { createReadStream } from 'node:fs';
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

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npx tsx scripts/import.ts <${IMPORT_KINDS.join('|')}> <file> [--dry-run] [--json] [--org slug] …\n`);
  process.exit(2);
}

const argv = process.argv.slice(2);
const positional: string[] = [];
const flags = new Map<string, string[]>();
const BOOL = new Set(['dry-run', 'json', 'no-header', 'index-column', 'skip-invalid', 'help', 'queue', 'wait']);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (!a.startsWith('--')) {
    positional.push(a);
    continue;
  }
  const eq = a.indexOf('=');
  const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
  let value = eq > 0 ? a.slice(eq + 1) : 'true';
  if (eq < 0 && !BOOL.has(name)) {
    if (i + 1 >= argv.length) usage(`--${name} needs a value`);
    value = argv[++i];
  }
  flags.set(name, [...(flags.get(name) ?? []), value]);
}
const flag = (n: string) => flags.get(n)?.at(-1);
if (flags.has('help')) usage('');
const [kind, file] = positional;
if (!IMPORT_KINDS.includes(kind as ImportKind)) usage(`unknown kind "${kind ?? ''}"`);
if (!file) usage('missing <file>');

function settingsFromFlags(): Partial<CsvSettings> {
  const s: Partial<CsvSettings> = {};
  const d = flag('delimiter');
  if (d) s.delimiter = d === 'tab' || d === '\\t' ? '\t' : d === ';' || d === ',' ? d : usage(`--delimiter must be ; , or tab`);
  const e = flag('encoding');
  if (e) {
    s.encoding = /1252|win|latin|ansi/i.test(e) ? 'windows-1252' : /utf-?16-?be/i.test(e) ? 'utf-16be' : /utf-?16/i.test(e) ? 'utf-16le' : /utf/i.test(e) ? 'utf-8' : usage('--encoding must be utf8, utf16le, utf16be or win1252');
  }
  const dec = flag('decimal');
  if (dec) s.decimal = dec === ',' ? ',' : dec === '.' ? '.' : usage('--decimal must be , or .');
  if (flags.has('no-header')) s.header = false;
  if (flags.has('index-column')) s.leadingIndexColumn = true;
  const sheet = flag('sheet');
  if (sheet) s.sheet = sheet;
  return s;
}

function mappingFromFlags(base: ColumnMapping | null): ColumnMapping {
  const m: Record<string, unknown> = { ...(base ?? {}) };
  const columns = { ...(base?.columns ?? {}) };
  const constants = { ...(base?.constants ?? {}) };
  for (const pair of flags.get('map') ?? []) {
    const [k, ...v] = pair.split('=');
    if (!k || v.length === 0) usage(`--map needs field=column, got "${pair}"`);
    columns[k] = v.join('=');
  }
  for (const pair of flags.get('set') ?? []) {
    const [k, ...v] = pair.split('=');
    if (!k || v.length === 0) usage(`--set needs field=value, got "${pair}"`);
    constants[k] = v.join('=');
  }
  m.columns = columns;
  m.constants = constants;
  const df = flag('date-format');
  if (df) m.dateOrder = /^(dd|d)[-/.]?mm/i.test(df) || df === 'dmy' ? 'dmy' : /^mm/i.test(df) || df === 'mdy' ? 'mdy' : usage('--date-format must be dd-mm-yyyy or mm-dd-yyyy');
  if (flag('value-kind')) m.valueKind = flag('value-kind');
  if (flag('building')) m.building = flag('building');
  if (flag('interval')) m.intervalMinutes = Number(flag('interval'));
  if (flag('srid')) m.srid = Number(flag('srid'));
  if (flag('area-unit')) m.areaUnit = flag('area-unit');
  if (flag('join-by')) m.joinBy = flag('join-by');
  const parsed = mappingSchema.safeParse(m);
  if (!parsed.success) usage(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

async function main(): Promise<number> {
  const pool = getPool();
  try {
    const slug = flag('org') ?? runtimeEnv().AREAL_DEFAULT_ORG;
    const { rows } = await pool.query<{ id: string }>('SELECT id FROM organisation WHERE slug = $1', [slug]);
    if (!rows[0]) usage(`organisation "${slug}" not found`);
    const organisationId = rows[0].id;
    let base: ColumnMapping | null = null;
    const mappingName = flag('mapping');
    if (mappingName) {
      const saved = await loadMapping(pool, organisationId, mappingName);
      if (!saved) usage(`saved mapping "${mappingName}" not found`);
      base = saved.mapping;
    }
    const mapping = mappingFromFlags(base);
    if (flags.has('queue')) return await queueImport(pool, organisationId, mapping);
    const result = await runImport({
      kind: kind as ImportKind,
      path: file,
      fileName: file,
      organisationId,
      source: 'cli',
      dryRun: flags.has('dry-run'),
      skipInvalid: flags.has('skip-invalid'),
      mapping,
      settings: settingsFromFlags(),
      pool,
    });
    const lang = flag('lang') === 'da' ? 'da' : 'en';
    for (const issue of result.issues) process.stderr.write(`${formatIssue(issue, lang)}\n`);
    const save = flag('save-mapping');
    if (save && result.status === 'succeeded') await saveMapping(pool, organisationId, { name: save, kind: kind as ImportKind, mapping: result.mapping });
    if (flags.has('json')) {
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
      organisationId, userId: null, buildingIds: null, upload, kind: kind as ImportKind, mapping, settings: settingsFromFlags(), dryRun: flags.has('dry-run'),
      skipInvalid: flags.has('skip-invalid'), saveMappingAs: flag('save-mapping') ?? null, source: 'cli',
    });
    process.stderr.write(`${file}: queued as import job ${jobId} (${upload.size} bytes, sha256 ${upload.sha256})\n`);
    if (!flags.has('wait')) {
      if (flags.has('json')) process.stdout.write(`${JSON.stringify({ jobId, status: 'queued' })}\n`);
      return 0;
    }
    for (;;) {
      const job = await getJob(pool, organisationId, jobId);
      if (job && job.status !== 'running') {
        if (flags.has('json')) process.stdout.write(`${JSON.stringify({ jobId, status: job.status, rowsTotal: job.rowsTotal, accepted: job.accepted, duplicates: job.duplicates, rejected: job.rejected, attempts: job.attempts })}\n`);
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
