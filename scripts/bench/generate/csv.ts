// Occupancy CSV files for import benchmarks, as sensor portals export them: semicolon-separated, rows in
// time order (every sensor's reading for 08:00, then 08:15, …), timestamps either ISO 8601 with the local
// offset or Danish `dd-mm-yyyy hh:mm` local time with decimal commas. Optionally the same rows, already
// normalised (sensor uuid, UTC instant, value), as a COPY text file — the `psql \copy` baseline.
import type { GeneratedSensor } from './portfolio';
import { fileWriter } from './copy';
import { readingValue } from './portfolio';
import type { Steps } from './time';

export type CsvTimeFormat = 'iso' | 'danish';

export interface CsvOptions {
  path: string;
  /** Also write the normalised rows here (tab-separated COPY text: sensor_id, ts, value). */
  normalisedPath?: string;
  sensors: GeneratedSensor[];
  steps: Steps;
  format: CsvTimeFormat;
  gapRate?: number;
  header?: string;
}

/** Writes the CSV (and the normalised twin) in one streaming pass; returns the number of data rows. */
export async function writeOccupancyCsv(opts: CsvOptions): Promise<number> {
  const out = fileWriter(opts.path);
  const norm = opts.normalisedPath ? fileWriter(opts.normalisedPath) : null;
  const gapRate = opts.gapRate ?? 0;
  await out.line(opts.header ?? 'timestamp;sensor_id;count');
  const times = opts.format === 'iso' ? opts.steps.isoLocal : opts.steps.danish;
  const danish = opts.format === 'danish';
  for (let i = 0; i < opts.steps.count; i++) {
    const t = times[i];
    for (let si = 0; si < opts.sensors.length; si++) {
      const s = opts.sensors[si];
      const v = readingValue(s, si, opts.steps, i, gapRate);
      if (v === null) continue;
      const text = danish ? String(v).replace('.', ',') : String(v);
      let full = out.push(`${t};${s.externalId};${text}`);
      if (norm) full = norm.push(`${s.id}\t${opts.steps.isoUtc[i]}\t${v}`) || full;
      if (full) {
        await out.flush();
        if (norm) await norm.flush();
      }
    }
  }
  await out.end();
  if (norm) await norm.end();
  return out.rows - 1;
}
