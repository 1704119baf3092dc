// dd-mm or mm-dd? Part of the read stage for occupancy CSV files, which read the timestamp column once ahead.
import { OCCUPANCY_FIELDS } from '../kinds/occupancy/fields';
import { resolveColumns, type ColumnMapping } from '../mapping';
import type { CsvSettings } from '../detect/detect';
import { dateOrderEvidence, type DateOrder } from '../validate/timestamps';
import { csvRecords } from './csv-source';

/**
 * Decides dd-mm vs mm-dd for dash/slash dates by reading the timestamp column until one date settles it
 * (a first part above 12 → day first; a second part above 12 → month first). Stops early on ISO files.
 * Returns 'ambiguous' when dates of the file read both ways (the import then assumes dd-mm-yyyy and warns),
 * undefined when the column holds no dash/slash dates.
 */
export async function scanDateOrder(path: string, settings: CsvSettings, header: string[], mapping: ColumnMapping): Promise<DateOrder | 'ambiguous' | undefined> {
  const { resolved } = resolveColumns(header, OCCUPANCY_FIELDS, mapping);
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
