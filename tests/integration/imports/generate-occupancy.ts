// Writes a large occupancy CSV the way a Danish portal exports it (`;`, dd-mm-yyyy hh:mm local time, decimal
// comma), streaming so the generator itself stays small. Used by the kill test and the memory measurement:
//   npx tsx tests/integration/imports/generate-occupancy.ts <file> <rows> [sensors=200] [prefix=G]
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { DateTime } from 'luxon';

/** Writes `rows` readings for `sensors` sensors at 15-minute steps from 1 Jan 2025 (UTC instants, local labels). */
export async function generateOccupancyCsv(file: string, rows: number, sensors = 200, prefix = 'G'): Promise<number> {
  const out = createWriteStream(file);
  let buf = 'Tidspunkt;Sensor;Antal\n';
  const start = Date.UTC(2025, 0, 1);
  let written = 0;
  for (let step = 0; written < rows; step++) {
    const ms = start + step * 15 * 60_000;
    // Offset timestamps where local time repeats (October), local labels elsewhere.
    const dt = DateTime.fromMillis(ms, { zone: 'Europe/Copenhagen' });
    const label = dt.toFormat('dd-MM-yyyy HH:mm');
    const ambiguous = DateTime.fromFormat(label, 'dd-MM-yyyy HH:mm', { zone: 'Europe/Copenhagen' }).toMillis() !== ms;
    const ts = ambiguous ? dt.toISO({ suppressMilliseconds: true })! : label;
    for (let s = 1; s <= sensors && written < rows; s++, written++) {
      const v = ((step * 7 + s * 13) % 23) / 2;
      buf += `${ts};${prefix}-${s};${String(v).replace('.', ',')}\n`;
    }
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  return written;
}

if (process.argv[1]?.endsWith('generate-occupancy.ts')) {
  const [file, rows, sensors, prefix] = process.argv.slice(2);
  generateOccupancyCsv(file, Number(rows), sensors ? Number(sensors) : undefined, prefix).then((n) => console.log(`${n} rows → ${file}`));
}
